// Package passpair is the pair of fields every screen that sets a
// passphrase uses (the first run, the share wizard's passphrase step): the
// passphrase, rated as it is typed by the vault's policy (the screen hands
// in app.RatePassphrase), and its confirmation. Focus moves to the
// confirmation only once the passphrase is acceptable; changing the
// passphrase empties the confirmation; both show or hide together.
package passpair

import (
	"crypto/rand"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/passphrase"
)

// Pair is the two fields. Its zero value is not usable: call New.
type Pair struct {
	pass, confirm textinput.Model
	onConfirm     bool
	rating        passphrase.Result
	// score rates a passphrase by the vault's policy.
	score func([]byte) passphrase.Result
	// generated is the suggestion of random words the passphrase holds,
	// until it is edited.
	generated string
	shown     bool
}

// New returns the fields, hidden, the passphrase rated empty by score (the
// vault's policy: app.RatePassphrase, with the person's own words).
func New(score func([]byte) passphrase.Result) *Pair {
	mk := func(prompt string) textinput.Model {
		in := textinput.New()
		in.Prompt = prompt
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
		in.CharLimit = 1024
		in.SetWidth(56)
		return in
	}
	p := &Pair{pass: mk("Passphrase:    "), confirm: mk("Type it again: "), score: score}
	p.rate(false)
	return p
}

// Fit narrows the fields to a terminal width columns wide, so a typed
// line never wraps.
func (p *Pair) Fit(width int) {
	w := min(56, max(10, width-2-len(p.pass.Prompt)-1))
	p.pass.SetWidth(w)
	p.confirm.SetWidth(w)
}

// Focus puts the cursor in the passphrase field.
func (p *Pair) Focus() tea.Cmd {
	p.onConfirm = false
	p.confirm.Blur()
	return p.pass.Focus()
}

// Switch moves between the fields (tab); to the confirmation only once the
// passphrase is acceptable.
func (p *Pair) Switch() tea.Cmd {
	if !p.onConfirm {
		if !p.rating.Acceptable {
			return nil
		}
		p.onConfirm = true
		p.pass.Blur()
		return p.confirm.Focus()
	}
	return p.Focus()
}

// OnConfirm reports whether the confirmation has the focus.
func (p *Pair) OnConfirm() bool { return p.onConfirm }

// Update types into the field that has the focus. changed is true when the
// passphrase changed (it is rated again, and the confirmation emptied).
func (p *Pair) Update(msg tea.Msg) (cmd tea.Cmd, changed bool) {
	if p.onConfirm {
		p.confirm, cmd = p.confirm.Update(msg)
		return cmd, false
	}
	before := p.pass.Value()
	p.pass, cmd = p.pass.Update(msg)
	if p.pass.Value() == before {
		return cmd, false
	}
	p.rate(false)
	p.confirm.Reset()
	if p.pass.Value() != p.generated {
		p.generated = ""
	}
	return cmd, true
}

// Generate fills the passphrase with random words (ctrl+g), to write down
// or read out; the confirmation is emptied.
func (p *Pair) Generate() error {
	w, err := passphrase.Generate(passphrase.DefaultWords, rand.Reader)
	if err != nil {
		return err
	}
	p.generated = w
	p.pass.SetValue(w)
	p.confirm.Reset()
	p.rate(false)
	return nil
}

// Generated is the random words the passphrase holds, "" once edited.
func (p *Pair) Generated() string { return p.generated }

// ToggleShown shows both fields, or hides them again (ctrl+s).
func (p *Pair) ToggleShown() {
	p.shown = !p.shown
	mode := textinput.EchoPassword
	if p.shown {
		mode = textinput.EchoNormal
	}
	p.pass.EchoMode, p.confirm.EchoMode = mode, mode
}

// Shown reports whether the fields show what is typed.
func (p *Pair) Shown() bool { return p.shown }

// rate scores the passphrase. A key press scores a bounded prefix, so each
// stays instant; whole scores all of it (on enter).
func (p *Pair) rate(whole bool) {
	r := []rune(p.pass.Value())
	if limit := passphrase.EstimateRunes + 20; !whole && len(r) > limit {
		r = r[:limit]
	}
	p.rating = p.score([]byte(string(r)))
}

// RateWhole scores the whole passphrase and returns the result.
func (p *Pair) RateWhole() passphrase.Result {
	p.rate(true)
	return p.rating
}

// Rating is the last score, for the meter.
func (p *Pair) Rating() passphrase.Result { return p.rating }

// Value is the passphrase typed.
func (p *Pair) Value() string { return p.pass.Value() }

// Empty reports whether nothing is typed in the passphrase field.
func (p *Pair) Empty() bool { return p.pass.Value() == "" }

// Matches reports whether the confirmation is the passphrase.
func (p *Pair) Matches() bool { return p.confirm.Value() == p.pass.Value() }

// ClearConfirm empties the confirmation (after a mismatch).
func (p *Pair) ClearConfirm() { p.confirm.Reset() }

// Clear empties both fields and forgets the suggestion, once the
// passphrase is taken.
func (p *Pair) Clear() {
	p.pass.Reset()
	p.confirm.Reset()
	p.generated = ""
	p.rate(false)
}

// PassView renders the passphrase field.
func (p *Pair) PassView() string { return p.pass.View() }

// ConfirmView renders the confirmation field.
func (p *Pair) ConfirmView() string { return p.confirm.View() }
