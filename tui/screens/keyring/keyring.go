// Package keyring keeps the vault key in the computer's keyring, or takes it
// out again, from the interface (phr remember and phr forget): it says which
// is the case now and what each means on a shared computer account, with
// the choice that changes nothing focused.
package keyring

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Name is the screen's name for screen.OpenMsg.
const Name = "keyring"

// Model is the keyring screen.
type Model struct {
	loaded     bool
	remembered bool
	// unavailable says why there is no keyring to use.
	unavailable string
	dialog      *confirm.Dialog
}

type loadedMsg struct {
	remembered bool
	err        error
}

type doneMsg struct {
	remembered bool
	err        error
}

// New returns the screen.
func New() *Model { return &Model{} }

// Load asks the keyring whether it holds the vault key.
func (m *Model) Load(env screen.Env) tea.Cmd {
	if m.loaded {
		return nil
	}
	return env.Run(func(s *app.Session) tea.Msg {
		r, err := s.Remembered()
		return loadedMsg{remembered: r, err: err}
	})
}

// Update handles the answer and the choice.
func (m *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		m.loaded = true
		if msg.err != nil {
			m.unavailable = msg.err.Error()
			return nil
		}
		m.remembered = msg.remembered
		if m.remembered {
			m.dialog = confirm.New("Keep it there", "Take it out")
		} else {
			m.dialog = confirm.New("Keep asking", "Keep the key in the keyring")
		}
		return m.dialog.Arm(env.Grace)
	case doneMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		if msg.remembered {
			return tea.Sequence(screen.Back, screen.Status("The vault key is in this computer's keyring: phr opens without asking on this account (after a lock it still asks)."))
		}
		return tea.Sequence(screen.Back, screen.Status("The vault key is out of the keyring: phr asks for your passphrase each time it starts."))
	case tea.KeyPressMsg:
		if key.Matches(msg, env.Keys.Back) {
			return screen.Back
		}
	}
	if m.dialog == nil {
		return nil
	}
	switch m.dialog.Update(env.Keys, msg) {
	case confirm.Safe:
		return screen.Back
	case confirm.Risky:
		m.dialog = nil
		ctx, remember := env.Ctx, !m.remembered
		return env.Work("Changing the keyring…", func(s *app.Session) tea.Msg {
			if remember {
				return doneMsg{remembered: true, err: s.Remember(ctx)}
			}
			return doneMsg{remembered: false, err: s.ForgetKey(ctx)}
		})
	}
	return nil
}

// View says where the key is and what the choice means.
func (m *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if !m.loaded {
		return st.Muted.Render("Loading…")
	}
	var b strings.Builder
	b.WriteString(st.Subtitle.Render("This computer's keyring") + "\n\n")
	box := func(s string) string { return st.Card.Width(min(w-2, 72)).Render(s) }
	switch {
	case m.unavailable != "":
		b.WriteString(st.Error.Width(max(20, min(w-2, 72))).Render("✗ "+safetext.Line(m.unavailable)+
			". phr keeps asking for your passphrase each time it starts; nothing else changes.") + "\n")
	case m.dialog == nil:
		b.WriteString(st.Muted.Render("Changing the keyring…"))
	case m.remembered:
		b.WriteString(box("The vault key is in this computer's keyring: phr opens without asking for your passphrase " +
			"on this computer account, and so can anyone else who uses it.\n\nOn a shared account, take it out: phr then " +
			"asks for your passphrase each time it starts. After a lock, phr asks for the passphrase either way.\n\n" +
			m.dialog.Buttons(st)))
	default:
		b.WriteString(box("phr asks for your passphrase each time it starts.\n\nYou can keep the vault key in this computer's " +
			"keyring instead: phr then opens without asking on this computer account, and so can anyone else who uses it. " +
			"Do it only if nobody else uses this account. After a lock, phr asks for the passphrase either way.\n\n" +
			m.dialog.Buttons(st)))
	}
	return b.String()
}

// Keys lists the screen's keys.
func (m *Model) Keys(env screen.Env) []key.Binding {
	if m.dialog != nil {
		return append(m.dialog.Keys(env.Keys), keys.WithHelp(env.Keys.Back, "back"))
	}
	return []key.Binding{keys.WithHelp(env.Keys.Back, "back")}
}

// Title names the screen.
func (m *Model) Title() string { return "Keyring" }
