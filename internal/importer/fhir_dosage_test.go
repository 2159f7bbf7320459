package importer

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDosageFillsFields reads real files' and hard cases' dosages (FHIR,
// and C-CDA's dose, route and period) into a medication's Dose, Route and
// Frequency; what no field can hold (the
// dosage's words, a tapering second step, a dose with an unreadable unit)
// stays in Notes.
func TestDosageFillsFields(t *testing.T) {
	fx := fixturesDir(t)
	cases := []struct {
		file, title            string
		dose, route, frequency string
		notes                  []string // each in Notes
	}{
		// Vendor output: a GTS timing code whose display is words.
		{filepath.Join(fx, "ips/US_MEDITECH_ips_1.json"), "ibuprofen 200 mg capsule", "200 mg", "PO", "every 8 hours",
			[]string{"Dosage: 200 mg orally every 8 hours"}},
		// A unit that is a local code: not a dose phr can read, kept in words.
		{filepath.Join(fx, "ips/US_MEDITECH_ips_1.json"), "lisinopriL", "", "B20180406162630974", "once a day",
			[]string{"Dose: 2.5 B20180406162601968-1"}},
		// IPS: a UCUM "1" beside "tablet", an EDQM route, a day without a frequency.
		{filepath.Join(fx, "ips/HL7-IPS_bundle-01.json"), "anastrozole", "1 tablet", "Oral use", "once a day", nil},
		{"testdata/fhir-xml/IPS-bundle-01.xml", "anastrozole", "1 tablet", "Oral use", "once a day", nil},
		{filepath.Join(fx, "ips/ips-document-marlowe.json"), "Ramipril", "2.5 mg", "", "once a day",
			[]string{"Dosage: 2.5 mg once daily"}},
		// Synthea: a count without a unit; as needed.
		{filepath.Join(fx, "synthea/Ossie_Rodriguez_d7ec3d8f-7be8-4a94-a20c-e694f7bfdb80.json"), "Amoxicillin 250 MG Oral Capsule", "1", "", "twice a day", nil},
		{"testdata/ndjson/MedicationRequest.000.ndjson", "Ibuprofen 200 MG Oral Tablet", "", "", "as needed", nil},
		// Hard cases (testdata/dosage/hard-cases.json).
		{"testdata/dosage/hard-cases.json", "Salbutamol", "1-2 puff", "Respiratory tract route", "every 4-6 hours as needed for wheeze", nil},
		{"testdata/dosage/hard-cases.json", "Prednisolone", "", "", "",
			[]string{"Dosage: 40 mg once a day in the morning; then 20 mg each morning for 5 days"}},
		{"testdata/dosage/hard-cases.json", "Metformin", "1 tablet", "by mouth", "twice a day with breakfast and with dinner",
			[]string{"Dosage: one tablet with breakfast and dinner"}},
		{"testdata/dosage/hard-cases.json", "Lisinopril", "", "", "QD", []string{"Dose: 2.5 B20180406162601968-1"}},
		{"testdata/dosage/hard-cases.json", "Levothyroxine", "1 tablet", "", "once a day at 07:00", nil},
		{"testdata/dosage/hard-cases.json", "Ondansetron", "4 mg", "into a vein", "", nil},
		// C-CDA medication activities: doseQuantity, routeCode and a
		// PIVL_TS period (the institution's times: every 6 hours is four
		// times a day).
		{filepath.Join(fx, "ccda/CCD-1.xml"), "atenolol", "1", "Oral Route of Administration", "twice a day", nil},
		{filepath.Join(fx, "ccda/Discharge_Summary.xml"), "ibuprofen", "1", "Oral Route of Administration", "four times a day",
			[]string{"Instructions: Ibuprofen 600mg Oral Tablet take 1 tablet QID PRN"}},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.file)+"/"+c.title, func(t *testing.T) {
			res, err := readFile(t, c.file)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, it := range res.Items {
				e := it.Entry
				if e.Category != "medication" || !strings.Contains(e.Title, c.title) {
					continue
				}
				found = true
				if e.Dose != c.dose || e.Route != c.route || e.Frequency != c.frequency {
					t.Errorf("%s: dose %q route %q frequency %q, want %q %q %q", e.Title, e.Dose, e.Route, e.Frequency, c.dose, c.route, c.frequency)
				}
				for _, n := range c.notes {
					if !strings.Contains(e.Notes, n) {
						t.Errorf("%s: notes %q lack %q", e.Title, e.Notes, n)
					}
				}
				if e.Value != "" {
					t.Errorf("%s: value %q: the dose is in Dose now", e.Title, e.Value)
				}
				// What phr stores must pass its own checks.
				if err := e.Validate(); err != nil {
					t.Errorf("%s: %v", e.Title, err)
				}
			}
			if !found {
				t.Fatalf("no medication %q in %s", c.title, c.file)
			}
		})
	}
}

func TestRepeatWords(t *testing.T) {
	for _, c := range []struct{ f, fm, p, pm, u, want string }{
		{"", "", "", "", "d", "once a day"},
		{"2", "", "1", "", "d", "twice a day"},
		{"3", "", "1", "", "d", "three times a day"},
		{"6", "", "1", "", "d", "6 times a day"},
		{"1", "2", "1", "", "d", "1-2 times a day"},
		{"1", "", "8", "", "h", "every 8 hours"},
		{"1", "", "1", "", "wk", "once a week"},
		{"2", "", "3", "", "d", "twice every 3 days"},
		{"1", "", "1", "", "fortnight", ""},
	} {
		if got := repeatWords(c.f, c.fm, c.p, c.pm, c.u); got != c.want {
			t.Errorf("repeatWords(%q,%q,%q,%q,%q) = %q, want %q", c.f, c.fm, c.p, c.pm, c.u, got, c.want)
		}
	}
}

func TestPeriodWords(t *testing.T) {
	for _, c := range []struct {
		v, u, inst, want string
	}{
		{"6", "h", "true", "four times a day"},
		{"12", "h", "true", "twice a day"},
		{"8", "h", "", "every 8 hours"},
		{"1", "d", "", "once a day"},
		{"7", "h", "true", "every 7 hours"},
		{"1", "wk", "", "once a week"},
		{"x", "h", "", ""},
		{"0", "h", "true", ""},
		{"2", "fortnight", "", ""},
	} {
		got := periodWords(cdaIVL{Period: &cdaPQ{Value: c.v, Unit: c.u}, Institution: c.inst})
		if got != c.want {
			t.Errorf("period %s %s (institution %q) = %q, want %q", c.v, c.u, c.inst, got, c.want)
		}
	}
}
