// Package firstrun walks a newcomer through creating a vault: what phr is, a
// passphrase with a live strength meter, an offer of random words to write
// down, a confirmation, and the choice of the system keyring.
package firstrun

import (
	"crypto/rand"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

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

// Load focuses the passphrase field.
func (f *Model) Load(screen.Env) tea.Cmd {
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

// View renders the screen; on a small terminal it keeps to the essentials.
func (f *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	small := h < 30
	var b strings.Builder
	b.WriteString(st.Subtitle.Render("phr keeps your health record on this computer, encrypted.") + "\n")
	b.WriteString(st.Muted.Render("Only your passphrase opens it; you choose what to share with the people who care for you.") + "\n")
	if !small {
		b.WriteString(st.Muted.Render("Write your passphrase down and keep it safe: without it nobody can open your record, not even you.") + "\n")
	}
	// The rule and the tip are the meter's to say (once).
	b.WriteString("\nChoose the passphrase that will open your record.\n\n")
	b.WriteString(f.pass.View() + "\n")
	advice := 4
	if small {
		advice = 2
	}
	b.WriteString(meter.View(st, f.rating, f.pass.Value() == "", advice))
	if f.generated != "" {
		b.WriteString(st.Card.Render("Suggested (write it down): "+st.Subtitle.Render(f.generated)) + "\n")
	}
	if f.failed != "" {
		b.WriteString(st.Error.Render("✗ "+f.failed) + "\n")
	}
	b.WriteString("\n" + f.confirm.View() + "\n")
	box := "[ ]"
	if f.remember {
		box = "[x]"
	}
	b.WriteString(fmt.Sprintf("%s Remember the key in this computer's keyring (ctrl+r), so phr opens without asking.\n", box))
	return b.String()
}

// Keys lists the screen's keys.
func (f *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	return []key.Binding{keys.WithHelp(k.Submit, "continue"), k.Generate, k.Remember, k.ShowPassphrase, k.Tab}
}

// Title names the screen.
func (f *Model) Title() string { return "Welcome" }
