// Package home is the first screen after unlocking: the profile card, what
// matters at a glance (allergies, current medications, upcoming
// appointments), every category with its count, and the other screens
// (search, charts, sharing, audit, settings) with their shortcuts. The
// other screens come from Env.Menu, so a new screen appears here without
// changing this package.
package home

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Profile is the name of the profile screen, opened from the card.
const Profile = screen.Profile

// Model is the home screen.
type Model struct {
	loaded    bool
	profile   record.Profile
	counts    map[record.Category]int
	allergies []record.Entry
	meds      []record.Entry
	upcoming  []record.Entry
	cursor    int
}

type loadedMsg struct {
	profile               record.Profile
	counts                map[record.Category]int
	allergies, meds, next []record.Entry
	err                   error
}

// New returns the home screen.
func New() *Model { return &Model{} }

// item is one line of the menu: a category, or another screen.
type item struct {
	label string
	cat   record.Category
	open  *screen.MenuItem
}

func (h *Model) menu(env screen.Env) []item {
	var items []item
	for _, c := range record.Categories() {
		items = append(items, item{label: fmt.Sprintf("%-14s %6d", c.Label(), h.counts[c]), cat: c})
	}
	for i := range env.Menu {
		mi := &env.Menu[i]
		items = append(items, item{label: fmt.Sprintf("%-2s %s", mi.Key.Help().Key, mi.Label), open: mi})
	}
	return items
}

// Load reads the profile, the counts and the glance lists.
func (h *Model) Load(env screen.Env) tea.Cmd {
	ctx := env.Ctx
	return env.Run(func(s *app.Session) tea.Msg {
		var msg loadedMsg
		if msg.profile, msg.err = s.Profile(ctx); msg.err != nil {
			return msg
		}
		if msg.counts, msg.err = s.Counts(ctx); msg.err != nil {
			return msg
		}
		g, err := s.Glance(ctx)
		msg.allergies, msg.meds, msg.next, msg.err = g.Allergies, g.Medications, g.Upcoming, err
		return msg
	})
}

// Update moves through the menu and opens what is chosen.
func (h *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		h.loaded = true
		h.profile, h.counts, h.allergies, h.meds, h.upcoming = msg.profile, msg.counts, msg.allergies, msg.meds, msg.next
	case tea.KeyPressMsg:
		items := h.menu(env)
		switch {
		case key.Matches(msg, env.Keys.Up):
			h.cursor = max(0, h.cursor-1)
			return nil
		case key.Matches(msg, env.Keys.Down):
			h.cursor = min(len(items)-1, h.cursor+1)
			return nil
		case key.Matches(msg, env.Keys.Open):
			it := items[h.cursor]
			if it.open != nil {
				return screen.Open(it.open.Open)
			}
			return screen.Open(screen.OpenMsg{Name: screen.List, Category: it.cat})
		}
		for _, mi := range env.Menu {
			if key.Matches(msg, mi.Key) {
				return screen.Open(mi.Open)
			}
		}
		for _, m := range h.more(env) {
			if key.Matches(msg, m.key) {
				return screen.Open(screen.OpenMsg{Name: screen.List, Category: m.cat})
			}
		}
	}
	return nil
}

