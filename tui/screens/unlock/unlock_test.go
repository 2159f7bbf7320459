package unlock

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/tui/screen"
)

func TestDescribe(t *testing.T) {
	older := &errs.Error{Kind: errs.Busy, Msg: "record.age is older than the version phr last saw on this computer: run phr restore --keep-current", Err: app.ErrOlderCopy}
	tests := []struct {
		err  error
		want string
	}{
		{errs.New(errs.Unlock, "wrong passphrase"), "does not open this vault"},
		{errs.New(errs.Busy, "held by pid 42"), "already open for this record in another window"},
		{older, "phr restore --keep-current"},
	}
	for _, tt := range tests {
		if got := describe(tt.err); !strings.Contains(got, tt.want) {
			t.Errorf("describe(%v) = %q, want it to say %q", tt.err, got, tt.want)
		}
	}
}

// TestLockedOnlyOnceClosed: a save under way when the person locks still
// finishes, so the screen must not say "Locked" before the previous session
// let go of the vault (internal/e2e's TestInterfaceStopDuringSave reads the
// file once it sees "Locked").
func TestLockedOnlyOnceClosed(t *testing.T) {
	closed := make(chan struct{})
	u := New(Options{Locked: true, Closed: closed})
	if got := u.Title(); got != "Locking…" {
		t.Fatalf("title while the session closes = %q, want Locking…", got)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		msgs := drain(u.Load(screen.Env{}))
		for _, m := range msgs {
			u.Update(screen.Env{}, m)
		}
	}()
	select {
	case <-done:
		t.Fatal("the screen stopped waiting before the session closed")
	default:
	}
	close(closed)
	<-done
	if got := u.Title(); got != "Locked" {
		t.Errorf("title once closed = %q, want Locked", got)
	}
}

// drain runs a command and the commands of the batches it returns.
func drain(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, drain(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}
