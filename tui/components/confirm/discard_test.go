package confirm

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/styles"
)

// TestDiscard: "Keep editing" is focused, so enter keeps the form, as does esc;
// only moving to "Discard" and choosing it discards.
func TestDiscard(t *testing.T) {
	k := keys.Default()
	for _, tc := range []struct {
		name    string
		presses []tea.KeyPressMsg
		discard bool
	}{
		{"enter keeps editing", []tea.KeyPressMsg{{Code: tea.KeyEnter}}, false},
		{"esc keeps editing", []tea.KeyPressMsg{{Code: tea.KeyEscape}}, false},
		{"right, enter discards", []tea.KeyPressMsg{{Code: tea.KeyRight}, {Code: tea.KeyEnter}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a Discard
			if a.Asking() {
				t.Fatal("a new Ask is open")
			}
			a.Open(0)
			st := styles.New(true)
			if v := a.View(&st, 80, DiscardTyped); !strings.Contains(v, "› [ Keep editing ]") {
				t.Fatalf("Keep editing is not focused:\n%s", v)
			}
			got := false
			for _, p := range tc.presses {
				got = a.Update(&k, p) || got
			}
			if got != tc.discard || a.Asking() {
				t.Fatalf("discard %v (want %v), still asking %v", got, tc.discard, a.Asking())
			}
		})
	}
}
