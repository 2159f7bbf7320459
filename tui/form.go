package tui

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// formScreen adds or edits an entry with a huh form.
type formScreen struct {
	edit                                        bool
	orig                                        record.Entry
	form                                        *huh.Form
	title, date, status, value, unit, notes, tg string
	attach                                      string
	kinds                                       []record.Kind
	cat                                         record.Category
	saving                                      bool
}

type formDoneMsg struct {
	text string
	err  error
}

func newFormScreen(m *Model, e record.Entry, edit bool) *formScreen {
	f := &formScreen{edit: edit, orig: e, title: e.Title, date: e.Date, status: e.Status, value: e.Value, unit: e.Unit,
		notes: e.Notes, tg: strings.Join(e.Tags, ", "), kinds: slices.Clone(e.Sensitive), cat: e.Category}
	var kindOpts []huh.Option[record.Kind]
	for _, k := range record.Kinds() {
		kindOpts = append(kindOpts, huh.NewOption(k.Describe(), k).Selected(slices.Contains(e.Sensitive, k)))
	}
	var catOpts []huh.Option[record.Category]
	for _, c := range record.Categories() {
		catOpts = append(catOpts, huh.NewOption(c.Label(), c))
	}
	first := []huh.Field{}
	if edit {
		// Moving an entry to another category is an edit; a new entry takes
		// the category of the list it was added from.
		first = append(first, huh.NewSelect[record.Category]().Title("Category").Options(catOpts...).Height(5).Value(&f.cat))
	}
	f.form = huh.NewForm(
		huh.NewGroup(append(first,
			huh.NewInput().Title("Title").Description("What it is, in your words").Value(&f.title).
				Validate(func(s string) error {
					if strings.TrimSpace(s) == "" {
						return fmt.Errorf("a title is needed")
					}
					return nil
				}),
			huh.NewInput().Title("Date").Placeholder("YYYY-MM-DD").Value(&f.date).Validate(func(s string) error {
				_, err := when.NormalizeDate(s)
				return err
			}),
			huh.NewInput().Title("Status").Placeholder("active, resolved, stopped…").Value(&f.status),
		)...),
		huh.NewGroup(
			huh.NewInput().Title("Value").Placeholder("82.5 or 142/91").Value(&f.value),
			huh.NewInput().Title("Unit").Placeholder("kg, mmHg, mmol/L…").Value(&f.unit),
			huh.NewText().Title("Notes").Value(&f.notes),
			huh.NewInput().Title("Tags").Description("separated by commas").Value(&f.tg),
		),
		huh.NewGroup(
			huh.NewMultiSelect[record.Kind]().Title("Sensitive").
				Description("Held back from every share unless you include them on purpose (space to tick)").
				Options(kindOpts...).Value(&f.kinds),
			huh.NewInput().Title("Attach a file").Description("a path, for example ~/Downloads/letter.pdf (optional)").
				Value(&f.attach).Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return nil
				}
				if fi, err := os.Stat(expandHome(s)); err != nil || fi.IsDir() {
					return fmt.Errorf("no such file")
				}
				return nil
			}),
		),
	).WithShowHelp(true).WithWidth(max(40, m.w-6))
	return f
}

func expandHome(p string) string {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return h + p[1:]
		}
	}
	return p
}

// Typing is always true: every key belongs to the form.
func (f *formScreen) Typing() bool { return true }

func (f *formScreen) Reload(m *Model) tea.Cmd { return f.form.Init() }

func (f *formScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case formDoneMsg:
		f.saving = false
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		return tea.Sequence(func() tea.Msg { return popMsg{} }, func() tea.Msg { return statusMsg{msg.text} })
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Back) {
			return func() tea.Msg { return popMsg{} }
		}
	}
	if f.saving {
		return nil
	}
	model, cmd := f.form.Update(msg)
	if ff, ok := model.(*huh.Form); ok {
		f.form = ff
	}
	switch f.form.State {
	case huh.StateCompleted:
		f.saving = true
		return tea.Batch(cmd, f.save(m))
	case huh.StateAborted:
		return func() tea.Msg { return popMsg{} }
	}
	return cmd
}

