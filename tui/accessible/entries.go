package accessible

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// hiddenRow is an entry privacy mode hides: its date, and neither its
// title nor its kind ("mental health" says as much as the title).
func hiddenRow(e record.Entry) string {
	return strings.TrimPrefix(when.DateOf(e.Date)+", sensitive, hidden", ", ")
}

// row is an entry in one line of words, or hidden by privacy mode.
func (u *ui) row(e record.Entry) string {
	if u.hidden(e) {
		return hiddenRow(e)
	}
	return row(u.units.Shown(e))
}

// row is an entry in one line of words.
func row(e record.Entry) string {
	parts := []string{}
	if e.Date != "" {
		parts = append(parts, when.DateOf(e.Date))
	}
	parts = append(parts, safetext.Line(e.Title))
	if v := e.PlainValue(); v != "" {
		parts = append(parts, safetext.Line(v))
	}
	if d := e.Dosage(); d != "" {
		parts = append(parts, safetext.Line(d))
	}
	if f := e.Flag(); f != "" {
		// In words: an arrow reads badly aloud.
		parts = append(parts, safetext.Line(f))
	}
	if e.Status != "" {
		// A status may come from an import: its words are outside text.
		parts = append(parts, safetext.Line(record.StatusWords(e.Status)))
	}
	s := strings.Join(parts, ", ")
	if ks := app.EffectiveKinds(e); len(ks) > 0 {
		s += " (sensitive: " + kindWords(ks) + ")"
	}
	return s
}

func kindWords(ks []record.Kind) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.Describe()
	}
	return strings.Join(names, ", ")
}

// readings reports whether a category's entries are readings, which offer
// another reading like the last.
func readings(c record.Category) bool { return c == record.Measurement || c == record.Result }

// listPage is how many entries a list says at a time.
const listPage = 30

