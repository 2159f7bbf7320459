// Package entryform adds or edits an entry with a huh form that asks what
// the entry's category has (a medication its dose, how often and how it is
// taken; an allergy its reaction, severity and risk; a reading its value and
// a unit from a list), then notes, tags, sensitive kinds (tick or untick)
// and a file to attach by path. The form lives inside this screen's model (a huh
// v2 form is not a Bubble Tea v2 model) and saving runs in a command.
package entryform

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the add or edit form.
type Model struct {
	edit   bool
	orig   record.Entry
	form   *huh.Form
	saving bool
	// saved is set once the entry is saved: the form stays completed until
	// the root pops it, and no message that arrives before then (a stop
	// request, a resize) may save it a second time.
	saved  bool
	failed string
	// The answers, bound to the form's fields (see fields for which a
	// category asks).
	title, date, status, value, unit, notes, tags, attach string
	end, rng, dose, route, freq, reaction, severity, crit string
	kinds                                                 []record.Kind
	cat                                                   record.Category
	// built is the category the form was built for: an edit that moves
	// the entry to another category builds that category's form.
	built record.Category
	// start is the answers as the form opened; discard asks before esc
	// throws away anything typed since.
	start   string
	discard confirm.Discard
}

type savedMsg struct {
	text string
	id   string
	err  error
}

// New returns a form for a new entry of category c.
func New(c record.Category) *Model { return newModel(record.Entry{Category: c}, false) }

// NewLike returns a form for a new reading like e: the same category,
// title, unit and code, a fresh value and date ("add another reading").
func NewLike(e record.Entry) *Model {
	return newModel(record.Entry{Category: e.Category, Title: e.Title, Unit: e.Unit, UnitCode: e.UnitCode,
		Code: e.Code, Codings: e.Codings}, false)
}

// NewEdit returns a form that edits e.
func NewEdit(e record.Entry) *Model { return newModel(e, true) }

func newModel(e record.Entry, edit bool) *Model {
	f := &Model{edit: edit, orig: e, title: e.Title, date: e.Date, status: e.Status, value: e.Value, unit: e.Unit,
		notes: e.Notes, tags: strings.Join(e.Tags, ", "), kinds: slices.Clone(e.Sensitive), cat: e.Category,
		end: e.End, rng: e.Range, dose: e.Dose, route: e.Route, freq: e.Frequency, reaction: e.Reaction,
		severity: e.Severity, crit: e.Criticality}
	f.start = f.answers()
	return f
}

// answers is every answer in one string, to tell whether anything was typed.
func (f *Model) answers() string {
	return fmt.Sprintf("%q", []any{f.texts(), f.kinds, f.cat})
}

// texts are the text answers in the order a draft keeps them.
func (f *Model) texts() []string {
	return []string{f.title, f.date, f.status, f.value, f.unit, f.notes, f.tags, f.attach,
		f.end, f.rng, f.dose, f.route, f.freq, f.reaction, f.severity, f.crit}
}

// setTexts is texts the other way; a draft from before the details has
// the first eight.
func (f *Model) setTexts(a []string) {
	for i, p := range []*string{&f.title, &f.date, &f.status, &f.value, &f.unit, &f.notes, &f.tags, &f.attach,
		&f.end, &f.rng, &f.dose, &f.route, &f.freq, &f.reaction, &f.severity, &f.crit} {
		if i < len(a) {
			*p = a[i]
		}
	}
}

