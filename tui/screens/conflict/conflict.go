// Package conflict appears when a save was refused because the record
// changed on disk (a sync tool, phr on another computer). It never offers to
// overwrite: the choices are to load the newer record (focused) or to leave
// things as they are for now. The unsaved change is already in a conflict
// file.
package conflict

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the changed-on-disk dialog.
type Model struct {
	detail string
	dialog *confirm.Dialog
}

type reloadedMsg struct{ err error }

// New returns the dialog for the refused save's error.
func New(err error) *Model {
	return &Model{detail: err.Error(), dialog: confirm.New("Load the newer record", "Not now")}
}

// Load starts the dialog's grace period.
func (r *Model) Load(env screen.Env) tea.Cmd { return r.dialog.Arm(env.Grace) }

// Update waits for a choice and reloads.
func (r *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reloadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		return tea.Sequence(func() tea.Msg { return screen.HomeMsg{} },
			screen.Status("Loaded the newer record. Your change that could not be saved is in the conflict file."))
	case tea.KeyPressMsg:
		if key.Matches(msg, env.Keys.Back) {
			return screen.Back
		}
	}
	switch r.dialog.Update(env.Keys, msg) {
	case confirm.Risky: // "Not now"
		return screen.Back
	case confirm.Safe:
		ctx := env.Ctx
		return env.Work("Loading the newer record…", func(s *app.Session) tea.Msg { return reloadedMsg{err: s.Reload(ctx)} })
	}
	return nil
}

// View renders the dialog.
func (r *Model) View(env screen.Env, w, h int) string {
	conflict := ""
	if i := strings.Index(r.detail, "record.conflict-"); i >= 0 {
		// The file's name on a line of its own: wrapped, it would break
		// at its hyphen.
		conflict = " Your change is kept in the vault folder as\n" + strings.Fields(r.detail[i:])[0]
	}
	return env.Styles.WarnBox.Width(min(w-2, 76)).Render("Your record was changed on disk by another program " +
		"(a sync tool, or phr on another computer) while it was open here.\n\n" +
		"phr did not write over it." + conflict + "\n\n" + r.dialog.Buttons(env.Styles))
}

// Keys lists the dialog's keys.
func (r *Model) Keys(env screen.Env) []key.Binding {
	return append(r.dialog.Keys(env.Keys), keys.WithHelp(env.Keys.Back, "not now"))
}

// Title names the screen.
func (r *Model) Title() string { return "Changed on disk" }
