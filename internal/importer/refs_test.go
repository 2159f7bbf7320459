package importer

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// In one file: a Synthea bundle's entries name the visit they were
// recorded in, who saw, asked or was the provider, and the reason, from
// the Encounter, Practitioner, Organization and Condition of the bundle
// (before, these references were dropped).
func TestEntryReferencesInOneFile(t *testing.T) {
	res := fixture(t, "synthea/Gustavo_Mejia_*.json")
	want := []struct {
		title, line string
	}{
		// Encounter: participant and serviceProvider.
		{"Encounter for check up", "Seen by: Dr. Aubrey Corkery"},
		{"Encounter for check up", "Provider: SHRINERS' HOSPITAL FOR CHILDREN - BOSTON, THE"},
		// Observation.encounter, with the visit's day.
		{"Body Height", "During the visit: Encounter for check up (procedure) on 2012-10-04"},
		// MedicationRequest.requester and .encounter.
		{"Amoxicillin", "Requested by: Dr. Aubrey Corkery"},
		// Procedure.reasonReference.
		{"", "Reason: Acute viral pharyngitis (disorder)"},
	}
	for _, w := range want {
		found := false
		for _, it := range res.Items {
			e := it.Entry
			if strings.Contains(e.Title, w.title) && strings.Contains(e.Notes, w.line) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no entry %q with the line %q", w.title, w.line)
		}
	}
	// Every entry that names a visit names one the bundle holds.
	n := 0
	for _, it := range res.Items {
		for _, l := range strings.Split(it.Entry.Notes, "\n") {
			if strings.HasPrefix(l, "During the visit: ") {
				n++
				if !strings.Contains(l, " on 20") {
					t.Errorf("%s: visit without its day: %q", it.Entry.Title, l)
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("%d entries name their visit", n)
	}
}

// Across the files of one import: a FHIR bulk export (smart-on-fhir's
// sample, one patient) holds Conditions in one file, their Encounters in
// another and the Encounters' clinicians, places and providers in three
// more, named by conditional references ("Practitioner?identifier=...").
// With the displays taken away, linking still names every one.
func TestEntryReferencesAcrossFiles(t *testing.T) {
	read := func(name string, edit func(map[string]any)) *Result {
		data, err := os.ReadFile(filepath.Join("testdata", "ndjson", name))
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			var out []byte
			for _, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
				var r map[string]any
				if err := json.Unmarshal(l, &r); err != nil {
					t.Fatal(err)
				}
				edit(r)
				j, _ := json.Marshal(r)
				out = append(append(out, j...), '\n')
			}
			data = out
		}
		res, err := Read(bytes.NewReader(data), name, testNow)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	conds := read("Condition.000.ndjson", nil)
	encs := read("Encounter.000.ndjson", func(r map[string]any) {
		for _, p := range r["participant"].([]any) {
			delete(p.(map[string]any)["individual"].(map[string]any), "display")
		}
		for _, l := range r["location"].([]any) {
			delete(l.(map[string]any)["location"].(map[string]any), "display")
		}
		delete(r["serviceProvider"].(map[string]any), "display")
	})
	for _, it := range conds.Items {
		if strings.Contains(it.Entry.Notes, "During the visit") {
			t.Fatalf("%s names its visit before linking", it.Entry.Title)
		}
	}
	for _, it := range encs.Items {
		if strings.Contains(it.Entry.Notes, "Seen by") || strings.Contains(it.Entry.Notes, "Where") {
			t.Fatalf("%s names people or places before linking: %q", it.Entry.Title, it.Entry.Notes)
		}
	}
	places := read("Location.000.ndjson", nil)
	if len(places.Items) != 4 || !places.Tally["Location"].Accounted() {
		t.Fatalf("locations: %d items, tally %+v", len(places.Items), places.Tally["Location"])
	}
	for _, it := range places.Items {
		if it.Entry.Category != record.Contact || !strings.Contains(it.Entry.Notes, "address: ") {
			t.Errorf("location %+v", it.Entry)
		}
	}
	Link(conds, encs, places, read("Practitioner.000.ndjson", nil), read("Organization.000.ndjson", nil))
	for _, it := range conds.Items {
		if !strings.Contains(it.Entry.Notes, "During the visit: ") {
			t.Errorf("condition %q: notes %q", it.Entry.Title, it.Entry.Notes)
		}
	}
	if len(conds.unresolvedRefs) != 0 {
		t.Errorf("%d conditions unresolved", len(conds.unresolvedRefs))
	}
	for _, it := range encs.Items {
		for _, w := range []string{"Seen by: Dr. ", "Where: ", "Provider: "} {
			if !strings.Contains(it.Entry.Notes, w) {
				t.Errorf("encounter %s %s: no %q in %q", it.Entry.Date, it.Entry.Title, w, it.Entry.Notes)
			}
		}
	}
	// The first Encounter of the file: its clinician, place and provider.
	e := encs.Items[0].Entry
	for _, w := range []string{"Seen by: Dr. Bobbye345 Wuckert783", "Where: OVERLAND PARK REG MED CTR", "Provider: OVERLAND PARK REG MED CTR"} {
		if !strings.Contains(e.Notes, w) {
			t.Errorf("first encounter: no %q in %q", w, e.Notes)
		}
	}
}

// A reference the import does not hold keeps its display; one with
// neither is left out without a word.
func TestEntryReferencesFallBack(t *testing.T) {
	obs := `{"resourceType":"Observation","id":"o1","status":"final",
	  "code":{"text":"Weight"},"effectiveDateTime":"2020-01-02",
	  "valueQuantity":{"value":70,"unit":"kg"},
	  "encounter":{"reference":"Encounter/elsewhere"},
	  "performer":[{"reference":"Practitioner/p9","display":"Dr Ada Lovelace"},{"reference":"Organization/x"}]}`
	res, err := Read(strings.NewReader(obs), "obs.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	e := res.Items[0].Entry
	if e.Notes != "Performed by: Dr Ada Lovelace" {
		t.Errorf("notes %q", e.Notes)
	}
	if len(res.unresolvedRefs) != 1 {
		t.Errorf("unresolved %d, want 1 (for Link)", len(res.unresolvedRefs))
	}
}

// What an entry carries out, belongs to and was measured on (basedOn,
// partOf, specimen) is named in words like its other references: from
// the entry the file holds, a Specimen (no entry of its own) by its type
// and day, else the reference's display.
func TestOrdersPartsAndSpecimensNamed(t *testing.T) {
	res, err := readFile(t, "testdata/refs/orders-and-specimens.json")
	if err != nil {
		t.Fatal(err)
	}
	meditech, err := readFile(t, filepath.Join(fixturesDir(t), "ips/US_MEDITECH_ips_1.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		res         *Result
		title, line string
	}{
		{res, "Hemoglobin", "Based on: Full blood count"},
		{res, "Hemoglobin", "Specimen: Blood specimen, collected 2024-05-02"},
		// A specimen named by its identifier.
		{res, "Urine dipstick", "Specimen: Mid-stream urine"},
		{res, "Nerve block", "Part of: Knee arthroscopy"},
		{res, "Nerve block", "Based on: Anaesthesia request"},
		{res, "Bupivacaine", "Part of: Nerve block"},
		// A vendor's procedures name the order they carry out.
		{meditech, "", "Based on: Consult to Pulmonary Rehabilitation Routine"},
	} {
		found := false
		for _, it := range w.res.Items {
			if strings.Contains(it.Entry.Title, w.title) && strings.Contains(it.Entry.Notes, w.line) {
				found = true
			}
		}
		if !found {
			t.Errorf("no entry %q with the line %q", w.title, w.line)
		}
	}
	// The specimens are still counted as not understood: no entry holds them.
	if res.Unmapped["Specimen"] != 2 {
		t.Errorf("unmapped %v, want 2 Specimen", res.Unmapped)
	}
}

// A result in one file names a Specimen another file of the import holds.
func TestSpecimenAcrossFiles(t *testing.T) {
	obs := `{"resourceType":"Observation","id":"x","status":"final","code":{"text":"Potassium"},"effectiveDateTime":"2024-05-02","valueQuantity":{"value":4.1,"unit":"mmol/L"},"specimen":{"reference":"Specimen/s9"}}`
	spec := `{"resourceType":"Specimen","id":"s9","type":{"text":"Serum"},"collection":{"collectedDateTime":"2024-05-02"}}`
	a, err := Read(strings.NewReader(obs), "obs.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(strings.NewReader(spec), "spec.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	Link(a, b)
	if n := a.Items[0].Entry.Notes; !strings.Contains(n, "Specimen: Serum, collected 2024-05-02") {
		t.Errorf("notes %q do not name the specimen", n)
	}
}
