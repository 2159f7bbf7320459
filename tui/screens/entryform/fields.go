package entryform

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/record"
)

// datePlaceholder shows the forms a date may take.
const datePlaceholder = "2024-03-01, 1 March 2024, March 2024, yesterday"

// fields are the first group's fields for the entry's category: each asks
// only what that kind of entry has (a medication its dose, route and
// frequency; an allergy its reaction, severity and criticality; a reading
// its value). Checks are the domain's (record, when); the form only shows
// their errors as the person types.
func (f *Model) fields(readDate func(string) error) []huh.Field {
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
		return huh.NewInput().Title(label).Placeholder(datePlaceholder).Value(&f.date).Validate(readDate)
	}
	end := func(label string) huh.Field {
		return huh.NewInput().Title(label).Placeholder("empty while it goes on").Value(&f.end).Validate(readDate)
	}
	value := func(label, placeholder string) huh.Field {
		return huh.NewInput().Title(label).Placeholder(placeholder).Value(&f.value)
	}
	var out []huh.Field
	switch f.cat {
	case record.Medication:
		out = []huh.Field{
			title("Medicine", "Its name, as on the box"),
			huh.NewInput().Title("Dose").Placeholder("500 mg, 1 tablet, 1-2 puffs").Value(&f.dose).
				Validate(func(s string) error {
					if strings.TrimSpace(s) == "" {
						return nil
					}
					_, err := record.ParseDose(s)
					return err
				}),
			huh.NewInput().Title("How often").Placeholder("twice a day, every 8 hours, as needed").Value(&f.freq).
				Suggestions(record.Frequencies()),
			huh.NewInput().Title("Taken").Placeholder("by mouth, inhaled, on the skin").Value(&f.route).
				Suggestions(record.Routes()),
			date("Started"), end("Stopped"),
		}
	case record.Allergy:
		out = []huh.Field{
			title("Allergic to", "A medicine, a food, something else"),
			huh.NewInput().Title("Reaction").Placeholder("hives, swollen lips, wheezing").Value(&f.reaction),
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
			huh.NewInput().Title("Normal range").Placeholder("3.5-5.0").Value(&f.rng)}
	case record.Procedure:
		out = []huh.Field{title("Procedure", "What was done"), date("Done on"), value("Outcome", "how it went (optional)")}
	case record.Appointment:
		out = []huh.Field{title("Appointment", "Who or which clinic"),
			huh.NewInput().Title("When").Placeholder("2024-03-01 or 2024-03-01T09:30:00Z").Value(&f.date).Validate(readDate),
			value("Reason", "what it is for (optional)")}
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

// unitOptions are the units of the common reading the title names, and the
// entry's own unit when it is another.
func (f *Model) unitOptions() []huh.Option[string] {
	us := record.UnitsFor(f.title)
	if f.unit != "" && !slices.Contains(us, f.unit) {
		us = append(us, f.unit)
	}
	opts := make([]huh.Option[string], len(us))
	for i, u := range us {
		opts[i] = huh.NewOption(u, u)
	}
	return opts
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