// build makes the form from the current answers.
func (f *Model) build(env screen.Env) {
	width, now := env.Width, env.Now
	if now == nil {
		now = time.Now
	}
	var kindOpts []huh.Option[record.Kind]
	for _, k := range record.Kinds() {
		kindOpts = append(kindOpts, huh.NewOption(k.Describe(), k).Selected(slices.Contains(f.kinds, k)))
	}
	var first []huh.Field
	if f.edit {
		// Moving an entry to another category is an edit; a new entry takes
		// the category of the list it was added from.
		var catOpts []huh.Option[record.Category]
		for _, c := range record.Categories() {
			catOpts = append(catOpts, huh.NewOption(c.Label(), c))
		}
		first = append(first, huh.NewSelect[record.Category]().Title("Category").Options(catOpts...).Height(5).Value(&f.cat))
	}
	f.built = f.cat
	readDate := func(s string) error {
		_, err := when.ReadDate(s, now())
		return err
	}
	groups := []*huh.Group{huh.NewGroup(append(first, f.fields(readDate, env.Styles.Example)...)...)}
	if f.cat == record.Measurement || f.cat == record.Result {
		groups = append(groups, f.unitGroups(env.Styles.Example)...)
	}
	groups = append(groups,
		huh.NewGroup(
			huh.NewText().Title("Notes").Value(&f.notes),
			huh.NewInput().Title("Tags").Description("separated by commas").Value(&f.tags),
		),
		huh.NewGroup(
			huh.NewMultiSelect[record.Kind]().Title("Sensitive").
				Description("Held back from every share unless you include them on purpose (space to tick)").
				Options(kindOpts...).Value(&f.kinds),
			huh.NewInput().Title("Attach a file").Description("a path, for example ~/Downloads/letter.pdf (optional)").
				Value(&f.attach),
		))
	f.form = huh.NewForm(groups...).WithTheme(env.Styles.Form).WithShowHelp(true).WithWidth(max(40, width-6)).WithHeight(formHeight(env.Height))
}

// formHeight is the height left for the form under the screen's heading
// and a failure line: huh scrolls each group to its focused field within
// it, so a small terminal never hides the field being typed.
func formHeight(terminal int) int { return max(8, terminal-5-4) }

// Holds names the entry edited (none for a new one).
func (f *Model) Holds() string {
	if f.edit {
		return f.orig.ID
	}
	return ""
}

// Typing is always true: every key belongs to the form.
func (f *Model) Typing() bool { return true }

// Load builds and starts the form (once).
func (f *Model) Load(env screen.Env) tea.Cmd {
	if f.form != nil {
		return nil
	}
	f.build(env)
	return f.form.Init()
}

// Update forwards keys to the form and saves it once completed.
func (f *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case savedMsg:
		f.saving = false
		if msg.err != nil {
			// Keep every answer and let the person correct them.
			f.build(env)
			if errs.Is(msg.err, errs.Busy) {
				// The record changed on disk: the root offers to load it.
				return tea.Batch(f.form.Init(), screen.Fail(msg.err))
			}
			f.failed = msg.err.Error()
			return f.form.Init()
		}
		f.saved = true
		// The list below selects the entry just saved.
		return tea.Sequence(screen.Back, screen.Select(msg.id), screen.Status(msg.text))
	}
	if f.discard.Asking() {
		if f.discard.Update(env.Keys, msg) {
			return screen.Back
		}
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, env.Keys.Back) {
		if f.saving || f.saved || f.answers() == f.start {
			return screen.Back
		}
		// Typed data is not thrown away on one key: ask, keeping it focused.
		return f.discard.Open(env.Grace)
	}
	if f.saving || f.saved || f.form == nil {
		return nil
	}
	if screen.Edits(msg) {
		f.failed = "" // the person is correcting it
	}
	model, cmd := f.form.Update(msg)
	if ff, ok := model.(*huh.Form); ok {
		f.form = ff
	}
	if f.cat != f.built && f.form.State == huh.StateNormal {
		return f.recategorise(env)
	}
	switch f.form.State {
	case huh.StateCompleted:
		f.saving = true
		f.failed = ""
		return tea.Batch(cmd, f.save(env))
	case huh.StateAborted:
		return screen.Back
	}
	return cmd
}

// recategorise builds the form of the category just chosen, keeping every
// answer the two share (title, date, notes, tags, sensitive kinds); a
// status the new category does not have is dropped, and the entry's own
// comes back with its own category. The category stays focused.
func (f *Model) recategorise(env screen.Env) tea.Cmd {
	if !slices.Contains(f.cat.Statuses(), f.status) {
		f.status = ""
	}
	if f.status == "" && f.cat == f.orig.Category {
		f.status = f.orig.Status
	}
	f.build(env)
	return f.form.Init()
}

