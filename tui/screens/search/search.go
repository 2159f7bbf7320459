// Package search searches titles, notes and codes across the whole record as
// the person types.
package search

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the search screen.
type Model struct {
	input textinput.Model
	// found is what the search answered; results what is shown of it:
	// privacy mode leaves out the entries it hides, or a match would say
	// what they hold.
	found   []record.Entry
	results []record.Entry
	cursor  int
	typing  bool
	query   string
	// seq counts changes to the query; a search starts only once the
	// typing has settled (the latest change's settledMsg arrives).
	seq int
}

// Settle is how long typing pauses before the search runs: a search per key
// press would mostly be thrown away, and each one holds the record while it
// runs (a few milliseconds on a lifetime of records).
const Settle = 150 * time.Millisecond

// Limit is how many matches a search shows, in store.Search's order: the
// entries that are not measurements first, best match first, then the
// readings, newest first.
const Limit = 200

type settledMsg struct{ seq int }

type resultMsg struct {
	query   string
	results []record.Entry
	err     error
}

// New returns the search screen, ready to type.
func New() *Model {
	in := textinput.New()
	in.Prompt = "Search: "
	in.Placeholder = "a word or the start of one, e.g. penicil"
	in.SetWidth(50)
	return &Model{input: in, typing: true}
}

// Typing reports whether the query field takes the keys.
func (s *Model) Typing() bool { return s.typing }

// Load focuses the field, or runs the query again after a change.
func (s *Model) Load(env screen.Env) tea.Cmd {
	env.StyleInput(&s.input)
	if s.typing {
		return tea.Batch(s.input.Focus(), s.run(env, s.input.Value()))
	}
	return s.run(env, s.query)
}

func (s *Model) run(env screen.Env, q string) tea.Cmd {
	ctx := env.Ctx
	return env.Run(func(sess *app.Session) tea.Msg {
		if strings.TrimSpace(q) == "" {
			return resultMsg{query: q}
		}
		rs, err := sess.Search(ctx, q, Limit)
		return resultMsg{query: q, results: rs, err: err}
	})
}

// Update handles typing, moving and opening.
func (s *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	defer s.show(env)
	s.show(env)
	switch msg := msg.(type) {
	case settledMsg:
		if msg.seq == s.seq {
			return s.run(env, s.input.Value())
		}
	case resultMsg:
		// Answers to older queries arrive late: keep only the latest.
		if msg.query == s.input.Value() || !s.typing {
			if msg.err != nil {
				return screen.Fail(msg.err)
			}
			s.found, s.query = msg.results, msg.query
			s.show(env)
		}
	case tea.KeyPressMsg:
		if s.typing {
			switch {
			case key.Matches(msg, k.Back):
				return screen.Back
			case key.Matches(msg, k.Submit), msg.Code == tea.KeyDown:
				s.typing = false
				s.input.Blur()
				return nil
			}
			var cmd tea.Cmd
			before := s.input.Value()
			s.input, cmd = s.input.Update(msg)
			if s.input.Value() != before {
				s.seq++
				seq := s.seq
				return tea.Batch(cmd, tea.Tick(Settle, func(time.Time) tea.Msg { return settledMsg{seq} }))
			}
			return cmd
		}
		switch {
		case key.Matches(msg, k.Back):
			return screen.Back
		case key.Matches(msg, k.Filter), key.Matches(msg, k.Search):
			s.typing = true
			return s.input.Focus()
		case key.Matches(msg, k.Up):
			if s.cursor == 0 {
				s.typing = true
				return s.input.Focus()
			}
			s.cursor--
		case key.Matches(msg, k.Down):
			s.cursor = min(max(0, len(s.results)-1), s.cursor+1)
		case len(s.results) == 0:
		case key.Matches(msg, k.Open):
			return screen.Open(screen.OpenMsg{Name: screen.Detail, ID: s.results[s.cursor].ID})
		case key.Matches(msg, k.Reveal) && env.Hidden(s.results[s.cursor]):
			return screen.Reveal(s.results[s.cursor].ID)
		}
	}
	return nil
}

// show keeps of the search's answer what privacy mode does not hide.
func (s *Model) show(env screen.Env) {
	s.results = s.results[:0]
	for _, e := range s.found {
		if !env.Hidden(e) {
			s.results = append(s.results, e)
		}
	}
	s.cursor = min(s.cursor, max(0, len(s.results)-1))
}

// View renders the query and the visible results.
func (s *Model) View(env screen.Env, w, h int) string {
	// Privacy mode turns on and off at the root, without a message here.
	s.show(env)
	st := env.Styles
	var b strings.Builder
	b.WriteString(s.input.View() + "\n\n")
	if strings.TrimSpace(s.query) == "" {
		b.WriteString(st.Muted.Render("Titles, notes and codes of every entry are searched. Press enter to move to the results."))
		return b.String()
	}
	if len(s.results) == 0 {
		b.WriteString(st.Muted.Render("Nothing matches “" + safetext.Line(s.query) + "”."))
		return b.String()
	}
	n := fmt.Sprintf("%d matches", len(s.results))
	switch len(s.results) {
	case 1:
		n = "1 match"
	case Limit:
		n = fmt.Sprintf("The first %d matches (add a word to narrow them)", Limit)
	}
	b.WriteString(st.Muted.Render(n+" for “"+safetext.Line(s.query)+"”") + "\n")
	rows := max(1, h-4)
	start := max(0, s.cursor-rows+1)
	for i := start; i < len(s.results) && i < start+rows; i++ {
		e := s.results[i]
		b.WriteString(entry.Row(env, &e, !s.typing && i == s.cursor, w-14) + st.Muted.Render("  "+string(e.Category)) + "\n")
	}
	return b.String()
}

// Keys lists the screen's keys.
func (s *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	out := []key.Binding{keys.WithHelp(k.Submit, "go to the results"), k.Up, k.Down, keys.WithHelp(k.Open, "details")}
	if s.cursor < len(s.results) && env.Hidden(s.results[s.cursor]) {
		// Offered only where there is something hidden to reveal.
		out = append(out, k.Reveal)
	}
	return append(out, k.Back)
}

// Title names the screen.
func (s *Model) Title() string { return "Search" }
