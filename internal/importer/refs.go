package importer

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// refRoles are the fields of a resource that say during which visit, by
// whom, where and why, what it carries out or belongs to and on what
// sample (FHIR R4 names, and STU3's context), in the order
// their note lines are written, with the words each line starts with.
// Only the first level is named: the reference may sit deeper
// (Encounter.participant.individual, Procedure.performer.actor,
// Encounter.location.location, DocumentReference.context.encounter).
var refRoles = []struct{ field, words string }{
	{"encounter", "During the visit"},
	{"context", "During the visit"},
	{"reasonReference", "Reason"},
	{"basedOn", "Based on"},
	{"partOf", "Part of"},
	{"specimen", "Specimen"},
	{"participant", "Seen by"},
	{"performer", "Performed by"},
	{"resultsInterpreter", "Interpreted by"},
	{"requester", "Requested by"},
	{"recorder", "Recorded by"},
	{"asserter", "Reported by"},
	{"author", "Written by"},
	{"practitioner", "Practitioner"},
	{"organization", "Organization"},
	{"location", "Where"},
	{"serviceProvider", "Provider"},
	{"custodian", "Kept by"},
	{"manufacturer", "Made by"},
}

// roleRef is one reference of a resource and the role it plays.
type roleRef struct {
	words string
	ref   fhir.Reference
}

// pendingRefs is an entry whose notes name other resources: a report's
// results, a panel's members, the visit, people and places. They are
// written in finish, once the whole file is read, and again by Link when
// another file of the same import holds them.
type pendingRefs struct {
	item    int
	results []fhir.Reference
	roles   []roleRef
	text    string // the entry's own notes, before the references
}

// collectRoles finds the references of a resource's refRoles fields.
// Resources of other types are named only through these fields: the
// patient (subject) and a medicine (medicationReference) never are.
func collectRoles(raw json.RawMessage) []roleRef {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return nil
	}
	var out []roleRef
	for _, r := range refRoles {
		v, ok := top[r.field]
		if !ok {
			continue
		}
		if r.field == "context" {
			// DocumentReference.context holds the visit beside the
			// period, related resources and the patient's details.
			var c struct {
				Encounter json.RawMessage `json:"encounter"`
			}
			if json.Unmarshal(v, &c) == nil && len(c.Encounter) > 0 {
				v = c.Encounter
			}
		}
		var x any
		if json.Unmarshal(v, &x) != nil {
			continue
		}
		walkRefs(x, 0, func(ref fhir.Reference) {
			out = append(out, roleRef{words: r.words, ref: ref})
		})
	}
	return out
}

// walkRefs calls f for every Reference inside v: an object with a
// reference, an identifier or a display, and no code (a Coding has a
// display too).
func walkRefs(v any, depth int, f func(fhir.Reference)) {
	if depth > 6 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, y := range x {
			walkRefs(y, depth+1, f)
		}
	case map[string]any:
		ref, _ := x["reference"].(string)
		display, _ := x["display"].(string)
		_, hasCode := x["code"]
		id, _ := x["identifier"].(map[string]any)
		if !hasCode && (ref != "" || display != "" || id != nil) {
			r := fhir.Reference{Reference: ref, Display: display}
			if id != nil {
				sys, _ := id["system"].(string)
				val, _ := id["value"].(string)
				if val != "" {
					r.Identifier = &fhir.Identifier{System: sys, Value: val}
				}
			}
			f(r)
			return
		}
		for _, y := range x {
			walkRefs(y, depth+1, f)
		}
	}
}

// refLookupKeys are the keys a reference may be found under in the
// titles of the import: its literal reference, and its business
// identifier (a conditional reference "Practitioner?identifier=sys|val"
// or an identifier element).
func refLookupKeys(r fhir.Reference) []string {
	var keys []string
	if r.Reference != "" {
		keys = append(keys, r.Reference)
		if _, q, ok := strings.Cut(r.Reference, "?identifier="); ok {
			keys = append(keys, identifierKey(q))
		}
	}
	if r.Identifier != nil && r.Identifier.Value != "" {
		keys = append(keys, identifierKey(r.Identifier.System+"|"+r.Identifier.Value))
	}
	return keys
}

// identifierKey is the key of a business identifier "system|value". The
// type is left out: a reference by identifier need not say it, and an
// identifier system (an NPI, a hospital's ids) names one kind of thing.
func identifierKey(sysValue string) string {
	return "identifier:" + sysValue
}

// identifierKeys lists the identifier keys of a resource read from raw.
func identifierKeys(raw json.RawMessage) []string {
	var r struct {
		Identifier []fhir.Identifier `json:"identifier"`
	}
	if json.Unmarshal(raw, &r) != nil {
		return nil
	}
	var keys []string
	for _, id := range r.Identifier {
		if id.Value != "" {
			keys = append(keys, identifierKey(id.System+"|"+id.Value))
		}
	}
	return keys
}

// refLabel is how other entries name this one: its title, and for a visit
// also its day.
func refLabel(rtype string, e *record.Entry) string {
	t := strings.TrimSpace(e.Title)
	if rtype == "Encounter" && len(e.Date) >= 10 && t != "" {
		return t + " on " + e.Date[:10]
	}
	return t
}

// applyRefs writes an entry's notes: its own text, then the titles of its
// results and one line for each role its references play, each name
// taken from titles, else from the reference's display. It reports
// whether some reference was not among titles (another file of the
// import may hold it).
func applyRefs(e *record.Entry, p *pendingRefs, titles map[string]string) bool {
	missing := false
	// A name stands on one line, however the file wrapped it.
	oneLine := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	name := func(r fhir.Reference) string {
		keys := refLookupKeys(r)
		for _, k := range keys {
			if t := oneLine(titles[k]); t != "" {
				return t
			}
		}
		if len(keys) > 0 {
			missing = true
		}
		return oneLine(r.Display)
	}
	lines := []string{p.text}
	var results []string
	for _, r := range p.results {
		if t := name(r); t != "" {
			results = append(results, t)
		}
	}
	if len(results) > 0 {
		lines = append(lines, "Results: "+strings.Join(results, "; "))
	}
	var order []string
	byWords := map[string][]string{}
	for _, rr := range p.roles {
		t := name(rr.ref)
		if t == "" || t == oneLine(e.Title) && rr.words != "During the visit" {
			continue
		}
		if _, ok := byWords[rr.words]; !ok {
			order = append(order, rr.words)
		}
		if !slices.Contains(byWords[rr.words], t) {
			byWords[rr.words] = append(byWords[rr.words], t)
		}
	}
	for _, w := range order {
		lines = append(lines, w+": "+strings.Join(byWords[w], "; "))
	}
	e.Notes = joinNotes(lines...)
	return missing
}
