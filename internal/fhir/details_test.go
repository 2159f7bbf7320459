package fhir_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// detailEntries are a medication with its dose, route and frequency (one
// amount, and a range) and allergies with a reaction, its severity and the
// criticality, or a severity alone.
func detailEntries() []record.Entry {
	return []record.Entry{
		{ID: "m1", Category: record.Medication, Title: "Metformin", Date: "2024-03", Dose: "500 mg", Route: "by mouth",
			Frequency: "twice a day", Status: "active"},
		{ID: "m2", Category: record.Medication, Title: "Salbutamol inhaler", Dose: "1-2 puffs", Frequency: "as needed"},
		{ID: "m3", Category: record.Medication, Title: "Aspirin", Route: "by mouth"},
		{ID: "a1", Category: record.Allergy, Title: "Penicillin", Date: "2019", Reaction: "hives, swollen lips",
			Severity: "severe", Criticality: "high"},
		{ID: "a2", Category: record.Allergy, Title: "Cats", Severity: "mild"},
	}
}

// TestDetailsTravel: a medication's dose, route and frequency and an
// allergy's reaction, severity and criticality go into an extract
// (MedicationStatement.dosage, AllergyIntolerance.criticality and reaction)
// and come back out of it as they were, partial dates included.
func TestDetailsTravel(t *testing.T) {
	in := detailEntries()
	raw := buildIPS(t, patient{name: "details", profile: record.Profile{Name: "Ada Lovelace"}}, in)
	for _, want := range []string{`"doseQuantity":{"value":500,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}`,
		`"doseRange":{"low":{"value":1,"unit":"puffs"},"high":{"value":2,"unit":"puffs"}}`,
		`"timing":{"code":{"text":"twice a day"}}`, `"route":{"text":"by mouth"}`, `"text":"500 mg by mouth twice a day"`,
		`"criticality":"high"`, `"severity":"severe"`, `"manifestation":[{"text":"hives, swollen lips"}]`,
		`"effectiveDateTime":"2024-03"`, `"onsetDateTime":"2019"`} {
		if !strings.Contains(string(compact(t, raw)), want) {
			t.Errorf("the extract does not hold %s", want)
		}
	}
	got, err := fhir.ReadIPS(raw)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]record.Entry{}
	for _, e := range got.Entries {
		byTitle[e.Title] = e
	}
	for _, w := range in {
		g, ok := byTitle[w.Title]
		if !ok {
			t.Errorf("%s did not come back", w.Title)
			continue
		}
		if g.Dose != w.Dose || g.Route != w.Route || g.Frequency != w.Frequency || g.Reaction != w.Reaction ||
			g.Severity != w.Severity || g.Criticality != w.Criticality || g.Date != w.Date || g.Value != "" {
			t.Errorf("%s came back as dose %q route %q frequency %q reaction %q severity %q criticality %q date %q value %q",
				w.Title, g.Dose, g.Route, g.Frequency, g.Reaction, g.Severity, g.Criticality, g.Date, g.Value)
		}
	}
}

func compact(t *testing.T, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
