package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// homeScreen shows the profile card, what matters at a glance, and every
// category with its count.
type homeScreen struct {
	loaded    bool
	profile   record.Profile
	counts    map[record.Category]int
	allergies []record.Entry
	meds      []record.Entry
	upcoming  []record.Entry
	cursor    int
}

type homeLoadedMsg struct {
	profile               record.Profile
	counts                map[record.Category]int
	allergies, meds, next []record.Entry
	err                   error
}

func newHomeScreen() *homeScreen { return &homeScreen{} }

// menu is the home screen's list: the categories, then the other screens.
type menuItem struct {
	label string
	cat   record.Category
	open  func() screen
}

func (h *homeScreen) menu() []menuItem {
	var items []menuItem
	for _, c := range record.Categories() {
		items = append(items, menuItem{label: fmt.Sprintf("%-14s %6d", c.Label(), h.counts[c]), cat: c})
	}
	items = append(items,
		menuItem{label: "Search the whole record", open: func() screen { return newSearchScreen() }},
		menuItem{label: "Charts of measurements and results", open: func() screen { return newChartScreen() }},
		menuItem{label: "Share with a carer", open: func() screen { return newShareScreen() }},
		menuItem{label: "Carers and what you shared", open: func() screen { return newCarersScreen() }},
		menuItem{label: "Audit log", open: func() screen { return newAuditScreen() }},
		menuItem{label: "Settings", open: func() screen { return newSettingsScreen() }},
	)
	return items
}

func (h *homeScreen) Reload(m *Model) tea.Cmd {
	s, ctx := m.sess, m.ctx
	today := when.DateOf(m.now().UTC().Format("2006-01-02"))
	return func() tea.Msg {
		var msg homeLoadedMsg
		if s == nil {
			return msg
		}
		if msg.profile, msg.err = s.Profile(ctx); msg.err != nil {
			return msg
		}
		if msg.counts, msg.err = s.Counts(ctx); msg.err != nil {
			return msg
		}
		if msg.allergies, msg.err = s.List(ctx, store.Filter{Categories: []record.Category{record.Allergy}, Limit: 50}); msg.err != nil {
			return msg
		}
		meds, err := s.List(ctx, store.Filter{Categories: []record.Category{record.Medication}, Limit: 500})
		if msg.err = err; err != nil {
			return msg
		}
		for _, e := range meds {
			if current(e) {
				msg.meds = append(msg.meds, e)
			}
		}
		msg.next, msg.err = s.List(ctx, store.Filter{Categories: []record.Category{record.Appointment}, Since: today, Oldest: true, Limit: 5})
		return msg
	}
}

// current reports whether a medication is still being taken.
func current(e record.Entry) bool {
	st := strings.ToLower(e.Status)
	if e.End != "" || st == "stopped" || st == "completed" || st == "inactive" || st == "cancelled" || st == "entered-in-error" {
		return false
	}
	return true
}

func (h *homeScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case homeLoadedMsg:
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		h.loaded = true
		h.profile, h.counts, h.allergies, h.meds, h.upcoming = msg.profile, msg.counts, msg.allergies, msg.meds, msg.next
	case tea.KeyPressMsg:
		items := h.menu()
		switch {
		case key.Matches(msg, m.keys.Up):
			h.cursor = max(0, h.cursor-1)
		case key.Matches(msg, m.keys.Down):
			h.cursor = min(len(items)-1, h.cursor+1)
		case key.Matches(msg, m.keys.Search):
			return push(newSearchScreen())
		case key.Matches(msg, m.keys.Charts):
			return push(newChartScreen())
		case key.Matches(msg, m.keys.Audit):
			return push(newAuditScreen())
		case key.Matches(msg, m.keys.Carers):
			return push(newCarersScreen())
		case key.Matches(msg, m.keys.Share):
			return push(newShareScreen())
		case key.Matches(msg, m.keys.Open):
			it := items[h.cursor]
			if it.open != nil {
				return push(it.open())
			}
			return push(newListScreen(it.cat))
		}
	}
	return nil
}

