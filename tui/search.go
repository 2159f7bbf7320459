package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/record"
)

// searchScreen searches titles, notes and codes across the whole record as
// the person types.
type searchScreen struct {
	input   textinput.Model
	results []record.Entry
	cursor  int
	typing  bool
	query   string
}

type searchResultMsg struct {
	query   string
	results []record.Entry
	err     error
}

func newSearchScreen() *searchScreen {
	in := textinput.New()
	in.Prompt = "Search: "
	in.Placeholder = "a word or the start of one, e.g. penicil"
	in.SetWidth(50)
	return &searchScreen{input: in, typing: true}
}

func (s *searchScreen) Typing() bool { return s.typing }

func (s *searchScreen) Reload(m *Model) tea.Cmd {
	if s.typing {
		return s.input.Focus()
	}
	return s.run(m, s.query)
}

func (s *searchScreen) run(m *Model, q string) tea.Cmd {
	sess, ctx := m.sess, m.ctx
	return func() tea.Msg {
		if sess == nil || strings.TrimSpace(q) == "" {
			return searchResultMsg{query: q}
		}
		rs, err := sess.Search(ctx, q, 200)
		return searchResultMsg{query: q, results: rs, err: err}
	}
}

func (s *searchScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchResultMsg:
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		if msg.query == s.input.Value() || !s.typing {
			s.results, s.query = msg.results, msg.query
			s.cursor = min(s.cursor, max(0, len(s.results)-1))
		}
	case tea.KeyPressMsg:
		if s.typing {
			switch {
			case key.Matches(msg, m.keys.Back):
				return func() tea.Msg { return popMsg{} }
			case key.Matches(msg, m.keys.Submit), key.Matches(msg, m.keys.Down):
				s.typing = false
				s.input.Blur()
				return nil
			}
			var cmd tea.Cmd
			before := s.input.Value()
			s.input, cmd = s.input.Update(msg)
			if s.input.Value() != before {
				return tea.Batch(cmd, s.run(m, s.input.Value()))
			}
			return cmd
		}
		switch {
		case key.Matches(msg, m.keys.Back):
			return func() tea.Msg { return popMsg{} }
		case key.Matches(msg, m.keys.Filter), key.Matches(msg, m.keys.Search):
			s.typing = true
			return s.input.Focus()
		case key.Matches(msg, m.keys.Up):
			if s.cursor == 0 {
				s.typing = true
				return s.input.Focus()
			}
			s.cursor--
		case key.Matches(msg, m.keys.Down):
			s.cursor = min(max(0, len(s.results)-1), s.cursor+1)
		case key.Matches(msg, m.keys.Open):
			if len(s.results) > 0 {
				return push(newDetailScreen(s.results[s.cursor].ID))
			}
		case key.Matches(msg, m.keys.Reveal):
			if len(s.results) > 0 {
				m.revealed[s.results[s.cursor].ID] = true
			}
		}
	}
	return nil
}

func (s *searchScreen) View(m *Model, w, h int) string {
	var b strings.Builder
	b.WriteString(s.input.View() + "\n\n")
	if strings.TrimSpace(s.query) == "" {
		b.WriteString(m.st.Muted.Render("Titles, notes and codes of every entry are searched."))
		return b.String()
	}
	if len(s.results) == 0 {
		b.WriteString(m.st.Muted.Render("Nothing matches “" + s.query + "”."))
		return b.String()
	}
	n := fmt.Sprintf("%d matches", len(s.results))
	if len(s.results) == 1 {
		n = "1 match"
	}
	b.WriteString(m.st.Muted.Render(n+" for “"+s.query+"”") + "\n")
	rows := max(1, h-4)
	start := max(0, s.cursor-rows+1)
	for i := start; i < len(s.results) && i < start+rows; i++ {
		e := s.results[i]
		b.WriteString(entryRow(m, &e, !s.typing && i == s.cursor, w-14) + m.st.Muted.Render("  "+string(e.Category)) + "\n")
	}
	return b.String()
}

func (s *searchScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{withHelp(k.Submit, "go to the results"), k.Up, k.Down, withHelp(k.Open, "details"), k.Reveal, k.Back}
}

func (s *searchScreen) Title() string { return "Search" }