// list shows a category's entries, newest first, a page at a time.
func (u *ui) list(c record.Category) error {
	page := 0
	for {
		counts, err := u.s.Counts(u.ctx)
		if err != nil {
			return err
		}
		total := counts[c]
		page = min(page, max(0, (total-1)/listPage))
		es, err := u.s.List(u.ctx, store.Filter{Categories: []record.Category{c}, Limit: (page + 1) * listPage})
		if err != nil {
			return err
		}
		es = es[min(len(es), page*listPage):]
		u.heading(c.Label() + ": " + record.Count(total, "entry", "entries"))
		if total > listPage {
			u.say(fmt.Sprintf("Entries %d to %d, newest first.", page*listPage+1, page*listPage+len(es)))
		}
		var choices []string
		for _, e := range es {
			choices = append(choices, u.row(e))
		}
		more := (page+1)*listPage < total
		if more {
			choices = append(choices, fmt.Sprintf("Earlier entries (%d more)", total-(page+1)*listPage))
		}
		if page > 0 {
			choices = append(choices, "Newer entries")
		}
		choices = append(choices, "Add an entry to "+c.Label(), "Back")
		i, err := u.choose(choices)
		if err != nil {
			return err
		}
		switch i -= len(es); {
		case i < 0:
			err = u.detail(es[i+len(es)].ID)
		case more && i == 0:
			page++
			continue
		case page > 0 && i == btoi(more):
			page--
			continue
		case i == len(choices)-len(es)-2:
			err = u.addEntries(newForm(record.Entry{Category: c}, false))
		default:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// detail shows every field of one entry and what can be done with it.
func (u *ui) detail(id string) error {
	for {
		e, err := u.s.Entry(u.ctx, id)
		if err != nil {
			// Deleted: back to the list.
			return nil
		}
		if u.hidden(e) {
			u.heading("Details: sensitive, hidden")
			u.say("Privacy mode hides this entry. Reveal it only if nobody else can see or hear your screen.")
			if i, err := u.choose([]string{"Back", "Reveal it"}); err != nil || i == 0 {
				return err
			}
			u.revealed[e.ID] = true
			continue
		}
		u.heading("Details: " + safetext.Line(e.Title))
		field := func(name, v string) {
			if v != "" {
				u.say(name + ": " + safetext.Line(v))
			}
		}
		field("Category", e.Category.Label())
		field("Date", when.DateOf(e.Date))
		field("Ended", when.DateOf(e.End))
		field("Status", record.StatusWords(e.Status))
		// The value in the chosen units, and the rest, as the full
		// interface's details say them.
		for _, f := range app.EntryFields(e, u.units.Shown(e)) {
			field(f.Label, f.Value)
		}
		if ks := app.EffectiveKinds(e); len(ks) > 0 {
			field("Sensitive", kindWords(ks))
		}
		for _, a := range e.Attachments {
			field("Attached file", fmt.Sprintf("%s (%s)", a.Name, app.SizeWords(a.Size)))
		}
		for _, l := range e.Links {
			field("Link", l)
		}
		for _, f := range app.SourceFields(e) {
			field(f.Label, f.Value)
		}
		field("Notes", e.Notes)

		choices := []string{"Back", "Edit this entry", "Delete this entry"}
		if readings(e.Category) {
			choices = append(choices, "Add another reading of "+safetext.Line(e.Title))
		}
		// Each attached file can be opened in a viewer from a private
		// folder in memory (when there is one), or saved as a copy.
		viewDir := app.PrivateViewDir(u.o.Getenv)
		files := len(choices)
		type fileAction struct {
			a    record.Attachment
			view bool
		}
		var actions []fileAction
		for _, a := range e.Attachments {
			if viewDir != "" {
				choices = append(choices, "Open "+safetext.Line(a.Name)+" in your viewer")
				actions = append(actions, fileAction{a, true})
			}
			choices = append(choices, "Save a copy of "+safetext.Line(a.Name))
			actions = append(actions, fileAction{a, false})
		}
		i, err := u.choose(choices)
		if err != nil {
			return err
		}
		switch {
		case i == 0:
			return nil
		case i == 1:
			err = u.edit(e)
		case i == 2:
			if done, err := u.remove(e); err != nil || done {
				return err
			}
		case i >= files && actions[i-files].view:
			u.view(actions[i-files].a, viewDir)
		case i >= files:
			err = u.saveCopy(actions[i-files].a)
		default:
			err = u.addEntries(newForm(likeEntry(e), false))
		}
		if err != nil {
			return err
		}
	}
}

// likeEntry is a new reading like e: the same category, title, unit and
// code, with a fresh value and date (the full interface's "another reading").
func likeEntry(e record.Entry) record.Entry {
	return record.Entry{Category: e.Category, Title: e.Title, Unit: e.Unit, UnitCode: e.UnitCode, Code: e.Code, Codings: e.Codings}
}

// remove asks before deleting, "Keep it" first, and says how to undo.
func (u *ui) remove(e record.Entry) (bool, error) {
	u.heading("Delete")
	date := when.DateOf(e.Date)
	if date == "" {
		date = "undated"
	}
	which := fmt.Sprintf("%q (%s, %s)", safetext.Line(e.Title), e.Category, date)
	u.say("Delete " + which + "? It leaves your record now. To undo it, quit and run phr restore --backup 1 before you change anything else (the three versions of the record before this one are kept as backups).")
	if i, err := u.choose([]string{"Keep it", "Delete it"}); err != nil || i == 0 {
		return false, err
	}
	if _, err := u.s.Remove(u.ctx, e.ID); err != nil {
		return false, u.failSave(err)
	}
	u.say("✓ Deleted " + which + ". To undo: quit and run phr restore --backup 1, before any other change.")
	return true, nil
}

// saveCopy writes a decrypted copy of an attached file to the home folder,
// after saying it is not encrypted.
func (u *ui) saveCopy(a record.Attachment) error {
	path := app.UniqueFile(u.o.Home, a.Name)
	u.heading("Save a copy")
	u.say("Save a copy of " + safetext.Line(a.Name) + " as " + safetext.Line(path) + "? The copy is not encrypted: anyone who can use this computer account can read it. Delete it when you are done.")
	if i, err := u.choose([]string{"Cancel", "Save a copy"}); err != nil || i == 0 {
		return err
	}
	p, err := u.s.SaveAttachment(a, path, false)
	if err != nil {
		u.fail(err)
		return nil
	}
	u.say("✓ Saved a copy: " + safetext.Line(p) + " (not encrypted: delete it when you are done).")
	return nil
}

// view opens a decrypted copy of an attached file in the viewer
// (app.Viewer) from a private folder in memory: a viewer phr waits for
// ($PHR_VIEWER) has its copy removed when it exits; the system's returns at
// once, so the copy stays until the lock or quit, and phr says so.
func (u *ui) view(a record.Attachment, dir string) {
	path, remove, err := u.s.ViewCopy(a, dir)
	if err != nil {
		u.fail(err)
		return
	}
	name, waits := app.Viewer(u.o.Getenv)
	cmd := exec.Command(name, path)
	if f, ok := u.o.In.(*os.File); ok {
		cmd.Stdin = f
	}
	cmd.Stdout, cmd.Stderr = u.out, u.out
	err = cmd.Run()
	if waits || err != nil {
		// The viewer is done with it (or never started).
		remove()
	}
	switch {
	case err != nil:
		u.say("✗ Could not start the viewer (" + safetext.Line(filepath.Base(name)) + "): " + safetext.Line(err.Error()) + "; save a copy instead.")
	case waits:
		u.say("✓ Viewed " + safetext.Line(a.Name) + "; phr removed the copy it made for the viewer.")
	default:
		u.say("✓ Opened " + safetext.Line(a.Name) + " in your viewer. phr cannot tell when the viewer is done, so its copy stays in a private folder in memory until you lock or quit.")
	}
}

// search finds entries by words.
func (u *ui) search() error {
	u.heading("Search")
	q, err := u.ask("Search for")
	if err != nil || q == "" {
		return err
	}
	es, err := u.s.Search(u.ctx, q, 50)
	if err != nil {
		u.fail(err)
		return nil
	}
	u.heading(fmt.Sprintf("Search results: %s for %q", record.Count(len(es), "match", "matches"), safetext.Line(q)))
	var choices []string
	for _, e := range es {
		choices = append(choices, u.row(e)+", "+e.Category.Label())
	}
	i, err := u.choose(append(choices, "Back"))
	if err != nil || i == len(es) {
		return err
	}
	return u.detail(es[i].ID)
}

// form is the answers to an entry's questions, as the full interface's
// entry form keeps them.
type form struct {
	edit bool
	orig record.Entry
	cat  record.Category
	// The answers.
	title, date, end, status, value, unit, rng, notes, tags, attach string
	dose, route, freq, reaction, severity, crit                     string
	kinds                                                           []record.Kind
}

func newForm(e record.Entry, edit bool) *form {
	return &form{edit: edit, orig: e, cat: e.Category, title: e.Title, date: e.Date, end: e.End, status: e.Status,
		value: e.Value, unit: e.Unit, rng: e.Range, notes: e.Notes, tags: strings.Join(e.Tags, ", "),
		dose: e.Dose, route: e.Route, freq: e.Frequency, reaction: e.Reaction, severity: e.Severity,
		crit: e.Criticality, kinds: slices.Clone(e.Sensitive)}
}

// question is one question of the entry form.
type question struct {
	label, example string
	to             *string
	// date reads the answer as a date; need refuses an empty answer.
	date, need bool
	// check refuses an answer with its error (nil: any).
	check func(string) error
	// choices are codes, said in words, chosen by number instead of typed.
	choices []string
	words   func(string) string
}

// questions are the entry's category's questions, the ones the full
// interface's form asks (a medication its dose, how often and how it is
// taken; an allergy its reaction, severity and risk; a reading its value).
func (f *form) questions() []question {
	title := func(label, example string) question {
		return question{label: label, example: example, to: &f.title, need: true}
	}
	date := func(label string) question {
		return question{label: label, example: "2024-03-01, 1 March 2024, March 2024, yesterday", to: &f.date, date: true}
	}
	end := func(label string) question {
		return question{label: label, example: "a date, or nothing while it goes on", to: &f.end, date: true}
	}
	value := func(label, example string) question { return question{label: label, example: example, to: &f.value} }
	same := func(s string) string { return s }
	var qs []question
	switch f.cat {
	case record.Medication:
		qs = []question{title("Medicine", "its name, as on the box"),
			{label: "Dose", example: "500 mg, 1 tablet, 1-2 puffs", to: &f.dose, check: func(s string) error {
				_, err := record.ParseDose(s)
				return err
			}},
			{label: "How often", example: "twice a day, every 8 hours, as needed", to: &f.freq},
			{label: "Taken", example: "by mouth, inhaled, on the skin", to: &f.route},
			date("Started"), end("Stopped")}
	case record.Allergy:
		qs = []question{title("Allergic to", "a medicine, a food, something else"),
			{label: "Reaction", example: "hives, swollen lips, wheezing", to: &f.reaction},
			{label: "Severity (how bad the reaction was)", to: &f.severity, choices: record.Severities(), words: same},
			{label: "Risk (how dangerous a next reaction may be)", to: &f.crit, choices: record.Criticalities(), words: record.CriticalityWords},
			date("First noticed")}
	case record.Condition:
		qs = []question{title("Condition", "what it is, in your words"), date("Since"), end("Resolved on")}
	case record.Immunization:
		qs = []question{title("Vaccine", "its name, or what it protects from"), date("Given on"), value("Dose number", "1, 2, booster")}
	case record.Measurement:
		qs = []question{title("Reading", strings.Join(record.ReadingNames()[:min(4, len(record.ReadingNames()))], ", ")),
			date("Taken on"), value("Value", "82.5, or 142/91 for a blood pressure")}
	case record.Result:
		qs = []question{title("Test", "what was tested"), date("Taken on"), value("Result", "5.4, or negative"),
			{label: "Normal range", example: "3.5-5.0", to: &f.rng}}
	case record.Procedure:
		qs = []question{title("Procedure", "what was done"), date("Done on"), value("Outcome", "how it went")}
	case record.Appointment:
		qs = []question{title("Appointment", "who or which clinic"),
			{label: "When", example: "2024-03-01 or 2024-03-01T09:30:00Z", to: &f.date, date: true},
			value("Reason", "what it is for")}
	case record.Contact:
		qs = []question{title("Name", "a person or a practice"), value("Phone or email", "01632 960123")}
	default: // document, note
		qs = []question{title("Title", "what it is, in your words"), date("Date")}
	}
	if st := f.cat.Statuses(); len(st) > 0 && f.cat != record.Measurement {
		qs = append(qs, question{label: "Status", to: &f.status, choices: st, words: record.StatusWords})
	}
	return qs
}

// ask asks one question until the answer is one the entry can take.
func (u *ui) askQuestion(q question) error {
	if q.choices != nil {
		return u.askChoice(q.label, q.to, q.choices, q.words, "not given")
	}
	for {
		v, err := u.field(q.label, q.example, *q.to)
		if err != nil {
			return err
		}
		switch {
		case v == "" && q.need:
			u.say("✗ " + q.label + " is needed: type it, in your words.")
			continue
		case v == "":
		case q.date:
			if _, err := when.ReadDate(v, u.s.Now()); err != nil {
				u.fail(err)
				continue
			}
		case q.check != nil:
			if err := q.check(v); err != nil {
				u.fail(err)
				continue
			}
		}
		*q.to = v
		return nil
	}
}

// askChoice chooses a code by number: none first (said as none says),
// the entry's own code kept when the list does not have it (an import's),
// Enter keeping the answer as it is.
func (u *ui) askChoice(label string, to *string, codes []string, words func(string) string, none string) error {
	if *to != "" && !slices.Contains(codes, *to) {
		codes = append(slices.Clone(codes), *to)
	}
	choices := []string{none}
	now := 0
	for i, c := range codes {
		w := safetext.Line(words(c))
		if c == *to {
			now = i + 1
			w += " (now)"
		}
		choices = append(choices, w)
	}
	u.say(label + ":")
	i, err := u.chooseOr(choices, now)
	if err != nil {
		return err
	}
	*to = ""
	if i > 0 {
		*to = codes[i-1]
	}
	return nil
}

// fill asks every question of the form: the category (on an edit), the
// category's own questions, the unit of a reading, then notes, tags,
// sensitive kinds and a file to attach.
func (u *ui) fill(f *form) error {
	if f.edit {
		var labels []string
		now := 0
		for i, c := range record.Categories() {
			l := c.Label()
			if c == f.cat {
				now, l = i, l+" (now)"
			}
			labels = append(labels, l)
		}
		u.say("Category:")
		i, err := u.chooseOr(labels, now)
		if err != nil {
			return err
		}
		f.cat = record.Categories()[i]
	}
	for _, q := range f.questions() {
		if err := u.askQuestion(q); err != nil {
			return err
		}
	}
	if readings(f.cat) {
		if us := record.UnitsFor(f.title); us != nil {
			// A common reading: its units by number.
			if f.unit == "" {
				f.unit = us[0]
			}
			if err := u.askChoice("Unit", &f.unit, us, record.PlainUnit, "not given"); err != nil {
				return err
			}
		} else if err := u.askQuestion(question{label: "Unit", example: "kg, mmHg, mmol/L", to: &f.unit}); err != nil {
			return err
		}
	}
	for _, q := range []question{{label: "Notes", to: &f.notes}, {label: "Tags, separated by commas", to: &f.tags}} {
		if err := u.askQuestion(q); err != nil {
			return err
		}
	}
	u.say("Sensitive kinds: held back from every share unless you include them on purpose.")
	kinds := record.Kinds()
	names := make([]string, len(kinds))
	ticked := make([]bool, len(kinds))
	for i, k := range kinds {
		names[i], ticked[i] = k.Describe(), slices.Contains(f.kinds, k)
	}
	ticks, err := u.chooseMany(names, ticked, false)
	if err != nil {
		return err
	}
	f.kinds = nil
	for i, t := range ticks {
		if t {
			f.kinds = append(f.kinds, kinds[i])
		}
	}
	return u.askQuestion(question{label: "Attach a file (a path, optional)", example: "~/Downloads/letter.pdf", to: &f.attach})
}

// entry is the entry the answers make and the files to attach, read by
// the same function as the full interface's form (app.FormEntry).
func (u *ui) entry(f *form) (record.Entry, []string) {
	return app.FormEntry(f.orig, f.edit, app.EntryAnswers{Category: f.cat, Title: f.title, Date: f.date, End: f.end,
		Status: f.status, Value: f.value, Unit: f.unit, Range: f.rng, Notes: f.notes, Dose: f.dose, Route: f.route,
		Frequency: f.freq, Reaction: f.reaction, Severity: f.severity, Criticality: f.crit, Tags: f.tags,
		Attach: f.attach, Kinds: f.kinds}, u.s.Now(), u.o.Home)
}

// addEntries adds an entry, then for a reading offers another like it.
func (u *ui) addEntries(f *form) error {
	for {
		u.heading("Add to " + f.cat.Label())
		u.say("Press Enter alone to skip a question.")
		if err := u.fill(f); err != nil {
			return err
		}
		e, attach := u.entry(f)
		res, err := u.s.Add(u.ctx, []record.Entry{e}, attach)
		if err != nil {
			// Every answer is kept: the next round asks them again.
			if err := u.failSave(err); err != nil {
				return err
			}
			if i, err := u.choose([]string{"Correct the answers", "Give up this entry"}); err != nil || i == 1 {
				return err
			}
			continue
		}
		text := "✓ Added " + safetext.Line(e.Title) + "."
		for _, k := range record.Kinds() {
			if why, ok := res[0].Suggested[k]; ok {
				text += fmt.Sprintf(" Marked %s (%s): edit it to change that.", k.Describe(), safetext.Line(why))
			}
		}
		u.say(text)
		if !readings(e.Category) {
			return nil
		}
		if i, err := u.choose([]string{"Add another reading of " + safetext.Line(e.Title), "Back"}); err != nil || i == 1 {
			return err
		}
		f = newForm(likeEntry(res[0].Entry), false)
	}
}

// edit changes an entry with the same questions, each showing its answer.
func (u *ui) edit(e record.Entry) error {
	f := newForm(e, true)
	for {
		u.heading("Edit " + safetext.Line(e.Title))
		u.say("Press Enter alone to keep an answer as it is.")
		if err := u.fill(f); err != nil {
			return err
		}
		ne, attach := u.entry(f)
		if err := u.s.Edit(u.ctx, &ne, attach); err != nil {
			if err := u.failSave(err); err != nil {
				return err
			}
			if i, err := u.choose([]string{"Correct the answers", "Give up the changes"}); err != nil || i == 1 {
				return err
			}
			continue
		}
		u.say("✓ Saved your changes to " + safetext.Line(ne.Title) + ".")
		return nil
	}
}