func (f *formScreen) save(m *Model) tea.Cmd {
	e := f.orig
	e.Category, e.Title, e.Date, e.Status, e.Value, e.Unit, e.Notes = f.cat, f.title, f.date, f.status, f.value, f.unit, f.notes
	e.Tags = nil
	for _, t := range strings.Split(f.tg, ",") {
		if t = strings.TrimSpace(t); t != "" {
			e.Tags = append(e.Tags, t)
		}
	}
	kindsChanged := !slices.Equal(record.NormalizeKinds(f.kinds), record.NormalizeKinds(f.orig.Sensitive))
	e.Sensitive = f.kinds
	if f.edit && kindsChanged {
		e.SensitiveReviewed = true
	}
	var attach []string
	if a := strings.TrimSpace(f.attach); a != "" {
		attach = []string{expandHome(a)}
	}
	s, ctx, edit := m.sess, m.ctx, f.edit
	m.busy = "Saving…"
	return func() tea.Msg {
		if s == nil {
			return formDoneMsg{err: fmt.Errorf("the record is locked")}
		}
		if edit {
			err := s.Edit(ctx, &e, attach)
			return formDoneMsg{text: "Saved your changes to " + e.Title + ".", err: err}
		}
		res, err := s.Add(ctx, []record.Entry{e}, attach)
		if err != nil {
			return formDoneMsg{err: err}
		}
		text := "Added " + e.Title + "."
		for k, why := range res[0].Suggested {
			text += fmt.Sprintf(" Marked %s (%s): edit it to change that.", k.Describe(), why)
		}
		return formDoneMsg{text: text}
	}
}

func (f *formScreen) View(m *Model, w, h int) string {
	head := "Add to " + f.orig.Category.Label()
	if f.edit {
		head = "Edit " + f.orig.Title
	}
	return m.st.Subtitle.Render(head) + "\n\n" + f.form.View()
}

func (f *formScreen) Bindings(k KeyMap) []key.Binding {
	return append(f.form.KeyBinds(), withHelp(k.Back, "cancel"))
}

func (f *formScreen) Title() string {
	if f.edit {
		return "Edit"
	}
	return "Add"
}

// confirmScreen asks before deleting. The safe choice is focused, and keys
// are ignored for a moment after it opens so a key meant for the screen
// before cannot confirm it.
type confirmScreen struct {
	e      record.Entry
	yes    bool
	opened time.Time
}

// confirmGrace is how long a new dialog ignores keys.
const confirmGrace = 400 * time.Millisecond

func newConfirmScreen(m *Model, e record.Entry) *confirmScreen {
	return &confirmScreen{e: e, opened: time.Now()}
}

func (c *confirmScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || time.Since(c.opened) < confirmGrace {
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Cancel):
		return func() tea.Msg { return popMsg{} }
	case key.Matches(k, m.keys.Left), key.Matches(k, m.keys.Right), key.Matches(k, m.keys.Tab):
		c.yes = !c.yes
	case key.Matches(k, m.keys.Confirm):
		c.yes = true
		return c.do(m)
	case key.Matches(k, m.keys.Submit):
		if !c.yes {
			return func() tea.Msg { return popMsg{} }
		}
		return c.do(m)
	}
	return nil
}

func (c *confirmScreen) do(m *Model) tea.Cmd {
	s, ctx, id, title := m.sess, m.ctx, c.e.ID, c.e.Title
	m.busy = "Deleting…"
	return func() tea.Msg {
		if s == nil {
			return errMsg{fmt.Errorf("the record is locked")}
		}
		if _, err := s.Remove(ctx, id); err != nil {
			return errMsg{err}
		}
		return tea.BatchMsg{func() tea.Msg { return popMsg{} }, func() tea.Msg { return statusMsg{"Deleted " + title + "."} }}
	}
}

func (c *confirmScreen) View(m *Model, w, h int) string {
	no, yes := "[ Keep it ]", "[ Delete ]"
	if c.yes {
		yes = m.st.Error.Render("› " + yes)
		no = "  " + no
	} else {
		no = m.st.Selected.Render("› " + no)
		yes = "  " + yes
	}
	title := c.e.Title
	if m.hidden(c.e) {
		title = "this sensitive entry"
	}
	return m.st.WarnBox.Render(fmt.Sprintf("Delete %q?\n\nThe last three versions of the record keep it as backups,\nbut it leaves your record now.\n\n%s   %s", title, no, yes))
}

func (c *confirmScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{withHelp(k.Cancel, "keep it"), withHelp(k.Confirm, "delete"), k.Left, k.Right}
}

func (c *confirmScreen) Title() string { return "Delete?" }

var _ = app.ReadWrite
