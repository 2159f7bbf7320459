package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// listScreen lists one category newest first, with filter-as-you-type. It
// keeps the entries in memory and renders only the visible window, so a key
// press costs the same on a hundred entries or a hundred thousand.
type listScreen struct {
	cat       record.Category
	all       []record.Entry
	shown     []int // indexes into all that pass the filter
	cursor    int
	offset    int
	filter    textinput.Model
	filtering bool
	loaded    bool
}

type listLoadedMsg struct {
	cat     record.Category
	entries []record.Entry
	err     error
}

func newListScreen(c record.Category) *listScreen {
	f := textinput.New()
	f.Prompt = "Filter: "
	f.SetWidth(40)
	return &listScreen{cat: c, filter: f}
}

func (l *listScreen) Typing() bool { return l.filtering }

func (l *listScreen) Reload(m *Model) tea.Cmd {
	s, ctx, c := m.sess, m.ctx, l.cat
	return func() tea.Msg {
		if s == nil {
			return nil
		}
		es, err := s.List(ctx, store.Filter{Categories: []record.Category{c}})
		return listLoadedMsg{cat: c, entries: es, err: err}
	}
}

func (l *listScreen) apply() {
	q := strings.ToLower(strings.TrimSpace(l.filter.Value()))
	l.shown = l.shown[:0]
	for i := range l.all {
		if q == "" || l.matches(&l.all[i], q) {
			l.shown = append(l.shown, i)
		}
	}
	if l.cursor >= len(l.shown) {
		l.cursor = max(0, len(l.shown)-1)
	}
}

func (l *listScreen) matches(e *record.Entry, q string) bool {
	return strings.Contains(strings.ToLower(e.Title), q) || strings.Contains(strings.ToLower(e.Notes), q) ||
		strings.Contains(e.Date, q) || strings.Contains(strings.ToLower(e.Value), q)
}

func (l *listScreen) current() (record.Entry, bool) {
	if len(l.shown) == 0 {
		return record.Entry{}, false
	}
	return l.all[l.shown[l.cursor]], true
}

func (l *listScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case listLoadedMsg:
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		if msg.cat == l.cat {
			l.all, l.loaded = msg.entries, true
			l.apply()
		}
		return nil
	case tea.KeyPressMsg:
		if l.filtering {
			switch {
			case key.Matches(msg, m.keys.Back):
				l.filtering = false
				l.filter.Blur()
				l.filter.Reset()
				l.apply()
				return nil
			case key.Matches(msg, m.keys.Open), key.Matches(msg, m.keys.Up), key.Matches(msg, m.keys.Down):
				if msg.String() == "enter" {
					l.filtering = false
					l.filter.Blur()
					return nil
				}
			default:
				var cmd tea.Cmd
				l.filter, cmd = l.filter.Update(msg)
				l.apply()
				return cmd
			}
		}
		page := 10
		switch {
		case key.Matches(msg, m.keys.Back):
			return func() tea.Msg { return popMsg{} }
		case key.Matches(msg, m.keys.Filter):
			l.filtering = true
			return l.filter.Focus()
		case key.Matches(msg, m.keys.Up):
			l.cursor = max(0, l.cursor-1)
		case key.Matches(msg, m.keys.Down):
			l.cursor = max(0, min(len(l.shown)-1, l.cursor+1))
		case key.Matches(msg, m.keys.PageUp):
			l.cursor = max(0, l.cursor-page)
		case key.Matches(msg, m.keys.PageDown):
			l.cursor = max(0, min(len(l.shown)-1, l.cursor+page))
		case key.Matches(msg, m.keys.Top):
			l.cursor = 0
		case key.Matches(msg, m.keys.Bottom):
			l.cursor = max(0, len(l.shown)-1)
		case key.Matches(msg, m.keys.Add):
			return push(newFormScreen(m, record.Entry{Category: l.cat}, false))
		case key.Matches(msg, m.keys.Open):
			if e, ok := l.current(); ok {
				return push(newDetailScreen(e.ID))
			}
		case key.Matches(msg, m.keys.Edit):
			if e, ok := l.current(); ok {
				return push(newFormScreen(m, e, true))
			}
		case key.Matches(msg, m.keys.Delete):
			if e, ok := l.current(); ok {
				return push(newConfirmScreen(m, e))
			}
		case key.Matches(msg, m.keys.Reveal):
			if e, ok := l.current(); ok && len(e.Sensitive) > 0 {
				m.revealed[e.ID] = true
			}
		}
	}
	return nil
}

func (l *listScreen) View(m *Model, w, h int) string {
	if !l.loaded {
		return m.st.Muted.Render("Loading…")
	}
	var b strings.Builder
	head := fmt.Sprintf("%s · %d", l.cat.Label(), len(l.all))
	if len(l.shown) != len(l.all) {
		head += fmt.Sprintf(" (%d match)", len(l.shown))
	}
	b.WriteString(m.st.Subtitle.Render(head) + "\n")
	if l.filtering || l.filter.Value() != "" {
		b.WriteString(l.filter.View() + "\n")
	} else {
		b.WriteString(m.st.Muted.Render("Press / to filter, a to add.") + "\n")
	}
	rows := max(1, h-3)
	if len(l.shown) == 0 {
		b.WriteString("\n" + m.st.Muted.Render("Nothing here yet. Press a to add the first one."))
		return b.String()
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+rows {
		l.offset = l.cursor - rows + 1
	}
	end := min(len(l.shown), l.offset+rows)
	for i := l.offset; i < end; i++ {
		e := &l.all[l.shown[i]]
		b.WriteString(entryRow(m, e, i == l.cursor, w) + "\n")
	}
	return b.String()
}

// entryRow renders one entry on one line: date, title, value, markers.
func entryRow(m *Model, e *record.Entry, selected bool, w int) string {
	date := when.DateOf(e.Date)
	if date == "" {
		date = "undated   "
	}
	title := e.Title
	val := strings.TrimSpace(e.Value + " " + e.Unit)
	mark := ""
	if len(e.Sensitive) > 0 {
		mark = " ⚑ sensitive"
	}
	if m.hidden(*e) {
		title, val = "sensitive, hidden", ""
	}
	tw := max(10, w-len(date)-len(val)-len(mark)-8)
	if r := []rune(title); len(r) > tw {
		title = string(r[:tw-1]) + "…"
	}
	line := fmt.Sprintf("%s  %-*s %s", date, tw, title, val)
	prefix := "  "
	if selected {
		return m.st.Selected.Render("› "+line) + m.st.Sensitive.Render(mark)
	}
	if m.hidden(*e) {
		return prefix + date + "  " + m.st.Sensitive.Render(fmt.Sprintf("%-*s", tw, title)) + m.st.Sensitive.Render(mark)
	}
	return prefix + line + m.st.Sensitive.Render(mark)
}

func (l *listScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{k.Up, k.Down, withHelp(k.Open, "details"), k.Filter, k.Add, k.Edit, k.Delete, k.Reveal,
		k.PageUp, k.PageDown, k.Top, k.Bottom, k.Back}
}

func (l *listScreen) Title() string { return l.cat.Label() }
