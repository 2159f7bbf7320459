package sharewizard

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
	"github.com/phrhealth/phr/tui/screen"
)

// askPassphrase opens the passphrase step: the same policy and meter as the
// vault's passphrase, random words on ctrl+g, and a confirmation.
func (s *Model) askPassphrase() tea.Cmd {
	mk := func(prompt string) textinput.Model {
		in := textinput.New()
		in.Prompt = prompt
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
		in.CharLimit = 1024
		in.SetWidth(56)
		return in
	}
	s.passIn, s.confirmIn = mk("Passphrase:    "), mk("Type it again: ")
	if s.shown {
		s.passIn.EchoMode, s.confirmIn.EchoMode = textinput.EchoNormal, textinput.EchoNormal
	}
	s.passField, s.generated, s.pass = 0, "", ""
	s.rate(false)
	s.step = stepPassphrase
	return s.passIn.Focus()
}

// rate scores the passphrase with app.RatePassphrase (the vault's policy). As
// on the first-run screen, a key press scores a bounded prefix; enter scores
// the whole.
func (s *Model) rate(whole bool) {
	p := []rune(s.passIn.Value())
	if limit := passphrase.EstimateRunes + 20; !whole && len(p) > limit {
		p = p[:limit]
	}
	s.rating = app.RatePassphrase([]byte(string(p)), s.ownWords)
}

func (s *Model) updatePassphrase(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, k.Generate):
			p, err := passphrase.Generate(passphrase.DefaultWords, rand.Reader)
			if err != nil {
				s.problem = err.Error()
				return nil
			}
			s.generated = p
			s.passIn.SetValue(p)
			s.confirmIn.Reset()
			s.rate(false)
			s.problem = ""
			return nil
		case key.Matches(km, k.ShowPassphrase):
			s.shown = !s.shown
			mode := textinput.EchoPassword
			if s.shown {
				mode = textinput.EchoNormal
			}
			s.passIn.EchoMode, s.confirmIn.EchoMode = mode, mode
			return nil
		case key.Matches(km, k.Tab):
			return s.switchPassField()
		case key.Matches(km, k.Submit):
			s.rate(true)
			if !s.rating.Acceptable {
				s.problem = "This passphrase is too weak to protect what you share; see the advice below it, or press ctrl+g for random words."
				return nil
			}
			if s.passField == 0 {
				s.problem = ""
				return s.switchPassField()
			}
			if s.confirmIn.Value() != s.passIn.Value() {
				s.problem = "The two passphrases are different: type it again."
				s.confirmIn.Reset()
				return nil
			}
			s.problem = ""
			s.pass = s.passIn.Value()
			s.passIn.Reset()
			s.confirmIn.Reset()
			s.req = s.request()
			s.step = stepChoose
			return s.planCmd(env, s.req)
		}
	}
	var cmd tea.Cmd
	if screen.Edits(msg) {
		s.problem = "" // the person is correcting it
	}
	if s.passField == 0 {
		before := s.passIn.Value()
		s.passIn, cmd = s.passIn.Update(msg)
		if s.passIn.Value() != before {
			s.rate(false)
			s.confirmIn.Reset()
			if s.passIn.Value() != s.generated {
				s.generated = ""
			}
		}
	} else {
		s.confirmIn, cmd = s.confirmIn.Update(msg)
	}
	return cmd
}

func (s *Model) switchPassField() tea.Cmd {
	if s.passField == 0 {
		if !s.rating.Acceptable {
			return nil
		}
		s.passField = 1
		s.passIn.Blur()
		return s.confirmIn.Focus()
	}
	s.passField = 0
	s.confirmIn.Blur()
	return s.passIn.Focus()
}

func (s *Model) viewPassphrase(env screen.Env, w, h int) string {
	st := env.Styles
	var b strings.Builder
	b.WriteString(st.Subtitle.Render("A passphrase for the file") + "\n")
	b.WriteString(st.Muted.Width(max(20, w)).Render("Anyone with the file and this passphrase can read it. Give it to them another way than the file: "+
		"in person or by phone, never in the same email. ctrl+g suggests random words, easy to read out.") + "\n\n")
	b.WriteString(s.passIn.View() + "\n")
	advice := 3
	if h < 30 {
		advice = 1
	}
	b.WriteString(meter.View(st, s.rating, s.passIn.Value() == "", advice))
	if s.generated != "" {
		b.WriteString(s.readOut(env, w) + "\n")
	}
	b.WriteString("\n" + s.confirmIn.View() + "\n")
	return b.String()
}

// readOut shows the passphrase large enough to read out over the phone: one
// word a line, numbered, in a card. It stays hidden on the last step until
// ctrl+s, as someone may be looking at the screen.
func (s *Model) readOut(env screen.Env, w int) string {
	st := env.Styles
	p := s.generated
	if s.step == stepDone {
		p = s.pass
		if !s.shown {
			return st.Muted.Width(max(20, w)).Render("Give them the passphrase another way than the file (in person, by phone). ctrl+s shows it to read out.")
		}
	}
	if p == "" {
		return ""
	}
	var lines []string
	for i, word := range strings.Split(p, "-") {
		lines = append(lines, st.Muted.Render(string(rune('1'+i))+"  ")+st.Title.Render(word))
	}
	head := "Suggested: write it down, or read it out to them word by word (joined by - )."
	if s.step == stepDone {
		head = "The passphrase, word by word (joined by - ):"
	}
	if len(lines) > 9 || strings.Contains(p, " ") || !strings.Contains(p, "-") {
		// Not random words: show it whole.
		lines = []string{st.Title.Render(p)}
		head = "The passphrase:"
	}
	return st.Card.Width(min(w-2, 60)).Render(head + "\n" + lipgloss.JoinVertical(lipgloss.Left, lines...))
}