// entry returns the edited entry and the files to attach; the date is read
// as the person wrote it (the form checked it could be).
func (f *Model) entry(home string, now time.Time) (record.Entry, []string) {
	return app.FormEntry(f.orig, f.edit, app.EntryAnswers{Category: f.cat, Title: f.title, Date: f.date, End: f.end,
		Status: f.status, Value: f.value, Unit: f.unit, Range: f.rng, Notes: f.notes, Dose: f.dose, Route: f.route,
		Frequency: f.freq, Reaction: f.reaction, Severity: f.severity, Criticality: f.crit, Tags: f.tags,
		Attach: f.attach, Kinds: f.kinds}, now, home)
}

func (f *Model) save(env screen.Env) tea.Cmd {
	ctx, edit := env.Ctx, f.edit
	home, _ := os.UserHomeDir() // $HOME, for "~/" in the path
	now := time.Now
	if env.Now != nil {
		now = env.Now
	}
	e, attach := f.entry(home, now())
	return env.Work("Saving…", func(s *app.Session) tea.Msg {
		if edit {
			err := s.Edit(ctx, &e, attach)
			return savedMsg{text: "Saved your changes to " + e.Title + ".", id: e.ID, err: err}
		}
		res, err := s.Add(ctx, []record.Entry{e}, attach)
		if err != nil {
			return savedMsg{err: err}
		}
		text := "Added " + e.Title + "."
		if e.Category == record.Measurement || e.Category == record.Result {
			text += " Press + for another reading."
		}
		for k, why := range res[0].Suggested {
			text += fmt.Sprintf(" Marked %s (%s): edit it to change that.", k.Describe(), why)
		}
		return savedMsg{text: text, id: res[0].Entry.ID}
	})
}

// View renders the form.
func (f *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	head := "Add to " + f.orig.Category.Label()
	if f.edit {
		head = "Edit " + safetext.Line(f.orig.Title)
	}
	out := st.Subtitle.Render(head) + "\n\n"
	if f.failed != "" {
		out += st.Error.Width(max(20, w)).Render("✗ "+safetext.Line(f.failed)) + "\n\n"
	}
	if f.discard.Asking() {
		return out + f.discard.View(st, w, confirm.DiscardTyped)
	}
	if f.form != nil {
		out += f.form.View()
	}
	return out
}

// Keys lists the form's keys (from huh) and esc.
func (f *Model) Keys(env screen.Env) []key.Binding {
	if f.discard.Asking() {
		return f.discard.Keys(env.Keys)
	}
	var out []key.Binding
	if f.form != nil {
		out = f.form.KeyBinds()
	}
	return append(out, keys.WithHelp(env.Keys.Back, "cancel"))
}

// Title names the screen.
func (f *Model) Title() string {
	if f.edit {
		return "Edit"
	}
	return "Add"
}

// draft is what Draft hands over and FromDraft reads.
type draft struct {
	Edit    bool            `json:"edit"`
	Orig    record.Entry    `json:"orig"`
	Answers []string        `json:"answers"`
	Kinds   []record.Kind   `json:"kinds"`
	Cat     record.Category `json:"cat"`
	Start   string          `json:"start"`
}

// Draft hands over what was typed (nothing when the form is as it opened,
// or saved).
func (f *Model) Draft() (string, []byte, bool) {
	if f.saved || f.saving || f.answers() == f.start {
		return "", nil, false
	}
	name := screen.AddForm
	if f.edit {
		name = screen.EditForm
	}
	return screen.MakeDraft(name, draft{Edit: f.edit, Orig: f.orig, Kinds: f.kinds, Cat: f.cat, Start: f.start,
		Answers: f.texts()})
}

// FromDraft makes the form again from what Draft handed over.
func FromDraft(b []byte) (*Model, error) {
	var d draft
	if err := screen.ReadDraft(b, &d); err != nil {
		return nil, err
	}
	if len(d.Answers) < 8 {
		return nil, errors.New("unreadable draft")
	}
	f := newModel(d.Orig, d.Edit)
	f.setTexts(d.Answers)
	f.kinds, f.cat, f.start = d.Kinds, d.Cat, d.Start
	return f, nil
}
