// Package passwd changes the vault's passphrase from the interface, as phr
// passwd does: first the current passphrase, typed (the record may have
// been opened from the keyring, and whoever sits at it must not be able to
// lock its owner out), then the new one with the same meter and policy as
// the first run, random words on ctrl+g, and a confirmation. Nothing typed
// here is kept across the lock.
package passwd

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/components/meter"
	"github.com/phrhealth/phr/tui/components/passpair"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Name is the screen's name for screen.OpenMsg.
const Name = "passwd"

type step int

const (
	stepCurrent step = iota
	stepChecking
	stepNew
	stepSaving
)

// Model is the change-passphrase screen.
type Model struct {
	step    step
	current textinput.Model
	// pair is the new passphrase and its confirmation.
	pair     *passpair.Pair
	ownWords []string
	// checked is the current passphrase once it proved to open the vault.
	checked []byte
	failed  string
	ask     confirm.Discard
}

type loadedMsg struct {
	words []string
	err   error
}

type checkedMsg struct {
	pass []byte
	err  error
}

type changedMsg struct{ err error }

// New returns the screen.
func New() *Model {
	in := textinput.New()
	in.Prompt = "Current passphrase: "
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = 1024
	in.SetWidth(40)
	return &Model{current: in}
}

// Typing is true while a field takes text.
func (m *Model) Typing() bool { return m.step == stepCurrent || m.step == stepNew }

// Load reads the profile's words (the policy refuses a passphrase made of
// the person's name or birth date) and focuses the first field.
func (m *Model) Load(env screen.Env) tea.Cmd {
	if m.pair != nil || m.step != stepCurrent {
		return nil
	}
	ctx := env.Ctx
	return tea.Batch(m.current.Focus(), env.Run(func(s *app.Session) tea.Msg {
		p, err := s.Profile(ctx)
		return loadedMsg{words: p.Words(), err: err}
	}))
}

// typed reports whether a passphrase field holds anything.
func (m *Model) typed() bool {
	return m.current.Value() != "" || m.checked != nil || (m.pair != nil && !m.pair.Empty())
}

// forget clears every passphrase the screen holds.
func (m *Model) forget() {
	m.current.Reset()
	clear(m.checked)
	m.checked = nil
	if m.pair != nil {
		m.pair.Clear()
	}
}

// Update handles the fields, the check and the change.
func (m *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	if m.ask.Asking() {
		if m.ask.Update(k, msg) {
			m.forget()
			return screen.Back
		}
		return nil
	}
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		m.ownWords = msg.words
		return nil
	case checkedMsg:
		if msg.err != nil {
			clear(msg.pass)
			m.step, m.failed = stepCurrent, describe(msg.err)
			return m.current.Focus()
		}
		m.checked = msg.pass
		own := m.ownWords
		m.pair = passpair.New(func(p []byte) passphrase.Result { return app.RatePassphrase(p, own) })
		m.pair.Fit(env.Width)
		m.step, m.failed = stepNew, ""
		return m.pair.Focus()
	case changedMsg:
		if msg.err != nil {
			m.step, m.failed = stepNew, describe(msg.err)
			m.pair.ClearConfirm()
			return m.pair.Focus()
		}
		m.forget()
		return tea.Sequence(screen.Back, screen.Status("Your passphrase is changed: from now on only the new one opens your record. Write it down and keep it safe."))
	case tea.KeyPressMsg:
		if key.Matches(msg, k.Back) && (m.step == stepCurrent || m.step == stepNew) {
			if m.typed() {
				return m.ask.Open(env.Grace)
			}
			return screen.Back
		}
		switch m.step {
		case stepCurrent:
			if key.Matches(msg, k.Submit) {
				return m.check(env)
			}
		case stepNew:
			if cmd, ok := m.keyNew(env, msg); ok {
				return cmd
			}
		default:
			return nil
		}
	}
	var cmd tea.Cmd
	switch m.step {
	case stepCurrent:
		before := m.current.Value()
		m.current, cmd = m.current.Update(msg)
		if m.current.Value() != before {
			m.failed = ""
		}
	case stepNew:
		var changed bool
		m.pair.Fit(env.Width)
		cmd, changed = m.pair.Update(msg)
		if changed || screen.Edits(msg) {
			m.failed = ""
		}
	}
	return cmd
}

// check tries the current passphrase (one key derivation, about a second).
func (m *Model) check(env screen.Env) tea.Cmd {
	pass := []byte(m.current.Value())
	if len(pass) == 0 {
		m.failed = "Type the passphrase you unlock phr with now."
		return nil
	}
	m.current.Reset()
	m.step, m.failed = stepChecking, ""
	return env.Work("Checking your passphrase…", func(s *app.Session) tea.Msg {
		err := s.CheckCurrentPassphrase(pass)
		if err != nil {
			clear(pass)
			pass = nil
		}
		return checkedMsg{pass: pass, err: err}
	})
}

