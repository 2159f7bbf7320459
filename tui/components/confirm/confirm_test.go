package confirm

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/tui/keys"
)

func TestKeysWaitForGraceAndSafeIsFocused(t *testing.T) {
	k := keys.Default()
	d := New("Keep it", "Delete")
	d.YesNo = true
	if arm := d.Arm(Grace); arm == nil {
		t.Fatal("no command to arm the dialog")
	}
	for _, key := range []tea.KeyPressMsg{{Code: 'y', Text: "y"}, {Code: tea.KeyRight}, {Code: tea.KeyEnter}} {
		if r := d.Update(&k, key); r != Undecided {
			t.Fatalf("%v decided %v before the grace period ended", key, r)
		}
	}
	// Another dialog's arm message does not arm this one.
	other := New("a", "b")
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

// TestArmAtOnce: a dialog given no grace (as the interface's tests give it)
// takes keys at once, and a dialog never armed takes none.
func TestArmAtOnce(t *testing.T) {
	k := keys.Default()
	for _, grace := range []time.Duration{0, -1} {
		d := New("Keep it", "Delete")
		if cmd := d.Arm(grace); cmd != nil {
			t.Fatalf("Arm(%v) returned a command", grace)
		}
		if r := d.Update(&k, tea.KeyPressMsg{Code: tea.KeyEnter}); r != Safe {
			t.Fatalf("Arm(%v): enter = %v, want Safe", grace, r)
		}
	}
	d := New("Keep it", "Delete")
	if r := d.Update(&k, tea.KeyPressMsg{Code: tea.KeyEnter}); r != Undecided {
		t.Fatalf("a dialog never armed decided %v", r)
	}
}
