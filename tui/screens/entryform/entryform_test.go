package entryform

import (
	"context"
	"errors"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/styles"
)

func testEnv() screen.Env {
	st, km := styles.New(true), keys.Default()
	return screen.Env{Ctx: context.Background(), Keys: &km, Styles: &st, Width: 80, Height: 24}
}

// TestSavedFormSavesOnce: once the save came back, the completed form waits
// to be closed; a message that reaches it first (a stop request, a resize)
// must not start a second save of the same entry.
func TestSavedFormSavesOnce(t *testing.T) {
	env := testEnv()
	f := New(record.Note)
	f.Load(env)
	f.title = "Asked about the inhaler"
	f.form.State = huh.StateCompleted
	f.saving = true
	if cmd := f.Update(env, savedMsg{text: "Added."}); cmd == nil {
		t.Fatal("a saved form does not close")
	}
	for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: 90, Height: 30}, tea.InterruptMsg{}, tea.KeyPressMsg{Code: tea.KeyEnter}} {
		if cmd := f.Update(env, msg); cmd != nil {
			t.Fatalf("%T after the save returned a command (a second save)", msg)
		}
	}
}

// TestFailedSaveCanBeRetried: a failed save keeps the answers and the form
// can be completed and saved again.
func TestFailedSaveCanBeRetried(t *testing.T) {
	env := testEnv()
	f := New(record.Note)
	f.Load(env)
	f.title = "Asked about the inhaler"
	f.saving = true
	f.Update(env, savedMsg{err: errors.New("disk full")})
	if f.saving || f.saved || f.failed == "" {
		t.Fatalf("after a failed save: saving %v saved %v failed %q", f.saving, f.saved, f.failed)
	}
	if f.title != "Asked about the inhaler" {
		t.Fatalf("the answers were lost: %q", f.title)
	}
	f.form.State = huh.StateCompleted
	if cmd := f.Update(env, tea.KeyPressMsg{Code: tea.KeyEnter}); cmd == nil || !f.saving {
		t.Fatal("a completed form after a failure does not save again")
	}
}
