package entryform

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/record"
)

// datePlaceholder shows the forms a date may take.
const datePlaceholder = "2024-03-01, 1 March 2024, yesterday"

// fields are the first group's fields for the entry's category: each asks
// only what that kind of entry has (a medication its dose, route and
// frequency; an allergy its reaction, severity and criticality; a reading
// its value). Checks are the domain's (record, when); the form only shows
// their errors as the person types.
func (f *Model) fields(readDate func(string) error, ex func(string) string) []huh.Field {
	title := func(label, desc string) *huh.Input {
		return huh.NewInput().Title(label).Description(desc).Value(&f.title).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return fmt.Errorf("a title is needed")
				}
				return nil
			})
	}
	date := func(label string) huh.Field {
		return huh.NewInput().Title(label).Placeholder(ex(datePlaceholder)).Value(&f.date).Validate(readDate)
	}
	end := func(label string) huh.Field {
		return huh.NewInput().Title(label).Placeholder(ex("2025-06-30, or empty while it goes on")).Value(&f.end).Validate(readDate)
	}
	value := func(label, placeholder string) huh.Field {
		return huh.NewInput().Title(label).Placeholder(ex(placeholder)).Value(&f.value)
	}
	var out []huh.Field
	switch f.cat {
	case record.Medication:
		out = []huh.Field{
			title("Medicine", "Its name, as on the box"),
			huh.NewInput().Title("Dose").Placeholder(ex("500 mg, 1 tablet, 1-2 puffs")).Value(&f.dose).
				Validate(func(s string) error {
					if strings.TrimSpace(s) == "" {
						return nil
					}
					_, err := record.ParseDose(s)
					return err
				}),
			huh.NewInput().Title("How often").Placeholder(ex("twice a day, every 8 hours, as needed")).Value(&f.freq).
				Suggestions(record.Frequencies()),
			huh.NewInput().Title("Taken").Placeholder(ex("by mouth, inhaled, on the skin")).Value(&f.route).
				Suggestions(record.Routes()),
			date("Started"), end("Stopped"),
		}
	case record.Allergy:
		out = []huh.Field{
			title("Allergic to", "A medicine, a food, something else"),
			huh.NewInput().Title("Reaction").Placeholder(ex("hives, swollen lips, wheezing")).Value(&f.reaction),
			f.choice("Severity", "How bad the reaction was", &f.severity, record.Severities(), func(s string) string { return s }),
			f.choice("Risk", "How dangerous a next reaction may be", &f.crit, record.Criticalities(), record.CriticalityWords),
			date("First noticed"),
		}
	case record.Condition:
		out = []huh.Field{title("Condition", "What it is, in your words"), date("Since"), end("Resolved on")}
	case record.Immunization:
		out = []huh.Field{title("Vaccine", "Its name, or what it protects from"), date("Given on"),
			value("Dose number", "1, 2, booster")}
	case record.Measurement:
		out = []huh.Field{title("Reading", "Weight, Blood pressure, Heart rate… (tab completes)").
			Suggestions(record.ReadingNames()), date("Taken on"), value("Value", "82.5, or 142/91 for a blood pressure")}
	case record.Result:
		out = []huh.Field{title("Test", "What was tested"), date("Taken on"), value("Result", "5.4, or negative"),
			huh.NewInput().Title("Normal range").Placeholder(ex("3.5-5.0")).Value(&f.rng)}
	case record.Procedure:
		out = []huh.Field{title("Procedure", "What was done"), date("Done on"), value("Outcome", "went well, a small scar (optional)")}
	case record.Appointment:
		out = []huh.Field{title("Appointment", "Who or which clinic"),
			huh.NewInput().Title("When").Placeholder(ex("2024-03-01 or 2024-03-01T09:30:00Z")).Value(&f.date).Validate(readDate),
			value("Reason", "a blood test, a review of tablets (optional)")}
	case record.Contact:
		out = []huh.Field{title("Name", "A person or a practice"), value("Phone or email", "01632 960123")}
	default: // document, note
		out = []huh.Field{title("Title", "What it is, in your words"), date("Date")}
	}
	if st := f.cat.Statuses(); len(st) > 0 && f.cat != record.Measurement {
		out = append(out, f.choice("Status", "", &f.status, st, record.StatusWords))
	}
	return out
}

// choice is a select of codes shown in words, with "not given" first and
// the entry's own code kept when the list does not have it (an import's).
func (f *Model) choice(label, desc string, v *string, codes []string, words func(string) string) huh.Field {
	opts := []huh.Option[string]{huh.NewOption("not given", "")}
	if *v != "" && !slices.Contains(codes, *v) {
		codes = append(codes, *v)
	}
	for _, c := range codes {
		opts = append(opts, huh.NewOption(words(c), c))
	}
	return huh.NewSelect[string]().Title(label).Description(desc).Options(opts...).Value(v).Inline(true)
}

// unitGroups ask the unit: for each common reading a group, shown while
// the title names that reading, choosing from its units (and the entry's
// own unit when it is another); for any other title, a group to type it.
// Each list is made with the form, so it is there the moment its group
// shows: a list huh fills later (OptionsFunc runs in a command) ignores an
// enter pressed before it came, and the form stayed on the unit.
func (f *Model) unitGroups(ex func(string) string) []*huh.Group {
	var out []*huh.Group
	for _, r := range record.Readings() {
		is := func() bool {
			named, ok := record.ReadingOf(f.title)
			return ok && named.Name == r.Name
		}
		us := r.Units
		if is() && f.unit != "" && !slices.Contains(us, f.unit) {
			us = append(us, f.unit)
		}
		choose := huh.NewSelect[string]().Title("Unit").Options(huh.NewOptions(us...)...).
			Accessor(unitOf{f: f, is: is})
		out = append(out, huh.NewGroup(choose).WithHideFunc(func() bool { return !is() }))
	}
	typed := huh.NewInput().Title("Unit").Placeholder(ex("kg, mmHg, mmol/L…")).Value(&f.unit).Suggestions(units())
	return append(out, huh.NewGroup(typed).WithHideFunc(func() bool {
		_, common := record.ReadingOf(f.title)
		return common
	}))
}

// unitOf is the unit answer as one reading's list sees it: the list sets
// it only while the title names its reading, so the lists of the others,
// made with the form, never write their first unit into the answer.
type unitOf struct {
	f  *Model
	is func() bool
}

func (u unitOf) Get() string { return u.f.unit }

func (u unitOf) Set(v string) {
	if u.is() {
		u.f.unit = v
	}
}

// units are every unit of the common readings, for completion.
func units() []string {
	var out []string
	for _, r := range record.Readings() {
		for _, u := range r.Units {
			if !slices.Contains(out, u) {
				out = append(out, u)
			}
		}
	}
	return out
}
