package screen

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/clock"
)

// TestCloseKeepsASaveMadeBeforeIt: enter (a save command made) and then at
// once ctrl+l (Close on another goroutine) must not drop the save, whichever
// goroutine Bubble Tea happens to start first.
func TestCloseKeepsASaveMadeBeforeIt(t *testing.T) {
	ctx := context.Background()
	cfg := app.Config{VaultDir: filepath.Join(t.TempDir(), "vault"),
		Clock: clock.Fixed(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)), Keyring: app.NewMemoryKeyring(), ScryptLog2: 10}
	s, err := app.Init(ctx, cfg, []byte("correct-horse-lantern-meadow-violin"))
	if err != nil {
		t.Fatal(err)
	}
	g := NewGate(s)
	ran := make(chan bool, 1)
	save := g.Do(func(s *app.Session) tea.Msg {
		ran <- s != nil
		return nil
	})
	closed := make(chan struct{})
	go func() {
		g.Close()
		close(closed)
	}()
	// Close must wait for the command made before it, even though it starts later.
	time.Sleep(50 * time.Millisecond)
	select {
	case <-closed:
		t.Fatal("Close did not wait for a command made before it")
	default:
	}
	save()
	if !<-ran {
		t.Fatal("the save made before the lock ran without a session")
	}
	<-closed
	// A command made after the close does nothing.
	after := g.Do(func(*app.Session) tea.Msg {
		t.Error("a command made after Close ran")
		return nil
	})
	if msg := after(); msg != nil {
		t.Errorf("a command after Close returned %v", msg)
	}
}

// TestCloseDoesNotWaitForeverForACommandNeverRun: a command made and dropped
// (never handed to Bubble Tea) delays Close by at most the grace.
func TestCloseDoesNotWaitForeverForACommandNeverRun(t *testing.T) {
	g := NewGate(nil)
	_ = g.Do(func(*app.Session) tea.Msg { return nil })
	done := make(chan struct{})
	go func() {
		g.waitStarted(20 * time.Millisecond)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("waitStarted did not give up on a command never run")
	}
}
