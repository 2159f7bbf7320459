// Package detail shows every field of one entry: dates, status, values and
// their parts, code, tags, sensitive kinds, attachments and notes. In
// privacy mode a sensitive entry stays hidden until the person reveals it.
package detail

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the detail screen of one entry.
type Model struct {
	id     string
	e      record.Entry
	loaded bool
	offset int
	// files is the attached files' part of the screen: which one is chosen,
	// the question before saving a copy.
	files files
}

type loadedMsg struct {
	e   record.Entry
	err error
	// open are the attachments with a copy open for a viewer.
	open []string
}

// New returns the detail screen of the entry with this id.
func New(id string) *Model { return &Model{id: id} }

// Holds names the entry shown.
func (d *Model) Holds() string { return d.id }

// Load reads the entry.
func (d *Model) Load(env screen.Env) tea.Cmd {
	ctx, id := env.Ctx, d.id
	return env.Run(func(s *app.Session) tea.Msg {
		e, err := s.Entry(ctx, id)
		return loadedMsg{e: e, err: err, open: s.ViewCopies()}
	})
}

// Update handles the keys.
func (d *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	if _, loaded := msg.(loadedMsg); d.files.asking() && !loaded {
		// The question takes every key and its own timer.
		return d.files.update(env, msg)
	}
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			// The entry was deleted: go back to the list.
			return screen.Back
		}
		if msg.e.ID == d.id {
			d.e, d.loaded = msg.e, true
			d.files.setOpen(msg.open)
		}
	case viewReadyMsg, viewedMsg, savedMsg:
		return d.files.update(env, msg)
	case tea.KeyPressMsg:
		if d.loaded && !env.Hidden(d.e) {
			if cmd, ok := d.files.key(env, d.e, msg); ok {
				return cmd
			}
		}
		switch {
		case key.Matches(msg, k.Back):
			return screen.Back
		case key.Matches(msg, k.Down):
			d.offset++
		case key.Matches(msg, k.Up):
			d.offset = max(0, d.offset-1)
		case !d.loaded:
		case key.Matches(msg, k.Edit):
			return screen.Open(screen.OpenMsg{Name: screen.EditForm, Entry: d.e})
		case key.Matches(msg, k.Delete):
			return screen.Open(screen.OpenMsg{Name: screen.Remove, Entry: d.e})
		case key.Matches(msg, k.Reveal) && env.Hidden(d.e):
			return screen.Reveal(d.id)
		}
	}
	return nil
}

// View renders the fields, scrolled to fit.
func (d *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if !d.loaded {
		return st.Muted.Render("Loading…")
	}
	e := d.e
	if env.Hidden(e) {
		// Not even the kind: "mental health" says as much as the title.
		return st.WarnBox.Width(min(w-2, 68)).Render(entry.Hidden + "\n\nPrivacy mode hides this entry.\nPress r to reveal it, if nobody else can see your screen.")
	}
	var b strings.Builder
	b.WriteString(st.Subtitle.Width(max(20, w)).Render(safetext.Line(e.Title)) + "\n\n")
	// Every value may have come from an import: each is one clean line.
	row := func(label, v string) {
		if v != "" {
			// A long value wraps under itself, not under the labels.
			b.WriteString(strings.Join(screen.Hang(st.Label.Render(safetext.Line(label)), safetext.Line(v), w), "\n") + "\n")
		}
	}
	row("Category", e.Category.Label())
	row("Date", e.Date)
	row("Ended", e.End)
	row("Status", record.StatusWords(e.Status))
	// The value in the person's chosen units and the rest, as accessible
	// mode says them.
	for _, f := range app.EntryFields(e, env.Shown(e)) {
		if f.Part {
			f.Label = "  " + f.Label
		}
		row(f.Label, f.Value)
	}
	if len(e.Sensitive) > 0 {
		b.WriteString(st.Label.Render("Sensitive") + st.Sensitive.Render("⚑ "+entry.Kinds(e.Sensitive)) + "\n")
	}
	if d.files.asking() {
		return d.files.view(env, w)
	}
	for i, a := range e.Attachments {
		mark := ""
		if len(e.Attachments) > 1 && i == d.files.pick {
			mark = "› "
		}
		row("Attachment", fmt.Sprintf("%s%s (%s, %s)", mark, a.Name, entry.Dash(a.Type), app.SizeWords(a.Size)))
		if d.files.open[a.ID] {
			label := st.Label.Render("")
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, label, st.Warning.Width(max(20, w-lipgloss.Width(label))).
				Render("! open in your viewer: its copy stays in memory until you lock (ctrl+l) or quit")) + "\n")
		}
	}
	if len(e.Attachments) > 0 {
		b.WriteString(st.Muted.Render(d.files.hint(len(e.Attachments))) + "\n")
	}
	for _, l := range e.Links {
		row("Link", l)
	}
	for _, f := range app.SourceFields(e) {
		row(f.Label, f.Value)
	}
	row("Added", e.Created.Local().Format("2006-01-02 15:04"))
	row("Changed", e.Updated.Local().Format("2006-01-02 15:04"))
	row("Id", e.ID)
	if e.Notes != "" {
		b.WriteString("\n" + st.Subtitle.Render("Notes") + "\n" + st.Normal.Width(max(20, w)).Render(safetext.Text(e.Notes)) + "\n")
	}
	// Scrolled with ↑/↓; the last line says how much is above and below.
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	d.offset = min(d.offset, max(0, len(lines)-(h-1)))
	return screen.Scroll(st, strings.Join(lines, "\n"), d.offset, d.offset+h-1, h)
}

// Keys lists the screen's keys.
func (d *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	if d.files.asking() {
		return d.files.dialog.Keys(k)
	}
	var out []key.Binding
	if d.loaded && len(d.e.Attachments) > 0 && !env.Hidden(d.e) {
		out = append(out, keys.WithHelp(k.ViewFile, "view the file"), keys.WithHelp(k.SaveFile, "save a copy"))
	}
	out = append(out, k.Edit, k.Delete)
	if d.loaded && env.Hidden(d.e) {
		// Offered only where there is something hidden to reveal.
		out = append(out, k.Reveal)
	}
	return append(out, k.Up, k.Down, k.Back)
}

// Title names the screen.
func (d *Model) Title() string { return "Details" }