func push(s screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }

func (h *homeScreen) View(m *Model, w, ht int) string {
	if !h.loaded {
		return m.st.Muted.Render("Loading…")
	}
	p := h.profile
	name := p.Name
	if name == "" {
		name = "(no name yet: add one with phr profile set)"
	}
	age := ""
	if a := p.Age(m.now()); a >= 0 {
		age = fmt.Sprintf(", %d", a)
	}
	card := m.st.Subtitle.Render(name+age) + "\n" +
		m.st.Muted.Render("Blood type ") + dashed(p.BloodType) + "\n" +
		m.st.Muted.Render("Emergency  ") + dashed(p.EmergencyContact)
	glance := m.st.Subtitle.Render("Allergies") + "\n" + h.bullets(m, h.allergies, 3) + "\n" +
		m.st.Subtitle.Render("Current medications") + "\n" + h.bullets(m, h.meds, 4) + "\n" +
		m.st.Subtitle.Render("Upcoming appointments") + "\n" + h.bullets(m, h.upcoming, 3)
	colW := max(30, w/2-2)
	items := h.menu()
	if w < 90 {
		// Narrow: the glance in three lines, the menu in two columns.
		glance := m.st.Muted.Render("Allergies  ") + h.inline(m, h.allergies, w-14) + "\n" +
			m.st.Muted.Render("Taking     ") + h.inline(m, h.meds, w-14) + "\n" +
			m.st.Muted.Render("Next       ") + h.inline(m, h.upcoming, w-14)
		var left, right strings.Builder
		for i, it := range items {
			line := "  " + it.label
			if i == h.cursor {
				line = m.st.Selected.Render("› " + it.label)
			}
			if it.open == nil {
				left.WriteString(line + "\n")
			} else {
				right.WriteString(line + "\n")
			}
		}
		menu := lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(26).Render(left.String()), right.String())
		return lipgloss.JoinVertical(lipgloss.Left, m.st.Card.Render(card), glance, "", menu)
	}
	left := m.st.Card.Width(colW).Render(card) + "\n" + glance
	var menu strings.Builder
	for i, it := range items {
		line := "  " + it.label
		if i == h.cursor {
			line = m.st.Selected.Render("› " + it.label)
		}
		menu.WriteString(line + "\n")
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(colW+2).Render(left), "  ", menu.String())
}

// inline lists entries on one line, cut to fit.
func (h *homeScreen) inline(m *Model, es []record.Entry, w int) string {
	if len(es) == 0 {
		return m.st.Muted.Render("none recorded")
	}
	var parts []string
	for _, e := range es {
		t := entryTitle(m, e)
		if e.Category == record.Appointment && e.Date != "" {
			t = when.DateOf(e.Date) + " " + t
		}
		parts = append(parts, t)
	}
	return truncate(strings.Join(parts, " · "), w)
}

func (h *homeScreen) bullets(m *Model, es []record.Entry, n int) string {
	if len(es) == 0 {
		return m.st.Muted.Render("  none recorded") + "\n"
	}
	var b strings.Builder
	for i, e := range es {
		if i == n {
			b.WriteString(m.st.Muted.Render(fmt.Sprintf("  … and %d more", len(es)-n)) + "\n")
			break
		}
		b.WriteString("  • " + entryTitle(m, e))
		if e.Category == record.Appointment && e.Date != "" {
			b.WriteString(m.st.Muted.Render("  " + when.DateOf(e.Date)))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (h *homeScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{k.Up, k.Down, withHelp(k.Open, "open"), k.Search, k.Charts, k.Share, k.Carers, k.Audit}
}

func (h *homeScreen) Title() string { return "Home" }

// entryTitle is an entry's title, or the privacy placeholder.
func entryTitle(m *Model, e record.Entry) string {
	if m.hidden(e) {
		return m.st.Sensitive.Render("sensitive, hidden")
	}
	return e.Title
}

func dashed(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

var _ = app.SettingLockAfter
