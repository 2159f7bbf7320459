package app

import (
	"fmt"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// Field is one labelled line of an entry's details. Part marks a part of
// the value above it (a blood pressure's systolic), which a screen may
// indent.
type Field struct {
	Label, Value string
	Part         bool
}

// EntryFields lists what an entry's details say of its content, in one
// order and with one set of words for both interfaces: shown is the entry
// in the person's chosen units (Units.Shown), e as recorded. Empty values
// are left out; the text is as stored, so a screen cleans it for display.
func EntryFields(e, shown record.Entry) []Field {
	var out []Field
	add := func(label, v string) {
		if v != "" {
			out = append(out, Field{Label: label, Value: v})
		}
	}
	add("Value", shown.PlainValue())
	if v := e.PlainValue(); v != shown.PlainValue() {
		add("Recorded as", v)
	}
	for _, c := range shown.Components {
		if v := c.PlainValue(); v != "" {
			out = append(out, Field{Label: c.Title, Value: v, Part: true})
		}
	}
	if shown.Stats != nil {
		add("Summary", shown.Stats.Words())
	}
	add("Outside the normal range", e.Flag())
	add("Dose", e.Dose)
	add("Taken", e.Route)
	add("How often", e.Frequency)
	add("Reaction", e.Reaction)
	add("Severity", e.Severity)
	add("Risk", record.CriticalityWords(e.Criticality))
	add("Normal range", e.Range)
	add("Interpretation", e.Interpretation)
	if e.Code != nil {
		add("Code", strings.TrimSpace(fmt.Sprintf("%s %s %s", e.Code.System, e.Code.Code, e.Code.Display)))
	}
	add("Tags", strings.Join(e.Tags, ", "))
	return out
}

// SourceFields says where an entry came from: a From line per import that
// sent its fact (two when a C-CDA and its FHIR conversion sent it, kept
// once), or the one Source line of an entry without them.
func SourceFields(e record.Entry) []Field {
	if len(e.Sources) == 0 {
		if s := strings.TrimSpace(e.Source + " " + e.SourceID); s != "" {
			return []Field{{Label: "Source", Value: s}}
		}
		return nil
	}
	out := make([]Field, 0, len(e.Sources))
	for _, r := range e.Sources {
		out = append(out, Field{Label: "From", Value: r.Words()})
	}
	return out
}
