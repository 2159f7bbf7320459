// Package list lists one category newest first, with filter-as-you-type.
// It shows the newest page at once, then loads the whole category in the
// background, and renders only the visible window, so a key press costs
// about the same on a hundred entries or a hundred thousand.
package list

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is a category's list.
type Model struct {
	cat       record.Category
	all       []record.Entry
	lower     []string // each entry's searchable text, lower-cased once
	shown     []int    // indexes into all that pass the filter
	cursor    int
	offset    int
	filter    textinput.Model
	filtering bool
	loaded    bool
	// complete is set once the whole category is loaded (until then the
	// list holds the newest firstPage entries).
	complete bool
	// gen counts loads, so the answer of an older load is dropped.
	gen   int
	query string
	// hidden is privacy mode's test as the screen last saw it: a hidden
	// entry matches no filter, or a match would say what it holds.
	hidden func(record.Entry) bool
	// privacy is what hidden was made from, to filter again when it changes.
	privacy string
	// want is an entry to select once a load shows it (one just added);
	// held are the keys pressed meanwhile, which mean that entry ("+" for
	// another reading of it) and are handed on once it is selected.
	want string
	held []tea.KeyPressMsg
}

// firstPage is how many of the newest entries show while the rest load: a
// lifetime of measurements takes about a second to load whole, its newest
// page a few milliseconds.
const firstPage = 300

type loadedMsg struct {
	cat      record.Category
	gen      int
	entries  []record.Entry
	complete bool
	err      error
}

// New returns the list of one category.
func New(c record.Category) *Model {
	f := textinput.New()
	f.Prompt = "Filter: "
	f.SetWidth(40)
	return &Model{cat: c, filter: f}
}

// Typing reports whether the filter takes the keys.
func (l *Model) Typing() bool { return l.filtering }

// Load reads the category, newest first: the first time its newest page,
// then the rest; after a change to the record the whole category again,
// while the list already shown stays on screen.
func (l *Model) Load(env screen.Env) tea.Cmd {
	l.gen++
	if !l.loaded {
		return l.load(env, firstPage)
	}
	return l.load(env, 0)
}

// load reads the newest limit entries of the category (all for 0).
func (l *Model) load(env screen.Env, limit int) tea.Cmd {
	ctx, c, gen := env.Ctx, l.cat, l.gen
	return env.Run(func(s *app.Session) tea.Msg {
		es, err := s.List(ctx, store.Filter{Categories: []record.Category{c}, Limit: limit})
		return loadedMsg{cat: c, gen: gen, entries: es, err: err, complete: limit == 0 || len(es) < limit}
	})
}

// SetEntries shows entries as if the whole category had been loaded.
func (l *Model) SetEntries(es []record.Entry) { l.setEntries(es, true) }

// setEntries shows entries, keeping the selected entry selected where it is
// still there.
func (l *Model) setEntries(es []record.Entry, complete bool) {
	selected, hadSelection := l.current()
	l.all, l.loaded, l.complete = es, true, complete
	l.lower = make([]string, len(es))
	for i := range es {
		e := &es[i]
		l.lower[i] = strings.ToLower(e.Title + "\x00" + e.Notes + "\x00" + e.Date + "\x00" + e.Value + "\x00" + strings.Join(e.Tags, " "))
	}
	l.query = "\x00" // force apply
	l.apply()
	if l.want != "" && l.selectID(l.want) {
		l.want = ""
		return
	}
	if !hadSelection || (l.cursor < len(l.shown) && l.all[l.shown[l.cursor]].ID == selected.ID) {
		return
	}
	for i, j := range l.shown {
		if l.all[j].ID == selected.ID {
			l.cursor = i
			return
		}
	}
}

// selectID moves the cursor to the entry with the given id, if shown.
func (l *Model) selectID(id string) bool {
	for i, j := range l.shown {
		if l.all[j].ID == id {
			l.cursor = i
			return true
		}
	}
	return false
}

// apply filters the entries. A longer query only narrows the previous
// matches, so typing stays quick on a large list.
func (l *Model) apply() {
	q := strings.ToLower(strings.TrimSpace(l.filter.Value()))
	if q == l.query {
		return
	}
	narrowing := l.query != "\x00" && strings.HasPrefix(q, l.query) && l.query != ""
	l.query = q
	if narrowing {
		kept := l.shown[:0]
		for _, i := range l.shown {
			if l.matches(i, q) {
				kept = append(kept, i)
			}
		}
		l.shown = kept
	} else {
		l.shown = l.shown[:0]
		for i := range l.all {
			if q == "" || l.matches(i, q) {
				l.shown = append(l.shown, i)
			}
		}
	}
	if l.cursor >= len(l.shown) {
		l.cursor = max(0, len(l.shown)-1)
	}
}

// matches reports whether entry i holds q; an entry privacy mode hides
// holds nothing.
func (l *Model) matches(i int, q string) bool {
	if l.hidden != nil && l.hidden(l.all[i]) {
		return false
	}
	return strings.Contains(l.lower[i], q)
}

// watchPrivacy takes privacy mode's state from env, and filters again when
// it changed (turned on or off, an entry revealed or hidden again).
func (l *Model) watchPrivacy(env screen.Env) {
	state := fmt.Sprint(env.Privacy, len(env.Revealed))
	l.hidden = env.Hidden
	if state != l.privacy {
		l.privacy = state
		if l.query != "" && l.query != "\x00" {
			l.query = "\x00"
			l.apply()
		}
	}
}

func (l *Model) current() (record.Entry, bool) {
	if len(l.shown) == 0 {
		return record.Entry{}, false
	}
	return l.all[l.shown[l.cursor]], true
}

