// Package confirm is the two-button choice used before anything
// consequential (deleting, sharing, loading a newer record). The safe choice
// is focused, and keys are ignored for a grace period after it opens (Grace
// unless the interface was given another), so a key meant for the screen
// before cannot make the choice.
package confirm

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/styles"
)

// Grace is how long a new dialog ignores keys unless told otherwise.
const Grace = 300 * time.Millisecond

// Result is what a key press decided.
type Result int

// The outcomes of a key press.
const (
	Undecided Result = iota
	Safe
	Risky
)

// Dialog holds the two choices. Its zero value is not usable: call New.
type Dialog struct {
	safe, risky string
	choice      int // 0 is the safe choice
	armed       bool
	// YesNo lets y choose the risky button and n the safe one.
	YesNo bool
}

type armMsg struct{ d *Dialog }

// New opens a dialog with the safe choice focused. It takes no keys until
// armed: run the command of Arm.
func New(safe, risky string) *Dialog {
	return &Dialog{safe: safe, risky: risky}
}

// Arm returns the command that makes the dialog take keys once grace has
// passed. A grace of zero or less arms it at once (the interface's tests,
// which wait for each screen before they press a key) and returns nil.
func (d *Dialog) Arm(grace time.Duration) tea.Cmd {
	if grace <= 0 {
		d.armed = true
		return nil
	}
	if d.armed {
		return nil
	}
	return tea.Tick(grace, func(time.Time) tea.Msg { return armMsg{d} })
}

// Update handles a message and reports a choice once one is made.
func (d *Dialog) Update(k *keys.KeyMap, msg tea.Msg) Result {
	switch msg := msg.(type) {
	case armMsg:
		if msg.d == d {
			d.armed = true
		}
	case tea.KeyPressMsg:
		if !d.armed {
			return Undecided
		}
		switch {
		case key.Matches(msg, k.Left), key.Matches(msg, k.Right), key.Matches(msg, k.Tab):
			d.choice = 1 - d.choice
		case d.YesNo && key.Matches(msg, k.Confirm):
			d.choice = 1
			return Risky
		case d.YesNo && key.Matches(msg, k.Cancel):
			return Safe
		case key.Matches(msg, k.Submit):
			if d.choice == 1 {
				return Risky
			}
			return Safe
		}
	}
	return Undecided
}

// Buttons renders the two choices; the focused one carries "›", not only a
// colour.
func (d *Dialog) Buttons(st *styles.Styles) string {
	a, b := "[ "+d.safe+" ]", "[ "+d.risky+" ]"
	if d.choice == 0 {
		return st.Selected.Render("› "+a) + "   " + "  " + b
	}
	return "  " + a + "   " + st.Warning.Render("› "+b)
}

// Keys lists the dialog's keys for the help.
func (d *Dialog) Keys(k *keys.KeyMap) []key.Binding {
	out := []key.Binding{k.Left, k.Right, keys.WithHelp(k.Submit, "choose")}
	if d.YesNo {
		out = append(out, keys.WithHelp(k.Confirm, d.risky), keys.WithHelp(k.Cancel, d.safe))
	}
	return out
}
