package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// formField is one field of a form: its title, what to type, and the key
// that leaves it (enter, or tab from the notes, where enter is a new line).
type formField struct {
	name, text string
	k          tea.KeyPressMsg
}

// fill goes through a form one field at a time, each once it has the focus.
func (u *ui) fill(fields ...formField) {
	u.t.Helper()
	for _, f := range fields {
		u.waitFor("┃ " + f.name)
		if f.text != "" {
			u.typeText(f.text)
			u.waitFor(f.text)
		}
		k := f.k
		if k.Code == 0 {
			k = enter
		}
		u.press(k)
	}
}

// rest are the fields every form ends with, left as they are.
var rest = []formField{{name: "Notes", k: tab}, {name: "Tags"}, {name: "Sensitive"}, {name: "Attach a file"}}

// openList opens a category's list from the home screen.
func (u *ui) openList(c record.Category) {
	u.t.Helper()
	for range len(record.Categories()) {
		u.press(tea.KeyPressMsg{Code: tea.KeyUp}) // the home menu keeps its place
	}
	for range indexOf(c) {
		u.press(down)
	}
	u.press(enter)
	u.waitFor(c.Label() + " ·")
}

func indexOf(c record.Category) int {
	for i, x := range record.Categories() {
		if x == c {
			return i
		}
	}
	return 0
}

// TestFormsFitTheEntry: a medication's form asks its dose, how often and
// how it is taken, an allergy's its reaction, severity and risk, a
// condition's no value or unit; a weight's unit is chosen from a list; "+"
// adds another reading of the same measurement and unit; after each save
// the list selects the new entry.
func TestFormsFitTheEntry(t *testing.T) {
	cfg := testConfig(t)
	s, err := app.Init(context.Background(), cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	u := start(t, cfg, 100, 40)
	u.unlock()

	u.openList(record.Medication)
	u.press(char('a'))
	form := u.waitFor("Add to Medications", "┃ Medicine")
	for _, not := range []string{"Value", "Unit"} {
		if strings.Contains(form, not) {
			t.Fatalf("a medication's form asks for a %s:\n%s", not, form)
		}
	}
	u.fill(append([]formField{{name: "Medicine", text: "Metformin"}, {name: "Dose", text: "500mg"},
		{name: "How often", text: "twice a day"}, {name: "Taken", text: "by mouth"}, {name: "Started", text: "1 March 2024"},
		{name: "Stopped"}, {name: "Status"}}, rest...)...)
	u.waitFor("Added Metformin")
	u.press(esc)
	u.waitFor("Home")

	u.openList(record.Allergy)
	u.press(char('a'))
	u.fill(append([]formField{{name: "Allergic to", text: "Penicillin"}, {name: "Reaction", text: "hives"},
		{name: "Severity", k: tea.KeyPressMsg{Code: tea.KeyRight}}, {name: "Severity", k: tea.KeyPressMsg{Code: tea.KeyRight}},
		{name: "Severity"}, {name: "Risk"}, {name: "First noticed", text: "March 2019"}, {name: "Status"}}, rest...)...)
	u.waitFor("Added Penicillin")
	u.press(esc)
	u.waitFor("Home")

	u.openList(record.Condition)
	u.press(char('a'))
	form = u.waitFor("Add to Conditions", "┃ Condition", "Since", "Resolved on")
	if strings.Contains(form, "Value") || strings.Contains(form, "82.5") {
		t.Fatalf("a condition's form asks for a value:\n%s", form)
	}
	u.press(esc)
	u.waitFor("Conditions ·")
	u.press(esc)
	u.waitFor("Home")

	u.openList(record.Measurement)
	u.press(char('a'))
	u.fill(formField{name: "Reading", text: "Weight"}, formField{name: "Taken on", text: "2026-11-01"},
		formField{name: "Value", text: "82.5"})
	// The unit of a weight is chosen from a list: kg, lb, st.
	units := u.waitFor("┃ Unit", "kg", "lb", "st")
	_ = units
	u.press(down) // lb
	u.press(enter)
	u.fill(rest...)
	u.waitFor("Added Weight", "Press + for another reading")
	// The new reading is selected: + opens a form with its name and unit.
	u.press(char('+'))
	u.waitFor("Add to Measurements", "┃ Reading", "Weight")
	u.fill(formField{name: "Reading"}, formField{name: "Taken on", text: "2026-11-08"}, formField{name: "Value", text: "81.9"},
		formField{name: "Unit"})
	u.fill(rest...)
	u.waitFor("Added Weight")

	ctx := context.Background()
	s, err = app.Open(ctx, cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := s.List(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]record.Entry{}
	for _, e := range all {
		got[e.Title] = append(got[e.Title], e)
	}
	if m := got["Metformin"]; len(m) != 1 || m[0].Dose != "500 mg" || m[0].Frequency != "twice a day" ||
		m[0].Route != "by mouth" || m[0].Date != "2024-03-01" {
		t.Errorf("the medication: %+v", m)
	}
	if a := got["Penicillin"]; len(a) != 1 || a[0].Reaction != "hives" || a[0].Severity != "moderate" || a[0].Date != "2019-03" {
		t.Errorf("the allergy: %+v", a)
	}
	w := got["Weight"]
	if len(w) != 2 {
		t.Fatalf("want two weights, got %+v", w)
	}
	for _, e := range w {
		if e.Unit != "lb" {
			t.Errorf("a weight in %q, want lb (kept from the first): %+v", e.Unit, e)
		}
	}
}

// TestEditToAnotherCategory: editing an entry and choosing another
// category shows that category's form at once (a note moved to the
// medications asks for a dose), keeping the title, date and notes typed;
// the entry saved is a medication with its dose.
func TestEditToAnotherCategory(t *testing.T) {
	cfg := testConfig(t)
	s, err := app.Init(context.Background(), cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	u := start(t, cfg, 100, 40)
	u.unlock()
	u.openList(record.Note)
	u.press(char('a'))
	u.fill(formField{name: "Title", text: "Metformin from the GP"}, formField{name: "Date", text: "2024-03-01"},
		formField{name: "Notes", text: "with food", k: tab}, formField{name: "Tags"}, formField{name: "Sensitive"}, formField{name: "Attach a file"})
	u.waitFor("Added Metformin from the GP")
	u.press(char('e'))
	form := u.waitFor("Edit Metformin from the GP", "┃ Category", "┃ > Notes")
	if strings.Contains(form, "Dose") {
		t.Fatalf("a note's form asks for a dose:\n%s", form)
	}
	for range indexOf(record.Note) - indexOf(record.Medication) {
		u.press(tea.KeyPressMsg{Code: tea.KeyUp})
	}
	form = u.waitFor("┃ > Medications", "Medicine", "Dose", "How often", "Started")
	if !strings.Contains(form, "Metformin from the GP") || !strings.Contains(form, "2024-03-01") {
		t.Fatalf("the title or date typed was lost on the way to the medication's form:\n%s", form)
	}
	u.fill(append([]formField{{name: "Category"}, {name: "Medicine"}, {name: "Dose", text: "500mg"}, {name: "How often"},
		{name: "Taken"}, {name: "Started"}, {name: "Stopped"}, {name: "Status"}}, rest...)...)
	u.waitFor("Saved your changes to Metformin from the GP")

	ctx := context.Background()
	s, err = app.Open(ctx, cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := s.List(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Category != record.Medication || all[0].Dose != "500 mg" || all[0].Date != "2024-03-01" ||
		all[0].Notes != "with food" {
		t.Fatalf("the edited entry: %+v", all)
	}
}
