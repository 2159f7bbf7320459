package confirm

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/styles"
)

// Discard asks before esc throws away what was typed in a form: "Keep
// editing" is focused, and esc keeps editing too. Every form that takes
// typed data (an entry, the profile, a carer, a share) asks with it. Its
// zero value is closed.
type Discard struct{ d *Dialog }

// Open asks, and returns the command that lets the question take keys once
// grace has passed.
func (a *Discard) Open(grace time.Duration) tea.Cmd {
	a.d = New("Keep editing", "Discard")
	return a.d.Arm(grace)
}

// Asking reports whether the question is open.
func (a *Discard) Asking() bool { return a.d != nil }

// Update handles a message while the question is open. It reports true
// once the person chose to discard; "Keep editing" or esc closes the
// question.
func (a *Discard) Update(k *keys.KeyMap, msg tea.Msg) (discard bool) {
	switch a.d.Update(k, msg) {
	case Safe:
		a.d = nil
	case Risky:
		a.d = nil
		return true
	}
	if m, ok := msg.(tea.KeyPressMsg); ok && key.Matches(m, k.Back) {
		a.d = nil
	}
	return false
}

// View renders the question: what would be lost (text, such as "Discard
// what you typed?\n\nNothing of it is saved if you do.") and the buttons.
func (a *Discard) View(st *styles.Styles, w int, text string) string {
	return st.WarnBox.Width(min(w-2, 68)).Render(text + "\n\n" + a.d.Buttons(st))
}

// Keys lists the question's keys.
func (a *Discard) Keys(k *keys.KeyMap) []key.Binding {
	return append(a.d.Keys(k), keys.WithHelp(k.Back, "keep editing"))
}

// DiscardTyped is the question most forms ask.
const DiscardTyped = "Discard what you typed?\n\nNothing of it is saved if you do."
