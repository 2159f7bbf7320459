package passpair

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/phrhealth/phr/internal/passphrase"
)

// longEnough is the test's policy: acceptable from 12 characters on, so the
// tests do not depend on the estimator's words.
func longEnough(p []byte) passphrase.Result {
	return passphrase.Result{Acceptable: len(p) >= 12}
}

func typeIn(p *Pair, s string) (changed bool) {
	for _, r := range s {
		if _, c := p.Update(tea.KeyPressMsg{Code: r, Text: string(r)}); c {
			changed = true
		}
	}
	return changed
}

// TestFocusAndConfirmation: the confirmation takes the focus only once the
// passphrase is acceptable; what is typed goes to the field with the
// focus; changing the passphrase empties the confirmation.
func TestFocusAndConfirmation(t *testing.T) {
	for _, tc := range []struct {
		name, pass, confirm string
		canConfirm, matches bool
	}{
		{"weak stays on the passphrase", "short", "", false, false},
		{"acceptable and the same", "lantern-meadow-violin", "lantern-meadow-violin", true, true},
		{"acceptable and different", "lantern-meadow-violin", "lantern-meadow-viola", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := New(longEnough)
			p.Focus()
			if !typeIn(p, tc.pass) || p.Value() != tc.pass {
				t.Fatalf("typing gave %q", p.Value())
			}
			if p.Rating().Acceptable != tc.canConfirm {
				t.Fatalf("rated %v", p.Rating())
			}
			p.Switch()
			if p.OnConfirm() != tc.canConfirm {
				t.Fatalf("tab moved to the confirmation: %v, want %v", p.OnConfirm(), tc.canConfirm)
			}
			if !tc.canConfirm {
				return
			}
			if typeIn(p, tc.confirm) {
				t.Fatal("typing the confirmation changed the passphrase")
			}
			if p.Value() != tc.pass || p.Matches() != tc.matches {
				t.Fatalf("passphrase %q, matches %v", p.Value(), p.Matches())
			}
			p.Switch() // back to the passphrase: an edit empties the confirmation
			if p.OnConfirm() {
				t.Fatal("tab did not come back to the passphrase")
			}
			typeIn(p, "x")
			if p.Matches() || strings.Contains(ansi.Strip(p.ConfirmView()), "•") {
				t.Fatalf("the confirmation was kept after the passphrase changed: %q", p.ConfirmView())
			}
		})
	}
}

// TestGenerateShowClear: ctrl+g's words fill the passphrase until edited;
// both fields show or hide together; Clear forgets everything.
func TestGenerateShowClear(t *testing.T) {
	p := New(longEnough)
	p.Focus()
	if err := p.Generate(); err != nil {
		t.Fatal(err)
	}
	g := p.Generated()
	if g == "" || p.Value() != g || !strings.Contains(g, "-") {
		t.Fatalf("generated %q, value %q", g, p.Value())
	}
	if strings.Contains(p.PassView(), g) {
		t.Fatal("the passphrase shows while hidden")
	}
	p.ToggleShown()
	if !p.Shown() || !strings.Contains(ansi.Strip(p.PassView()), g[:8]) {
		t.Fatalf("ctrl+s does not show it: %q", p.PassView())
	}
	typeIn(p, "z")
	if p.Generated() != "" {
		t.Fatal("an edited suggestion is still called generated")
	}
	p.Clear()
	if !p.Empty() || p.Generated() != "" || p.Rating().Acceptable {
		t.Fatal("Clear left something behind")
	}
}
