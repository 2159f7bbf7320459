package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/record"
)

// detailScreen shows every field of one entry.
type detailScreen struct {
	id     string
	e      record.Entry
	loaded bool
}

type detailLoadedMsg struct {
	e   record.Entry
	err error
}

func newDetailScreen(id string) *detailScreen { return &detailScreen{id: id} }

func (d *detailScreen) Reload(m *Model) tea.Cmd {
	s, ctx, id := m.sess, m.ctx, d.id
	return func() tea.Msg {
		if s == nil {
			return nil
		}
		e, err := s.Entry(ctx, id)
		return detailLoadedMsg{e: e, err: err}
	}
}

func (d *detailScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case detailLoadedMsg:
		if msg.err != nil {
			// The entry was deleted: go back to the list.
			return func() tea.Msg { return popMsg{} }
		}
		if msg.e.ID == d.id {
			d.e, d.loaded = msg.e, true
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Back):
			return func() tea.Msg { return popMsg{} }
		case key.Matches(msg, m.keys.Edit) && d.loaded:
			return push(newFormScreen(m, d.e, true))
		case key.Matches(msg, m.keys.Delete) && d.loaded:
			return push(newConfirmScreen(m, d.e))
		case key.Matches(msg, m.keys.Reveal):
			m.revealed[d.id] = true
		}
	}
	return nil
}

func (d *detailScreen) View(m *Model, w, h int) string {
	if !d.loaded {
		return m.st.Muted.Render("Loading…")
	}
	e := d.e
	if m.hidden(e) {
		return m.st.WarnBox.Render("sensitive, hidden\n\nThis entry is marked " + kindWords(e.Sensitive) +
			".\nPress r to reveal it, if nobody else can see your screen.")
	}
	var b strings.Builder
	b.WriteString(m.st.Subtitle.Render(e.Title) + "\n\n")
	row := func(label, v string) {
		if v != "" {
			b.WriteString(m.st.Label.Render(label) + v + "\n")
		}
	}
	row("Category", string(e.Category))
	row("Date", e.Date)
	row("Ended", e.End)
	row("Status", e.Status)
	row("Value", strings.TrimSpace(e.Value+" "+e.Unit))
	for _, c := range e.Components {
		row("  "+c.Title, strings.TrimSpace(c.Value+" "+c.Unit))
	}
	row("Reference range", e.Range)
	row("Interpretation", e.Interpretation)
	if e.Code != nil {
		row("Code", strings.TrimSpace(fmt.Sprintf("%s %s %s", e.Code.System, e.Code.Code, e.Code.Display)))
	}
	row("Tags", strings.Join(e.Tags, ", "))
	if len(e.Sensitive) > 0 {
		b.WriteString(m.st.Label.Render("Sensitive") + m.st.Sensitive.Render("⚑ "+kindWords(e.Sensitive)) + "\n")
	}
	for _, a := range e.Attachments {
		row("Attachment", fmt.Sprintf("%s (%s, %d bytes)", a.Name, dashed(a.Type), a.Size))
	}
	for _, l := range e.Links {
		row("Link", l)
	}
	row("Source", strings.TrimSpace(e.Source+" "+e.SourceID))
	row("Added", e.Created.Local().Format("2006-01-02 15:04"))
	row("Changed", e.Updated.Local().Format("2006-01-02 15:04"))
	row("Id", e.ID)
	if e.Notes != "" {
		b.WriteString("\n" + m.st.Subtitle.Render("Notes") + "\n" + e.Notes + "\n")
	}
	return b.String()
}

func kindWords(ks []record.Kind) string {
	w := make([]string, len(ks))
	for i, k := range ks {
		w[i] = k.Describe()
	}
	return strings.Join(w, ", ")
}

func (d *detailScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{k.Edit, k.Delete, k.Reveal, k.Back}
}

func (d *detailScreen) Title() string { return "Details" }
