package fhir_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/importer"
	"github.com/phrhealth/phr/internal/record"
)

// TestRoundTripFixtures exports every fixture patient's whole record, and
// entries typed by hand, as an IPS and reads it back twice, as a carer's phr opens it (fhir.ReadIPS) and
// as phr imports it (importer.Read): every entry comes back with the same
// category, title, dates, value, unit, UCUM code and codes, and every part
// of a compound reading with its value, unit and codes.
func TestRoundTripFixtures(t *testing.T) {
	hand := patient{name: "typed-by-hand", profile: record.Profile{Name: "Ada Lovelace", Born: "1815-12-10"}, entries: handEntries()}
	for _, p := range append(patients(t), hand) {
		t.Run(p.name, func(t *testing.T) {
			raw := buildIPS(t, p, p.entries)
			// The bundle holds the entries section by section.
			want := slices.Clone(p.entries)
			slices.SortStableFunc(want, func(a, b record.Entry) int {
				return slices.Index(sectionOrder, a.Category) - slices.Index(sectionOrder, b.Category)
			})
			opened, err := fhir.ReadIPS(raw)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, "opened", want, opened.Entries)
			res, err := importer.Read(bytes.NewReader(raw), "extract.json", fixtureNow)
			if err != nil {
				t.Fatal(err)
			}
			// The summary itself (the Composition) and its author (phr's
			// Device) are not entries of the record, and a contact's role
			// is a second resource of the contact.
			var doc struct {
				Entry []struct {
					Resource struct{ ResourceType, ID string }
				}
			}
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			skip := map[string]bool{}
			for _, e := range doc.Entry {
				switch e.Resource.ResourceType {
				case "Composition", "Device", "PractitionerRole":
					skip["urn:uuid:"+e.Resource.ID] = true
				}
			}
			var imported []record.Entry
			for _, it := range res.Items {
				if !skip[it.Entry.SourceID] {
					imported = append(imported, it.Entry)
				}
			}
			compare(t, "imported", want, imported)
		})
	}
}

// sectionOrder is the order of the bundle's sections.
var sectionOrder = []record.Category{record.Allergy, record.Medication, record.Condition, record.Immunization,
	record.Result, record.Measurement, record.Procedure, record.Appointment, record.Document, record.Contact, record.Note}

// compare checks got against want, entry by entry in order.
func compare(t *testing.T, how string, want, got []record.Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d entries, want %d", how, len(got), len(want))
	}
	bad := 0
	for i := range want {
		w, g := want[i], got[i]
		var diffs []string
		check := func(field, a, b string) {
			if a != b {
				diffs = append(diffs, fmt.Sprintf("%s %q, want %q", field, a, b))
			}
		}
		check("category", string(g.Category), string(w.Category))
		if name, _, _ := strings.Cut(w.Title, ","); how == "imported" && w.Category == record.Contact && g.Title == strings.TrimSpace(name) {
			// The importer names a Practitioner without the role beside it.
		} else {
			check("title", g.Title, w.Title)
		}
		check("date", g.Date, w.Date)
		check("end", g.End, w.End)
		if how == "opened" && fhir.IsBloodPressure(&w) && len(w.Components) == 2 {
			// An extract's blood pressure is its parts alone, shown joined.
			check("value", g.Value, "")
			check("unit", g.Unit, "")
			check("shown", g.PlainValue(), w.PlainValue())
		} else {
			check("value", g.Value, w.Value)
			check("unit", g.Unit, w.Unit)
			if w.UnitCode != "" || g.UnitCode != fhir.UCUMCode(w.Unit) {
				// (An extract gives a unit phr knows its UCUM code.)
				check("unit code", g.UnitCode, w.UnitCode)
			}
		}
		if missing := missingCodes(w.AllCodes(), g.AllCodes()); missing != "" {
			diffs = append(diffs, "lost codes "+missing+" (has "+codes(g.AllCodes())+")")
		}
		check("parts", parts(g.Components), parts(w.Components))
		if len(diffs) > 0 {
			bad++
			if bad <= 15 {
				t.Errorf("%s: %s %q: %s", how, w.Category, w.Title, strings.Join(diffs, "; "))
			}
		}
	}
	if bad > 15 {
		t.Errorf("%s: %d entries differ in all", how, bad)
	}
}

// codes lists codings as "system code", sorted.
func codes(cs []record.Code) string {
	var out []string
	for _, c := range cs {
		// A code system's OID is written "urn:oid:..." in FHIR.
		sys := strings.TrimPrefix(record.ShortSystem(c.System), "urn:oid:")
		if code := strings.TrimSpace(c.Code); code != "" {
			out = append(out, sys+" "+code)
		}
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), ", ")
}

// missingCodes lists the codes of want that got lacks.
func missingCodes(want, got []record.Code) string {
	have := map[string]bool{}
	for _, c := range strings.Split(codes(got), ", ") {
		have[c] = true
	}
	var out []string
	for _, c := range strings.Split(codes(want), ", ") {
		if c != "" && !have[c] {
			out = append(out, c)
		}
	}
	return strings.Join(out, ", ")
}

// parts lists a reading's parts.
func parts(cs []record.Component) string {
	var out []string
	for _, c := range cs {
		code := ""
		if c.Code != nil {
			code = c.Code.Code
		}
		out = append(out, fmt.Sprintf("%s=%s %s [%s] %s", c.Title, c.Value, c.Unit, c.UnitCode, code))
	}
	return strings.Join(out, "; ")
}
