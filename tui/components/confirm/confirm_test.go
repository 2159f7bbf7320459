package confirm

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/tui/keys"
)

func TestKeysWaitForGraceAndSafeIsFocused(t *testing.T) {
	k := keys.Default()
	d, arm := New("Keep it", "Delete")
	d.YesNo = true
	if arm == nil {
		t.Fatal("no command to arm the dialog")
	}
	for _, key := range []tea.KeyPressMsg{{Code: 'y', Text: "y"}, {Code: tea.KeyRight}, {Code: tea.KeyEnter}} {
		if r := d.Update(&k, key); r != Undecided {
			t.Fatalf("%v decided %v before the grace period ended", key, r)
		}
	}
	// Another dialog's arm message does not arm this one.
	other, _ := New("a", "b")
	d.Update(&k, armMsg{other})
	if r := d.Update(&k, tea.KeyPressMsg{Code: tea.KeyEnter}); r != Undecided {
		t.Fatal("armed by another dialog's timer")
	}
	d.Update(&k, armMsg{d})
	if r := d.Update(&k, tea.KeyPressMsg{Code: tea.KeyEnter}); r != Safe {
		t.Fatalf("enter on the focused choice = %v, want Safe", r)
	}
	d.Update(&k, tea.KeyPressMsg{Code: tea.KeyRight})
	if r := d.Update(&k, tea.KeyPressMsg{Code: tea.KeyEnter}); r != Risky {
		t.Fatalf("enter after → = %v, want Risky", r)
	}
	if r := d.Update(&k, tea.KeyPressMsg{Code: 'n', Text: "n"}); r != Safe {
		t.Fatalf("n = %v, want Safe", r)
	}
}
