package importer

import (
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// Issue 20, on real fixtures: what is wrong is left out and counted, what
// was thrown away is kept.
func TestWrongDataLeftOut(t *testing.T) {
	// MEDITECH's IPS holds a heart attack whose verificationStatus is
	// entered-in-error: it must not become a condition.
	ips := fixture(t, "ips/US_MEDITECH_ips_1.json")
	if e := findItem(ips, func(e *record.Entry) bool { return strings.Contains(e.Title, "Heart attack") }); e != nil {
		t.Errorf("entered-in-error condition imported: %+v", e)
	}
	if ips.Skipped["Condition: entered in error"] != 1 {
		t.Errorf("skipped: %v", ips.Skipped)
	}
	// Synthea's C-CDA exporter leaves "{entry.value}" where a result's
	// value should be: that is no value.
	syn := fixture(t, "ccda/Synthea-CCDA_*.xml")
	for _, it := range syn.Items {
		if strings.Contains(it.Entry.Value, "{") {
			t.Errorf("template slot as a value: %q = %q", it.Entry.Title, it.Entry.Value)
		}
	}
	// CCD-2 says "no known allergies" with a negated allergy to
	// "Substance": one entry saying so, not an allergy to "Substance".
	ccd := fixture(t, "ccda/CCD-2.xml")
	if e := findItem(ccd, func(e *record.Entry) bool { return e.Category == record.Allergy }); e == nil || e.Title != "No known allergies" {
		t.Errorf("no known allergies: %+v", e)
	}
	// Claims and explanations of benefit are named in the report, in words.
	jl := fixture(t, "synthea/Jacob_Larson_*.json")
	if jl.Skipped["Claim: "+reasonBilling] != 9 || len(jl.Unmapped) != 0 {
		t.Errorf("billing: skipped %v, unmapped %v", jl.Skipped, jl.Unmapped)
	}
}

func TestThrownAwayKept(t *testing.T) {
	// Every narrative-only section of the discharge summary is a note.
	ds := fixture(t, "ccda/Discharge_Summary.xml")
	for _, title := range []string{"HOSPITAL COURSE", "HISTORY OF PRESENT ILLNESS", "HOSPITAL DISCHARGE INSTRUCTIONS",
		"REVIEW OF SYSTEMS", "HOSPITAL DISCHARGE PHYSICAL", "REASON FOR VISIT/CHIEF COMPLAINT", "FAMILY HISTORY", "PLAN OF CARE"} {
		e := findItem(ds, func(e *record.Entry) bool { return e.Title == title })
		if e == nil || e.Category != record.Note || len(e.Notes) < 20 || e.Date == "" {
			t.Errorf("section %s: %+v", title, e)
		}
	}
	if e := findItem(ds, titled("HOSPITAL COURSE")); e != nil && !strings.Contains(e.Notes, "dark stool") {
		t.Errorf("hospital course text: %q", e.Notes)
	}
	// The discharge medication act wraps its medication activity.
	if e := findItem(ds, func(e *record.Entry) bool { return e.Category == record.Medication }); e == nil || !strings.Contains(strings.ToLower(e.Title), "ibuprofen") {
		t.Errorf("discharge medication: %+v", e)
	}
	// Social history (smoking, alcohol) of CCD-1 are results.
	c1 := fixture(t, "ccda/CCD-1.xml")
	if e := findItem(c1, titled("Tobacco smoking status")); e == nil || e.Category != record.Result || e.Value == "" {
		t.Errorf("smoking status: %+v", e)
	}
	// Goals and imaging studies of a Synthea bundle.
	vf := fixture(t, "synthea/Vito_Feeney_*.json")
	if e := findItem(vf, func(e *record.Entry) bool { return strings.HasPrefix(e.Title, "Goal: ") }); e == nil || e.Category != record.Note {
		t.Errorf("goal: %+v", e)
	}
	// An IPS Composition's narratives are kept as a document; a Flag is
	// an alert note.
	nz := fixture(t, "ips/NZ_Peter_Jordan_AAA1234.json")
	if e := findItem(nz, func(e *record.Entry) bool { return e.Category == record.Document }); e == nil || e.Notes == "" {
		t.Errorf("composition: %+v", e)
	}
	if e := findItem(nz, func(e *record.Entry) bool { return strings.HasPrefix(e.Title, "Alert: ") }); e == nil {
		t.Error("flag not kept")
	}
	// Condition.category reaches the notes.
	if e := findItem(ips(t), func(e *record.Entry) bool { return e.Category == record.Condition }); e == nil || !strings.Contains(e.Notes, "Category: ") {
		t.Errorf("condition category: %+v", e)
	}
}

func ips(t *testing.T) *Result { return fixture(t, "ips/US_MEDITECH_ips_1.json") }

func TestNarrativeText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<paragraph>One</paragraph><paragraph>Two  words</paragraph>`, "One\nTwo words"},
		{`<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>`, "A | B\n1 | 2"},
		{`<div xmlns="http://www.w3.org/1999/xhtml"><p>Hi &amp; bye<br/>next</p></div>`, "Hi & bye\nnext"},
		{`<list><item>x</item><item>y</item></list>`, "x\ny"},
		{`<p>unclosed`, "unclosed"},
		{``, ""},
	} {
		if got := narrativeText([]byte(tc.in)); got != tc.want {
			t.Errorf("%q: got %q want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlaceholderText(t *testing.T) {
	for s, want := range map[string]bool{
		"No medication data is applicable": true, "Unknown": true, "{entry.value}": true, "No information": true,
		"N/A": true, "Aspirin": false, "No known allergies": false, "unknown allergen X": false, "": false,
	} {
		if placeholderText(s) != want {
			t.Errorf("%q: want %v", s, want)
		}
	}
}

// Details the issue found thrown away, on real files: a vaccine's lot
// number and maker (FHIR and C-CDA), a panel's members (Observation.
// hasMember), the person's gender, phone and address.
func TestDetailsKeptOnRealFiles(t *testing.T) {
	nz := fixture(t, "ips/NZ_Peter_Jordan_AAA1234.json")
	ccd := fixture(t, "ccda/CCD-1.xml")
	ips01 := fixture(t, "ips/HL7-IPS_bundle-01.json")
	for _, w := range []struct {
		res         *Result
		title, line string
	}{
		{nz, "Influenza", "Lot: B52b"},
		{ccd, "influenza virus vaccine", "Lot: 1"},
		{ccd, "influenza virus vaccine", "Made by: Health LS - Immuno Inc."},
		{ips01, "Blood typing", "Results: ABO and Rh group [Type] in Blood; "},
		{nz, "Personal details", "Gender: male"},
		{nz, "Personal details", "phone: tel:+6478532279"},
		{nz, "Personal details", "address: Bleak House, 3 Worcester Drive, Rototuna North, Hamilton, 3210, NZ"},
	} {
		if findItem(w.res, func(e *record.Entry) bool {
			return strings.Contains(e.Title, w.title) && strings.Contains(e.Notes, w.line)
		}) == nil {
			t.Errorf("no entry %q with the line %q", w.title, w.line)
		}
	}
}
