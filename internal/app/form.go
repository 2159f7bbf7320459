package app

import (
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// EntryAnswers are an entry form's answers as typed, in either interface:
// the full-screen form and accessible mode make the entry from them with
// FormEntry, so the two cannot read them differently.
type EntryAnswers struct {
	Category                                                record.Category
	Title, Date, End, Status, Value, Unit, Range, Notes     string
	Dose, Route, Frequency, Reaction, Severity, Criticality string
	// Tags are separated by commas; Attach is a path ("~/" is home).
	Tags, Attach string
	Kinds        []record.Kind
}

// FormEntry makes the entry the answers describe, from orig (the entry
// edited; for a new one its category and anything kept from a reading
// like it), and the files to attach. Dates are read as people write them
// (one that cannot be read is kept as typed, for the use case to refuse
// with its reason); an entry moved to another category keeps none of the
// details that one does not have; on an edit, kinds the person changed are
// their own choice from then on (SensitiveReviewed: phr suggests no more).
func FormEntry(orig record.Entry, edit bool, a EntryAnswers, now time.Time, home string) (record.Entry, []string) {
	e := orig
	e.Category, e.Title, e.Date, e.End, e.Status, e.Value, e.Unit, e.Notes = a.Category, a.Title, a.Date, a.End, a.Status, a.Value, a.Unit, a.Notes
	e.Range, e.Dose, e.Route, e.Frequency = a.Range, a.Dose, a.Route, a.Frequency
	e.Reaction, e.Severity, e.Criticality = a.Reaction, a.Severity, a.Criticality
	for _, d := range []*string{&e.Date, &e.End} {
		if c, err := when.ReadDate(*d, now); err == nil {
			*d = c
		}
	}
	if e.Category != record.Medication {
		e.Dose, e.Route, e.Frequency = "", "", ""
	}
	if e.Category != record.Allergy {
		e.Reaction, e.Severity, e.Criticality = "", "", ""
	}
	e.Tags = nil
	for _, t := range strings.Split(a.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			e.Tags = append(e.Tags, t)
		}
	}
	if edit && !slices.Equal(record.NormalizeKinds(a.Kinds), record.NormalizeKinds(orig.Sensitive)) {
		e.SensitiveReviewed = true
	}
	e.Sensitive = slices.Clone(a.Kinds)
	var attach []string
	if p := strings.TrimSpace(a.Attach); p != "" {
		if rest, ok := strings.CutPrefix(p, "~/"); ok && home != "" {
			p = home + "/" + rest
		}
		attach = []string{p}
	}
	return e, attach
}
