package tui

import (
	"crypto/rand"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/passphrase"
)

// firstRunScreen walks a newcomer through creating a vault: a passphrase
// with a live strength meter, an offer of random words, a confirmation and
// the choice of the system keyring.
type firstRunScreen struct {
	pass, confirm textinput.Model
	field         int // 0 passphrase, 1 confirmation
	rating        passphrase.Result
	remember      bool
	generated     string
	failed        string
	shown         bool
}

func newFirstRunScreen(m *Model) *firstRunScreen {
	mk := func(prompt string) textinput.Model {
		in := textinput.New()
		in.Prompt = prompt
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
		in.CharLimit = 1024
		in.SetWidth(56)
		return in
	}
	f := &firstRunScreen{pass: mk("Passphrase:    "), confirm: mk("Type it again: ")}
	f.rate()
	return f
}

func (f *firstRunScreen) focus() tea.Cmd { f.field = 0; f.confirm.Blur(); return f.pass.Focus() }

func (f *firstRunScreen) fail(err error) { f.failed = err.Error() }

// rate scores the passphrase with the same policy as phr password check,
// looking at a bounded prefix so each key press stays instant.
func (f *firstRunScreen) rate() {
	p := []rune(f.pass.Value())
	if len(p) > passphrase.EstimateRunes+20 {
		p = p[:passphrase.EstimateRunes+20]
	}
	f.rating = app.RatePassphrase([]byte(string(p)), nil)
	if len([]rune(f.pass.Value())) > len(p) {
		// The full passphrase is longer than what was scored live; the final
		// check on creation scores it whole.
		f.rating = app.RatePassphrase([]byte(f.pass.Value()), nil)
	}
}

func (f *firstRunScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Generate):
			p, err := passphrase.Generate(passphrase.DefaultWords, rand.Reader)
			if err != nil {
				f.failed = err.Error()
				return nil
			}
			f.generated = p
			f.pass.SetValue(p)
			f.confirm.Reset()
			f.rate()
			return nil
		case key.Matches(k, m.keys.Remember):
			f.remember = !f.remember
			return nil
		case key.Matches(k, m.keys.ShowPassphrase):
			f.shown = !f.shown
			mode := textinput.EchoPassword
			if f.shown {
				mode = textinput.EchoNormal
			}
			f.pass.EchoMode, f.confirm.EchoMode = mode, mode
			return nil
		case key.Matches(k, m.keys.Tab):
			return f.switchField()
		case key.Matches(k, m.keys.Submit):
			if f.field == 0 {
				if !f.rating.Acceptable {
					f.failed = "This passphrase is too weak to protect your record; see the advice above."
					return nil
				}
				f.failed = ""
				return f.switchField()
			}
			return f.create(m)
		}
	}
	var cmd tea.Cmd
	if f.field == 0 {
		before := f.pass.Value()
		f.pass, cmd = f.pass.Update(msg)
		if f.pass.Value() != before {
			f.rate()
			f.failed = ""
			if f.pass.Value() != f.generated {
				f.generated = ""
			}
		}
	} else {
		f.confirm, cmd = f.confirm.Update(msg)
	}
	return cmd
}

func (f *firstRunScreen) switchField() tea.Cmd {
	if f.field == 0 {
		if !f.rating.Acceptable {
			return nil
		}
		f.field = 1
		f.pass.Blur()
		return f.confirm.Focus()
	}
	f.field = 0
	f.confirm.Blur()
	return f.pass.Focus()
}

func (f *firstRunScreen) create(m *Model) tea.Cmd {
	if !f.rating.Acceptable {
		f.failed = "This passphrase is too weak to protect your record."
		return nil
	}
	if f.confirm.Value() != f.pass.Value() {
		f.failed = "The two passphrases are different: type it again."
		f.confirm.Reset()
		return nil
	}
	pass := []byte(f.pass.Value())
	remember := f.remember
	f.pass.Reset()
	f.confirm.Reset()
	f.generated = ""
	m.busy = "Creating your encrypted vault…"
	ctx, cfg := m.ctx, m.opts.Config
	return func() tea.Msg {
		s, err := app.Init(ctx, cfg, pass)
		clear(pass)
		if err != nil {
			return createdMsg{err: err}
		}
		if remember {
			if err := s.Remember(ctx); err != nil {
				return createdMsg{s: s, err: nil, remembered: false}
			}
		}
		return createdMsg{s: s, remembered: remember}
	}
}

// meter draws the strength as a bar with words, so it reads without colour.
// On a small screen it shows fewer suggestions.
func (f *firstRunScreen) meter(m *Model, maxAdvice int) string {
	if f.pass.Value() == "" {
		return m.st.Muted.Render("Strength: type a passphrase to see how strong it is.")
	}
	r := f.rating
	filled := r.Score + 1
	bar := strings.Repeat("█", filled*3) + strings.Repeat("░", (5-filled)*3)
	words := []string{"very weak", "weak", "fair", "good", "strong"}[r.Score]
	style := m.st.Error
	verdict := "✗ too weak"
	if r.Acceptable {
		style, verdict = m.st.Good, "✓ acceptable"
	}
	var b strings.Builder
	b.WriteString(fmt.Sprintf("Strength: %s %s, %s · time to crack: %s\n", style.Render(bar), words, verdict, r.CrackTime))
	if r.Warning != "" {
		b.WriteString(m.st.Warning.Render("! "+r.Warning) + "\n")
	}
	for i, s := range r.Suggestions {
		if i == maxAdvice {
			break
		}
		b.WriteString(m.st.Muted.Render("· "+s) + "\n")
	}
	return b.String()
}

func (f *firstRunScreen) View(m *Model, w, h int) string {
	small := h < 30
	var b strings.Builder
	b.WriteString(m.st.Subtitle.Render("phr keeps your health record on this computer, encrypted.") + "\n")
	b.WriteString(m.st.Muted.Render("Only your passphrase opens it; you choose what to share with the people who care for you.") + "\n")
	if !small {
		b.WriteString(m.st.Muted.Render("Write your passphrase down and keep it safe: without it nobody can open your record, not even you.") + "\n")
	}
	b.WriteString("\nChoose a passphrase of at least 15 characters: three or four random words work well.\n\n")
	b.WriteString(f.pass.View() + "\n")
	advice := 4
	if small {
		advice = 2
	}
	b.WriteString(f.meter(m, advice))
	if f.generated != "" {
		b.WriteString(m.st.Card.Render("Suggested (write it down): "+m.st.Subtitle.Render(f.generated)) + "\n")
	}
	if f.failed != "" {
		b.WriteString(m.st.Error.Render("✗ "+f.failed) + "\n")
	}
	b.WriteString("\n" + f.confirm.View() + "\n")
	box := "[ ]"
	if f.remember {
		box = "[x]"
	}
	b.WriteString(fmt.Sprintf("%s Remember the key in this computer's keyring (ctrl+r), so phr opens without asking.\n", box))
	return b.String()
}

func (f *firstRunScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{withHelp(k.Submit, "continue"), k.Generate, k.Remember, k.ShowPassphrase, k.Tab}
}

func (f *firstRunScreen) Title() string { return "Welcome" }