// View renders the card, the glance and the menu; narrow terminals get a
// compact layout.
func (h *Model) View(env screen.Env, w, ht int) string {
	st := env.Styles
	if !h.loaded {
		return st.Muted.Render("Loading…")
	}
	p := h.profile
	name := safetext.Line(p.Name)
	if name == "" {
		name = "(no name yet: press i to fill in your profile)"
	}
	age := ""
	if a := p.Age(env.Now()); a >= 0 {
		age = fmt.Sprintf(", %d", a)
	}
	card := st.Subtitle.Render(name+age) + "\n" +
		st.Muted.Render("Blood type ") + entry.Dash(safetext.Line(p.BloodType)) + "\n" +
		st.Muted.Render("Emergency  ") + entry.Dash(safetext.Line(p.EmergencyContact))
	if p.EmergencyNotes != "" {
		card += "\n" + st.Muted.Render("Important  ") + cut(safetext.Line(p.EmergencyNotes), 48)
	}
	if p.Languages != "" {
		card += "\n" + st.Muted.Render("Speaks     ") + cut(safetext.Line(p.Languages), 48)
	}
	items := h.menu(env)
	line := func(i int, it item) string {
		if i == h.cursor {
			return st.Selected.Render("› " + it.label)
		}
		return "  " + it.label
	}
	if w < 90 {
		// Narrow: the glance in three lines, the menu in two columns, or in
		// one where two do not fit; the whole scrolls to keep the cursor
		// on screen.
		glance := st.Muted.Render("Allergies  ") + h.inline(env, h.allergies, w-11) + "\n" +
			st.Muted.Render("Taking     ") + h.inline(env, h.meds, w-11) + "\n" +
			st.Muted.Render("Next       ") + h.inline(env, h.upcoming, w-11)
		top := lipgloss.JoinVertical(lipgloss.Left, st.Card.Render(card), glance)
		if lipgloss.Height(top)+1+len(record.Categories()) <= ht {
			top += "\n" // a blank line before the menu where it fits
		}
		var left, right strings.Builder
		row := 0
		for i, it := range items {
			col := &left
			if it.open != nil {
				col = &right
			}
			if i == h.cursor {
				row = strings.Count(col.String(), "\n")
			}
			col.WriteString(line(i, it) + "\n")
		}
		var menu string
		if w >= 26+menuWidth(items) {
			menu = lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(26).Render(left.String()), right.String())
		} else {
			if items[h.cursor].open != nil {
				row += strings.Count(left.String(), "\n") + 1
			}
			menu = left.String() + "\n" + right.String()
		}
		focus := lipgloss.Height(top) + row
		return screen.Scroll(st, top+"\n"+strings.TrimRight(menu, "\n"), focus, focus+1, ht)
	}
	colW := max(30, w/2-2)
	glance := st.Subtitle.Render("Allergies") + "\n" + h.bullets(env, h.allergies, glanceAllergies, env.Keys.AllAllergies) + "\n" +
		st.Subtitle.Render("Current medications") + "\n" + h.bullets(env, h.meds, glanceMeds, env.Keys.AllMedications) + "\n" +
		st.Subtitle.Render("Upcoming appointments") + "\n" + h.bullets(env, h.upcoming, glanceUpcoming, env.Keys.AllAppointments)
	left := st.Card.Width(colW).Render(card) + "\n" + glance
	var menu strings.Builder
	for i, it := range items {
		menu.WriteString(line(i, it) + "\n")
	}
	out := lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(colW+2).Render(left), "  ", menu.String())
	return screen.Scroll(st, out, h.cursor, h.cursor+1, ht)
}

// menuWidth is the width of the widest of the other screens' lines.
func menuWidth(items []item) int {
	w := 0
	for _, it := range items {
		if it.open != nil {
			w = max(w, lipgloss.Width(it.label)+2)
		}
	}
	return w
}

// inline lists entries on one line, cut to fit.
func (h *Model) inline(env screen.Env, es []record.Entry, w int) string {
	if len(es) == 0 {
		return env.Styles.Muted.Render("none recorded")
	}
	parts := make([]string, 0, len(es))
	for _, e := range es {
		t := entry.Title(env, e)
		if e.Category == record.Appointment && e.Date != "" {
			t = when.DateOf(e.Date) + " " + t
		}
		parts = append(parts, t)
	}
	return entry.Truncate(strings.Join(parts, " · "), w)
}

// How many entries each glance list shows on a wide screen.
const (
	glanceAllergies = 3
	glanceMeds      = 4
	glanceUpcoming  = 3
)

// moreList is a glance list that holds more than it shows: the key that
// opens all of it, and its category.
type moreList struct {
	key key.Binding
	cat record.Category
}

// more lists the glance lists that hold more than they show.
func (h *Model) more(env screen.Env) []moreList {
	k := env.Keys
	var out []moreList
	for _, g := range []struct {
		es []record.Entry
		n  int
		m  moreList
	}{{h.allergies, glanceAllergies, moreList{k.AllAllergies, record.Allergy}},
		{h.meds, glanceMeds, moreList{k.AllMedications, record.Medication}},
		{h.upcoming, glanceUpcoming, moreList{k.AllAppointments, record.Appointment}}} {
		if len(g.es) > g.n {
			out = append(out, g.m)
		}
	}
	return out
}

// bullets lists at most n entries; "… and 3 more" names the key that
// opens them all.
func (h *Model) bullets(env screen.Env, es []record.Entry, n int, all key.Binding) string {
	st := env.Styles
	if len(es) == 0 {
		return st.Muted.Render("  none recorded") + "\n"
	}
	var b strings.Builder
	for i, e := range es {
		if i == n {
			b.WriteString(st.Muted.Render(fmt.Sprintf("  … and %d more: press %s", len(es)-n, all.Help().Key)) + "\n")
			break
		}
		b.WriteString("  • " + entry.Title(env, e))
		if e.Category == record.Appointment && e.Date != "" {
			b.WriteString(st.Muted.Render("  " + when.DateOf(e.Date)))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Keys lists the screen's keys, with every menu shortcut.
func (h *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	out := []key.Binding{k.Up, k.Down, keys.WithHelp(k.Open, "open")}
	for _, mi := range env.Menu {
		out = append(out, mi.Key)
	}
	for _, m := range h.more(env) {
		out = append(out, m.key)
	}
	return out
}

// Title names the screen.
func (h *Model) Title() string { return "Home" }

// cut keeps the first line of s, at most n characters, so one long note
// does not stretch the card.
func cut(s string, n int) string {
	s, _, more := strings.Cut(s, "\n")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	if more {
		return s + "…"
	}
	return s
}
