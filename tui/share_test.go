package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/tui/components/confirm"
)

var space = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}

// TestShareWizard goes through the wizard: a carer, a category holding a
// sensitive entry, the warning (leave them out), the review, and the export.
func TestShareWizard(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := filledVault(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, cfg, w, h)
			u.unlock()
			u.press(char('n'))
			u.waitFor("Who is it for?")
			step := func(k tea.KeyPressMsg) { u.press(k); time.Sleep(formStep) }
			step(enter) // the first carer
			step(down)  // Medications
			step(space)
			step(enter)
			step(enter) // no single entries: the whole category
			step(enter) // from
			step(enter) // until
			step(enter) // 7d
			step(enter) // file
			warning := u.waitFor("sensitive:", "Leave them out")
			t.Run("warning", func(t *testing.T) { golden.RequireEqual(t, warning) })
			// After the grace period (components/confirm tests that keys
			// are ignored before it), enter takes the focused safe choice.
			time.Sleep(confirm.Grace + 100*time.Millisecond)
			u.press(enter)
			review := u.waitFor("will be able to read", "Cancel")
			t.Run("review", func(t *testing.T) { golden.RequireEqual(t, review) })
			if strings.Contains(review, "Sertraline") || !strings.Contains(review, "No sensitive entries are included") {
				t.Fatalf("the review does not leave the sensitive entry out:\n%s", review)
			}
			time.Sleep(confirm.Grace + 100*time.Millisecond)
			u.press(tea.KeyPressMsg{Code: tea.KeyRight})
			u.press(enter)
			done := u.waitFor("Shared.")
			// A second share the same day gets a name of its own.
			name := map[int]string{80: "phr-share-2026-11-22.age", 120: "phr-share-2026-11-22-2.age"}[w]
			if !strings.Contains(done, name) {
				t.Fatalf("done screen does not name %s:\n%s", name, done)
			}
		})
	}
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sh, _ := s.Shares(context.Background())
	if len(sh) != 2 || len(sh[0].Sensitive) != 0 || sh[0].File == sh[1].File {
		t.Fatalf("shares history = %+v", sh)
	}
}

// TestShareSingleEntry ticks one entry of a category: only that one leaves.
func TestShareSingleEntry(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := filledVault(t)
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('n'))
	u.waitFor("Who is it for?")
	step := func(k tea.KeyPressMsg) { u.press(k); time.Sleep(formStep) }
	step(enter) // the first carer
	step(down)
	step(down) // Allergies
	step(space)
	step(enter)
	u.waitFor("Only some of them?")
	step(space) // the first allergy only
	step(enter)
	for range 4 { // from, until, expiry, file
		step(enter)
	}
	review := u.waitFor("will be able to read 1 entry", "(allergies 1)")
	if strings.Contains(review, "sensitive:") {
		t.Fatalf("review:\n%s", review)
	}
}