// keyNew handles the keys of the new passphrase's fields.
func (m *Model) keyNew(env screen.Env, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := env.Keys
	switch {
	case key.Matches(msg, k.Generate):
		if err := m.pair.Generate(); err != nil {
			m.failed = err.Error()
		}
		return nil, true
	case key.Matches(msg, k.ShowPassphrase):
		m.pair.ToggleShown()
		return nil, true
	case key.Matches(msg, k.Tab):
		return m.pair.Switch(), true
	case key.Matches(msg, k.Submit):
		if !m.pair.RateWhole().Acceptable {
			m.failed = "This passphrase is too weak to protect your record; see the advice below it, or press ctrl+g for random words."
			return nil, true
		}
		if !m.pair.OnConfirm() {
			m.failed = ""
			return m.pair.Switch(), true
		}
		if !m.pair.Matches() {
			m.failed = "The two passphrases are different: type it again."
			m.pair.ClearConfirm()
			return nil, true
		}
		current, next := m.checked, []byte(m.pair.Value())
		m.checked = nil
		m.pair.Clear()
		m.step, m.failed = stepSaving, ""
		ctx := env.Ctx
		return env.Work("Changing your passphrase…", func(s *app.Session) tea.Msg {
			err := s.ChangePassphraseFrom(ctx, current, next)
			clear(next)
			clear(current)
			return changedMsg{err: err}
		}), true
	}
	return nil, false
}

// describe says what went wrong, plainly.
func describe(err error) string {
	if errs.Is(err, errs.Unlock) {
		return "That is not your current passphrase. Type the one you unlock phr with."
	}
	return err.Error()
}

// View renders the step.
func (m *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	para := func(style lipgloss.Style, s string) string { return style.Width(max(20, w)).Render(s) + "\n" }
	var b strings.Builder
	b.WriteString(st.Subtitle.Render("Change your passphrase") + "\n\n")
	if m.ask.Asking() {
		b.WriteString(m.ask.View(st, w, confirm.DiscardTyped))
		return b.String()
	}
	switch m.step {
	case stepCurrent, stepChecking:
		b.WriteString(para(st.Muted, "First, the passphrase you use now, so that nobody else at this computer can change it."))
		b.WriteString("\n" + m.current.View() + "\n")
		if m.failed != "" {
			b.WriteString("\n" + para(st.Error, "✗ "+safetext.Line(m.failed)))
		}
		return b.String()
	}
	b.WriteString(para(st.Muted, "Now the new one. Only it will open your record; write it down and keep it safe. "+
		"Your vault key stays the same, so a key kept in the keyring (phr remember) still works."))
	b.WriteString("\n")
	passAt := strings.Count(b.String(), "\n")
	b.WriteString(m.pair.PassView() + "\n")
	advice := 3
	if h < 30 {
		advice = 1
	}
	b.WriteString(para(st.Normal, strings.TrimRight(meter.View(st, m.pair.Rating(), m.pair.Empty(), advice), "\n")))
	if g := m.pair.Generated(); g != "" {
		b.WriteString(st.Card.Width(min(w-2, 60)).Render("Suggested (write it down):\n"+st.Title.Render(strings.ReplaceAll(g, "-", " - "))) + "\n")
	}
	if m.failed != "" {
		b.WriteString(para(st.Error, "✗ "+safetext.Line(m.failed)))
	}
	b.WriteString("\n")
	confirmAt := strings.Count(b.String(), "\n")
	b.WriteString(m.pair.ConfirmView() + "\n")
	from, to := passAt, confirmAt
	if m.pair.OnConfirm() {
		from, to = confirmAt, confirmAt+1
	}
	return screen.Scroll(st, b.String(), from, to, h)
}

// Keys lists the step's keys.
func (m *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	switch {
	case m.ask.Asking():
		return m.ask.Keys(k)
	case m.step == stepCurrent:
		return []key.Binding{keys.WithHelp(k.Submit, "check"), keys.WithHelp(k.Back, "cancel")}
	case m.step == stepNew:
		return []key.Binding{keys.WithHelp(k.Submit, "continue"), keys.WithHelp(k.Generate, "random words"),
			keys.WithHelp(k.ShowPassphrase, "show"), keys.WithHelp(k.Back, "cancel")}
	}
	return nil
}

// Title names the screen.
func (m *Model) Title() string { return "Change your passphrase" }
