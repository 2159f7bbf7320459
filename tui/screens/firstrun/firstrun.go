// Package firstrun walks a newcomer through creating a vault: what phr is, a
// passphrase with a live strength meter, an offer of random words to write
// down, a confirmation, and the choice of the system keyring.
package firstrun

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/meter"
	"github.com/phrhealth/phr/tui/components/passpair"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the first-run screen.
type Model struct {
	// pair is the passphrase and its confirmation, rated with the same
	// policy as phr password check.
	pair     *passpair.Pair
	remember bool
	failed   string
}

// New returns the first-run screen.
func New() *Model {
	return &Model{pair: passpair.New(func(p []byte) passphrase.Result { return app.RatePassphrase(p, nil) })}
}

// Typing is always true: both fields take text.
func (f *Model) Typing() bool { return true }

// Load narrows the fields to the terminal and focuses the passphrase.
func (f *Model) Load(env screen.Env) tea.Cmd {
	f.pair.Fit(env.Width)
	return f.pair.Focus()
}

// Update handles the fields and keys.
func (f *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	f.pair.Fit(env.Width)
	switch msg := msg.(type) {
	case screen.CreatedMsg:
		// Only failures reach the screen; the root takes a success.
		f.failed = msg.Err.Error()
		return f.Load(env)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Generate):
			if err := f.pair.Generate(); err != nil {
				f.failed = err.Error()
			}
			return nil
		case key.Matches(msg, k.Remember):
			f.remember = !f.remember
			return nil
		case key.Matches(msg, k.ShowPassphrase):
			f.pair.ToggleShown()
			return nil
		case key.Matches(msg, k.Tab):
			return f.pair.Switch()
		case key.Matches(msg, k.Submit):
			if !f.pair.OnConfirm() {
				if !f.pair.RateWhole().Acceptable {
					f.failed = "This passphrase is too weak to protect your record; see the advice above."
					return nil
				}
				f.failed = ""
				return f.pair.Switch()
			}
			return f.create(env)
		}
	}
	cmd, changed := f.pair.Update(msg)
	if changed || screen.Edits(msg) {
		f.failed = "" // the person is correcting it
	}
	return cmd
}

func (f *Model) create(env screen.Env) tea.Cmd {
	if !f.pair.RateWhole().Acceptable {
		f.failed = "This passphrase is too weak to protect your record."
		return nil
	}
	if !f.pair.Matches() {
		f.failed = "The two passphrases are different: type it again."
		f.pair.ClearConfirm()
		return nil
	}
	pass := []byte(f.pair.Value())
	remember := f.remember
	f.pair.Clear()
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
	b.WriteString("\n" + para(st.Normal, "Choose a passphrase: it is what will open your record.") + "\n")
	passAt := lineOf(b.String())
	b.WriteString(f.pair.PassView() + "\n")
	advice := 4
	switch {
	case h < 18:
		advice = 1
	case small:
		advice = 2
	}
	b.WriteString(para(st.Normal, strings.TrimRight(meter.View(st, f.pair.Rating(), f.pair.Empty(), advice), "\n")))
	if g := f.pair.Generated(); g != "" {
		// The words wrap only between words, never inside one.
		b.WriteString(st.Card.Render("Suggested (write it down):\n"+st.Subtitle.Render(wrapWords(g, max(16, w-4)))) + "\n")
	}
	if f.failed != "" {
		b.WriteString(para(st.Error, "✗ "+safetext.Line(f.failed)))
	}
	b.WriteString("\n")
	confirmAt := lineOf(b.String())
	b.WriteString(f.pair.ConfirmView() + "\n")
	box := "[ ]"
	if f.remember {
		box = "[x]"
	}
	b.WriteString(para(st.Normal, box+" Remember the key in this computer's keyring (ctrl+r), so phr opens without asking."))
	from, to := passAt, confirmAt
	if f.pair.OnConfirm() {
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
