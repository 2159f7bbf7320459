// Package firstrun walks a newcomer through creating a vault: what phr is, a
// passphrase with a live strength meter, an offer of random words to write
// down, a confirmation, and the choice of the system keyring.
package firstrun

import (
	"crypto/rand"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/tui/components/meter"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the first-run screen.
type Model struct {
	pass, confirm textinput.Model
	field         int // 0 passphrase, 1 confirmation
	rating        passphrase.Result
	remember      bool
	generated     string
	failed        string
	shown         bool
}

// New returns the first-run screen.
func New() *Model {
	mk := func(prompt string) textinput.Model {
		in := textinput.New()
		in.Prompt = prompt
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
		in.CharLimit = 1024
		in.SetWidth(56)
		return in
	}
	f := &Model{pass: mk("Passphrase:    "), confirm: mk("Type it again: ")}
	f.rate()
	return f
}

// Typing is always true: both fields take text.
func (f *Model) Typing() bool { return true }

// fit narrows the fields to the terminal, so a typed line never wraps.
func (f *Model) fit(width int) {
	w := min(56, max(10, width-2-len(f.pass.Prompt)-1))
	f.pass.SetWidth(w)
	f.confirm.SetWidth(w)
}

// Load focuses the passphrase field.
func (f *Model) Load(env screen.Env) tea.Cmd {
	f.fit(env.Width)
	f.field = 0
	f.confirm.Blur()
	return f.pass.Focus()
}

// rate scores the passphrase with the same policy as phr password check. It
// scores a bounded prefix live so each key press stays instant; a longer
// passphrase is scored whole once, when it is confirmed.
func (f *Model) rate() {
	p := []rune(f.pass.Value())
	if limit := passphrase.EstimateRunes + 20; len(p) > limit {
		p = p[:limit]
	}
	f.rating = app.RatePassphrase([]byte(string(p)), nil)
}

// rateWhole scores the whole passphrase (on enter, not on every key).
func (f *Model) rateWhole() {
	f.rating = app.RatePassphrase([]byte(f.pass.Value()), nil)
}

// Update handles the fields and keys.
func (f *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	f.fit(env.Width)
	switch msg := msg.(type) {
	case screen.CreatedMsg:
		// Only failures reach the screen; the root takes a success.
		f.failed = msg.Err.Error()
		return f.Load(env)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Generate):
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
		case key.Matches(msg, k.Remember):
			f.remember = !f.remember
			return nil
		case key.Matches(msg, k.ShowPassphrase):
			f.shown = !f.shown
			mode := textinput.EchoPassword
			if f.shown {
				mode = textinput.EchoNormal
			}
			f.pass.EchoMode, f.confirm.EchoMode = mode, mode
			return nil
		case key.Matches(msg, k.Tab):
			return f.switchField()
		case key.Matches(msg, k.Submit):
			if f.field == 0 {
				f.rateWhole()
				if !f.rating.Acceptable {
					f.failed = "This passphrase is too weak to protect your record; see the advice above."
					return nil
				}
				f.failed = ""
				return f.switchField()
			}
			return f.create(env)
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
		if screen.Edits(msg) {
			f.failed = ""
		}
	}
	return cmd
}

func (f *Model) switchField() tea.Cmd {
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

func (f *Model) create(env screen.Env) tea.Cmd {
	f.rateWhole()
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
	f.rate()
	ctx, cfg := env.Ctx, env.Config
	return screen.Work("Creating your encrypted vault…", func() tea.Msg {
		s, err := app.Init(ctx, cfg, pass)
		clear(pass)
		if err != nil {
			return screen.CreatedMsg{Err: err}
		}
		var rememberErr error
		if remember {
			if rememberErr = s.Remember(ctx); rememberErr != nil {
				remember = false
			}
		}
		return screen.CreatedMsg{Session: s, Remembered: remember, RememberErr: rememberErr}
	})
}

// View renders the screen. On a small terminal it keeps to the essentials
// and scrolls so the field being typed, its verdict and any failure stay on
// screen.
func (f *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	small := h < 30
	para := func(style lipgloss.Style, s string) string { return style.Width(max(20, w)).Render(s) + "\n" }
	var b strings.Builder
	b.WriteString(para(st.Subtitle, "phr keeps your health record on this computer, encrypted."))
	b.WriteString(para(st.Muted, "Only your passphrase opens it; you choose what to share with the people who care for you."))
	if !small {
		b.WriteString(para(st.Muted, "Write your passphrase down and keep it safe: without it nobody can open your record, not even you."))
	}
	// The rule and the tip are the meter's to say (once).
	b.WriteString("\n" + para(st.Normal, "Choose the passphrase that will open your record.") + "\n")
	passAt := lineOf(b.String())
	b.WriteString(f.pass.View() + "\n")
	advice := 4
	switch {
	case h < 18:
		advice = 1
	case small:
		advice = 2
	}
	b.WriteString(para(st.Normal, strings.TrimRight(meter.View(st, f.rating, f.pass.Value() == "", advice), "\n")))
	if f.generated != "" {
		// The words wrap only between words, never inside one.
		b.WriteString(st.Card.Render("Suggested (write it down):\n"+st.Subtitle.Render(wrapWords(f.generated, max(16, w-4)))) + "\n")
	}
	if f.failed != "" {
		b.WriteString(para(st.Error, "✗ "+f.failed))
	}
	b.WriteString("\n")
	confirmAt := lineOf(b.String())
	b.WriteString(f.confirm.View() + "\n")
	box := "[ ]"
	if f.remember {
		box = "[x]"
	}
	b.WriteString(para(st.Normal, box+" Remember the key in this computer's keyring (ctrl+r), so phr opens without asking."))
	from, to := passAt, confirmAt
	if f.field == 1 {
		from, to = confirmAt, lineOf(b.String())
	}
	return screen.Scroll(st, b.String(), from, to, h)
}

// lineOf is the number of the line that text written after s starts on.
func lineOf(s string) int { return strings.Count(s, "\n") }

// wrapWords breaks a suggested passphrase into lines of at most w cells
// after a hyphen, so no word is ever split (a word longer than w keeps a
// line of its own).
func wrapWords(p string, w int) string {
	var lines []string
	line := ""
	for _, word := range strings.SplitAfter(p, "-") {
		if line != "" && len(line)+len(word) > w {
			lines = append(lines, line)
			line = ""
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

// Keys lists the screen's keys.
func (f *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	return []key.Binding{keys.WithHelp(k.Submit, "continue"), k.Generate, k.Remember, k.ShowPassphrase, k.Tab}
}

// Title names the screen.
func (f *Model) Title() string { return "Welcome" }
