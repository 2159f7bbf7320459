package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
)

// unlockScreen asks for the passphrase of an existing vault.
type unlockScreen struct {
	input   textinput.Model
	message string
	failed  string
}

func newUnlockScreen(m *Model) *unlockScreen {
	in := textinput.New()
	in.Prompt = "Passphrase: "
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = 1024
	in.SetWidth(50)
	return &unlockScreen{input: in}
}

func (u *unlockScreen) focus() tea.Cmd { return u.input.Focus() }

func (u *unlockScreen) reset() {
	u.input.Reset()
	u.failed = ""
}

func (u *unlockScreen) fail(err error) {
	u.input.Reset()
	switch errs.KindOf(err) {
	case errs.Unlock:
		u.failed = "That passphrase does not open this vault. Check it and try again."
	case errs.Busy:
		u.failed = "phr is already open for this record in another window: close it there first."
	default:
		u.failed = err.Error()
	}
}

func (u *unlockScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Submit) {
		pass := []byte(u.input.Value())
		if len(pass) == 0 {
			return nil
		}
		u.input.Reset()
		u.failed = ""
		m.busy = "Opening your record…"
		ctx, cfg := m.ctx, m.opts.Config
		return func() tea.Msg {
			s, err := app.Open(ctx, cfg, app.Unlock{Passphrase: pass, NoKeyring: true}, app.ReadWrite)
			clear(pass)
			return unlockedMsg{s: s, err: err}
		}
	}
	var cmd tea.Cmd
	u.input, cmd = u.input.Update(msg)
	return cmd
}

func (u *unlockScreen) View(m *Model, w, h int) string {
	var b strings.Builder
	b.WriteString(m.st.Subtitle.Render("Your record is locked.") + "\n\n")
	if u.message != "" {
		b.WriteString(m.st.Muted.Render(u.message) + "\n\n")
	} else {
		b.WriteString(m.st.Muted.Render("Type your passphrase to open it.") + "\n\n")
	}
	b.WriteString(u.input.View() + "\n")
	if u.failed != "" {
		b.WriteString("\n" + m.st.Error.Render("✗ "+u.failed) + "\n")
	}
	if m.failure != "" && u.failed == "" {
		b.WriteString("\n" + m.st.Error.Render("✗ "+m.failure) + "\n")
	}
	return b.String()
}

func (u *unlockScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{withHelp(k.Submit, "unlock")}
}

func (u *unlockScreen) Title() string { return "Unlock" }

// withHelp returns a copy of a binding with another description.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
