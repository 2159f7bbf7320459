package app

import (
	"fmt"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// TestEntryFields: both interfaces say an entry's content with these
// labels, in this order, leaving out what is empty; the value in the
// chosen units comes first, with what was recorded when it differs.
func TestEntryFields(t *testing.T) {
	e := record.Entry{Category: record.Measurement, Title: "Weight", Value: "82.5", Unit: "kg", Range: "60-80",
		Interpretation: "High", Tags: []string{"gp", "home"}}
	shown := e
	shown.Value, shown.Unit = "181.9", "lb"
	got := fmt.Sprint(EntryFields(e, shown))
	want := fmt.Sprint([]Field{{Label: "Value", Value: "181.9 lb"}, {Label: "Recorded as", Value: "82.5 kg"},
		{Label: "Outside the normal range", Value: e.Flag()}, {Label: "Normal range", Value: "60-80"},
		{Label: "Interpretation", Value: "High"}, {Label: "Tags", Value: "gp, home"}})
	if e.Flag() == "" {
		want = fmt.Sprint([]Field{{Label: "Value", Value: "181.9 lb"}, {Label: "Recorded as", Value: "82.5 kg"},
			{Label: "Normal range", Value: "60-80"}, {Label: "Interpretation", Value: "High"}, {Label: "Tags", Value: "gp, home"}})
	}
	if got != want {
		t.Errorf("EntryFields =\n%s\nwant\n%s", got, want)
	}
	med := record.Entry{Category: record.Medication, Title: "Metformin", Dose: "500 mg", Route: "by mouth", Frequency: "twice a day"}
	if got := fmt.Sprint(EntryFields(med, med)); got != fmt.Sprint([]Field{{Label: "Dose", Value: "500 mg"},
		{Label: "Taken", Value: "by mouth"}, {Label: "How often", Value: "twice a day"}}) {
		t.Errorf("a medication's fields = %s", got)
	}
}

// TestSourceFields: a From line per import that sent the fact, else the
// one Source line, else nothing (an entry typed in).
func TestSourceFields(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	two := record.Entry{Source: "ccda", SourceID: "1#2", Sources: []record.SourceRef{
		{File: "gp.xml", Format: "ccda", ID: "1#2", Imported: at}, {File: "gp.json", Format: "fhir", ID: "urn:uuid:9", Imported: at}}}
	for _, tc := range []struct {
		e    record.Entry
		want string
	}{
		{two, "[{From ccda gp.xml, id 1#2, imported 2026-11-01 false} {From fhir gp.json, id urn:uuid:9, imported 2026-11-01 false}]"},
		{record.Entry{Source: "fhir", SourceID: "Condition/7"}, "[{Source fhir Condition/7 false}]"},
		{record.Entry{}, "[]"},
	} {
		if got := fmt.Sprint(SourceFields(tc.e)); got != tc.want {
			t.Errorf("SourceFields = %s, want %s", got, tc.want)
		}
	}
}