// Update moves, filters and opens.
func (l *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	l.watchPrivacy(env)
	switch msg := msg.(type) {
	case screen.SelectMsg:
		if !l.selectID(msg.ID) {
			l.want = msg.ID // the reload after the change has not come yet
		}
		return nil
	case loadedMsg:
		if msg.cat != l.cat || msg.gen != l.gen {
			return nil // an older load's answer
		}
		if msg.err != nil {
			l.want, l.held = "", nil
			return screen.Fail(msg.err)
		}
		l.setEntries(msg.entries, msg.complete)
		if !msg.complete {
			return l.load(env, 0)
		}
		// The whole category is here: the entry wanted is selected, or is
		// not in this list (moved to another category).
		l.want = ""
		return l.release()
	case tea.KeyPressMsg:
		if l.want != "" {
			l.held = append(l.held, msg)
			return nil
		}
		if l.filtering {
			switch {
			case key.Matches(msg, k.Back):
				l.filtering = false
				l.filter.Blur()
				l.filter.Reset()
				l.apply()
				return nil
			case key.Matches(msg, k.Open):
				l.filtering = false
				l.filter.Blur()
				return nil
			case msg.Code == tea.KeyUp || msg.Code == tea.KeyDown:
				// Arrows move through the matches while filtering.
			default:
				var cmd tea.Cmd
				l.filter, cmd = l.filter.Update(msg)
				l.apply()
				return cmd
			}
		}
		page := max(1, env.Height-9)
		last := max(0, len(l.shown)-1)
		switch {
		case key.Matches(msg, k.Back):
			return screen.Back
		case key.Matches(msg, k.Filter):
			l.filtering = true
			return l.filter.Focus()
		case key.Matches(msg, k.Up):
			l.cursor = max(0, l.cursor-1)
		case key.Matches(msg, k.Down):
			l.cursor = min(last, l.cursor+1)
		case key.Matches(msg, k.PageUp):
			l.cursor = max(0, l.cursor-page)
		case key.Matches(msg, k.PageDown):
			l.cursor = min(last, l.cursor+page)
		case key.Matches(msg, k.Top):
			l.cursor = 0
		case key.Matches(msg, k.Bottom):
			l.cursor = last
		case key.Matches(msg, k.Add):
			return screen.Open(screen.OpenMsg{Name: screen.AddForm, Category: l.cat})
		}
		e, ok := l.current()
		if !ok {
			return nil
		}
		switch {
		case key.Matches(msg, k.Open):
			return screen.Open(screen.OpenMsg{Name: screen.Detail, ID: e.ID})
		case key.Matches(msg, k.Edit):
			return screen.Open(screen.OpenMsg{Name: screen.EditForm, Entry: e})
		case key.Matches(msg, k.Delete):
			return screen.Open(screen.OpenMsg{Name: screen.Remove, Entry: e})
		case key.Matches(msg, k.Another) && readings(l.cat) && !env.Hidden(e):
			// The next reading of the same measurement: its name and unit
			// kept, a fresh value and date.
			return screen.Open(screen.OpenMsg{Name: screen.AddForm, Category: l.cat, Entry: e})
		case key.Matches(msg, k.Reveal) && env.Hidden(e):
			return screen.Reveal(e.ID)
		}
	}
	return nil
}

// release hands the held keys back, in order, as if pressed now.
func (l *Model) release() tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range l.held {
		cmds = append(cmds, func() tea.Msg { return k })
	}
	l.held = nil
	return tea.Sequence(cmds...)
}

// readings reports whether a category holds readings that come again
// (another weight, another blood test).
func readings(c record.Category) bool { return c == record.Measurement || c == record.Result }

// View renders the visible window of the list.
func (l *Model) View(env screen.Env, w, h int) string {
	// Privacy mode turns on and off at the root, without a message here.
	l.watchPrivacy(env)
	st := env.Styles
	if !l.loaded {
		return st.Muted.Render("Loading…")
	}
	var b strings.Builder
	head := fmt.Sprintf("%s · %d", l.cat.Label(), len(l.all))
	if !l.complete {
		head = fmt.Sprintf("%s · newest %d, loading the rest…", l.cat.Label(), len(l.all))
	}
	if len(l.shown) != len(l.all) {
		head += fmt.Sprintf(" (%d match)", len(l.shown))
	}
	b.WriteString(st.Subtitle.Render(head) + "\n")
	if l.filtering || l.filter.Value() != "" {
		b.WriteString(l.filter.View() + "\n")
	} else {
		b.WriteString(st.Muted.Render("Press / to filter, a to add.") + "\n")
	}
	rows := max(1, h-3)
	if len(l.shown) == 0 {
		if len(l.all) == 0 {
			b.WriteString("\n" + st.Muted.Render("Nothing here yet. Press a to add the first one."))
		} else {
			b.WriteString("\n" + st.Muted.Render("Nothing matches the filter. Press esc to clear it."))
		}
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
		b.WriteString(entry.Row(env, &l.all[l.shown[i]], i == l.cursor, w) + "\n")
	}
	return b.String()
}

// Keys lists the screen's keys.
func (l *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	out := []key.Binding{k.Up, k.Down, keys.WithHelp(k.Open, "details"), k.Filter, k.Add}
	if readings(l.cat) {
		out = append(out, k.Another)
	}
	out = append(out, k.Edit, k.Delete)
	if e, ok := l.current(); ok && env.Hidden(e) {
		// Offered only where there is something hidden to reveal.
		out = append(out, k.Reveal)
	}
	return append(out, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Back)
}

// Title names the screen.
func (l *Model) Title() string { return l.cat.Label() }
