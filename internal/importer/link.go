package importer

import (
	"github.com/phrhealth/phr/internal/sensitive"
)

// unresolvedMed is a medication entry whose Medication its own file did
// not hold.
type unresolvedMed struct {
	item int
	ref  string
}

// Link resolves references between the files of one import, given in
// the order they were read: a MedicationRequest in one file (a bulk
// export's MedicationRequest.ndjson) names a Medication held in another
// (Medication.ndjson). The entry takes the medicine's name and codes, as
// when both are in one file, and the Medication counts as merged instead
// of "not referenced"; a DiagnosticReport's (or a panel's) results named
// in another file give their titles to its notes. It reports how many
// medication references it resolved.
func Link(results ...*Result) int {
	all := map[string]*medRef{}
	owner := map[*medRef]*Result{}
	for _, r := range results {
		if r == nil {
			continue
		}
		for k, ref := range r.meds {
			if _, ok := all[k]; !ok {
				all[k] = ref
				owner[ref] = r
			}
		}
	}
	titles := map[string]string{}
	for _, r := range results {
		if r == nil {
			continue
		}
		for k, t := range r.titles {
			if _, ok := titles[k]; !ok {
				titles[k] = t
			}
		}
	}
	n := 0
	for _, r := range results {
		if r == nil {
			continue
		}
		// A report's results, a visit, a clinician or a place held in
		// another file (a bulk export's Observation.ndjson,
		// Encounter.ndjson, Practitioner.ndjson): their names reach the
		// entry's notes.
		var leftRefs []pendingRefs
		for i := range r.unresolvedRefs {
			p := &r.unresolvedRefs[i]
			e := &r.Items[p.item].Entry
			if applyRefs(e, p, titles) {
				leftRefs = append(leftRefs, *p)
			}
			e.Sensitive = sensitive.Suggest(e)
		}
		r.unresolvedRefs = leftRefs
		var left []unresolvedMed
		for _, u := range r.unresolved {
			ref, ok := all[u.ref]
			if !ok {
				left = append(left, u)
				continue
			}
			e := &r.Items[u.item].Entry
			if e.Title == untitled(e.Category) {
				e.Title = ""
			}
			applyMedication(&ref.med, e)
			if e.Title == "" {
				e.Title = untitled(e.Category)
			}
			e.Sensitive = sensitive.Suggest(e)
			n++
			if !ref.used {
				ref.used = true
				o := owner[ref]
				const label = "Medication (not referenced)"
				if o.Unmapped[label]--; o.Unmapped[label] <= 0 {
					delete(o.Unmapped, label)
				}
				if t := o.Tally["Medication"]; t != nil {
					t.Unmapped--
					t.Merged++
				}
			}
		}
		r.unresolved = left
	}
	return n
}
