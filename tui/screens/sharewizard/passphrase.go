package sharewizard

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/tui/components/meter"
	"github.com/phrhealth/phr/tui/components/passpair"
	"github.com/phrhealth/phr/tui/screen"
)

// askPassphrase opens the passphrase step: the same policy and meter as the
// vault's passphrase (with the profile's words), random words on ctrl+g,
// and a confirmation.
func (s *Model) askPassphrase() tea.Cmd {
	shown := s.pair != nil && s.pair.Shown()
	own := s.ownWords
	s.pair = passpair.New(func(p []byte) passphrase.Result { return app.RatePassphrase(p, own) })
	if shown {
		s.pair.ToggleShown()
	}
	s.pass = ""
	s.step = stepPassphrase
	return s.pair.Focus()
}

func (s *Model) updatePassphrase(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, k.Generate):
			if err := s.pair.Generate(); err != nil {
				s.problem = err.Error()
				return nil
			}
			s.problem = ""
			return nil
		case key.Matches(km, k.ShowPassphrase):
			s.pair.ToggleShown()
			return nil
		case key.Matches(km, k.Tab):
			return s.pair.Switch()
		case key.Matches(km, k.Submit):
			if !s.pair.RateWhole().Acceptable {
				s.problem = "This passphrase is too weak to protect what you share; see the advice below it, or press ctrl+g for random words."
				return nil
			}
			if !s.pair.OnConfirm() {
				s.problem = ""
				return s.pair.Switch()
			}
			if !s.pair.Matches() {
				s.problem = "The two passphrases are different: type it again."
				s.pair.ClearConfirm()
				return nil
			}
			s.problem = ""
			s.pass = s.pair.Value()
			s.pair.Clear()
			s.req = s.request()
			s.step = stepChoose
			return s.planCmd(env, s.req)
		}
	}
	if screen.Edits(msg) {
		s.problem = "" // the person is correcting it
	}
	cmd, _ := s.pair.Update(msg)
	return cmd
}

func (s *Model) viewPassphrase(env screen.Env, w, h int) string {
	st := env.Styles
	var b strings.Builder
	b.WriteString(st.Subtitle.Render("A passphrase for the file") + "\n")
	b.WriteString(st.Muted.Width(max(20, w)).Render("Anyone with the file and this passphrase can read it. Give it to them another way than the file: "+
		"in person or by phone, never in the same email. ctrl+g suggests random words, easy to read out.") + "\n\n")
	b.WriteString(s.pair.PassView() + "\n")
	advice := 3
	if h < 30 {
		advice = 1
	}
	b.WriteString(meter.View(st, s.pair.Rating(), s.pair.Empty(), advice))
	if s.pair.Generated() != "" {
		b.WriteString(s.readOut(env, w) + "\n")
	}
	b.WriteString("\n" + s.pair.ConfirmView() + "\n")
	return b.String()
}

// readOut shows the passphrase large enough to read out over the phone: one
// word a line, numbered, in a card. It stays hidden on the last step until
// ctrl+s, as someone may be looking at the screen.
func (s *Model) readOut(env screen.Env, w int) string {
	st := env.Styles
	var p string
	if s.pair != nil {
		p = s.pair.Generated()
	}
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
