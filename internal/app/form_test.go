package app

import (
	"fmt"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestFormEntry: both interfaces' forms make an entry from their answers
// the same way: dates as people write them, details of another category
// dropped on a move, kinds changed on an edit kept as the person's choice,
// tags split, "~/" read as home.
func TestFormEntry(t *testing.T) {
	mental := []record.Kind{record.Kinds()[0]}
	med := record.Entry{ID: "m1", Category: record.Medication, Title: "Sertraline", Dose: "50 mg", Route: "by mouth",
		Frequency: "once a day", Sensitive: mental}
	answers := func(c record.Category) EntryAnswers {
		return EntryAnswers{Category: c, Title: "Sertraline", Dose: "50 mg", Route: "by mouth", Frequency: "once a day", Kinds: mental}
	}
	for _, tc := range []struct {
		name   string
		orig   record.Entry
		edit   bool
		a      EntryAnswers
		home   string
		want   string
		attach string
	}{
		{"dates as typed", record.Entry{Category: record.Condition}, false,
			EntryAnswers{Category: record.Condition, Title: "Asthma", Date: "1 March 2024", End: "yesterday"}, "",
			"condition Asthma 2024-03-01 2026-11-21 [] [] false |||", ""},
		{"a date that cannot be read is kept for the use case to refuse", record.Entry{Category: record.Note}, false,
			EntryAnswers{Category: record.Note, Title: "x", Date: "31 February 2024"}, "", "note x 31 February 2024  [] [] false |||", ""},
		{"an unchanged edit keeps the details and leaves kinds to phr", med, true, answers(record.Medication), "",
			"medication Sertraline   [] [mental-health] false |50 mg|by mouth|once a day", ""},
		{"moved to conditions, the medication's details go", med, true, answers(record.Condition), "",
			"condition Sertraline   [] [mental-health] false |||", ""},
		{"kinds changed on an edit are the person's", med, true,
			EntryAnswers{Category: record.Medication, Title: "Sertraline", Dose: "50 mg"}, "", "medication Sertraline   [] [] true |50 mg||", ""},
		{"a new entry's kinds are never reviewed", record.Entry{Category: record.Note}, false,
			EntryAnswers{Category: record.Note, Title: "x", Kinds: mental, Tags: " sleep, ,night ", Attach: "~/letter.pdf"}, "/home/ada",
			"note x   [sleep night] [mental-health] false |||", "/home/ada/letter.pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, attach := FormEntry(tc.orig, tc.edit, tc.a, testNow, tc.home)
			got := fmt.Sprintf("%s %s %s %s %v %v %v |%s|%s|%s", e.Category, e.Title, e.Date, e.End, e.Tags, e.Sensitive,
				e.SensitiveReviewed, e.Dose, e.Route, e.Frequency)
			if got != tc.want {
				t.Errorf("entry %q\nwant  %q", got, tc.want)
			}
			if fmt.Sprint(attach) != fmt.Sprint(map[bool][]string{true: {tc.attach}}[tc.attach != ""]) {
				t.Errorf("attach %v, want %q", attach, tc.attach)
			}
			if e.ID != tc.orig.ID {
				t.Errorf("id %q, want %q", e.ID, tc.orig.ID)
			}
		})
	}
}
