package importer

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCCDAPerformers keeps who performed and who recorded C-CDA statements
// as Notes lines: named in the statement, by id from the header or an
// earlier statement, from a results organizer; "null" is no name, and a
// clinician named by an id alone nowhere else gives no line.
func TestCCDAPerformers(t *testing.T) {
	res, err := readFile(t, "testdata/ccda/performers.xml")
	if err != nil {
		t.Fatal(err)
	}
	ccd1, err := readFile(t, filepath.Join(fixturesDir(t), "ccda/CCD-1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ccd2, err := readFile(t, filepath.Join(fixturesDir(t), "ccda/CCD-2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		res         *Result
		title, line string
	}{
		{res, "Appendectomy", "Performed by: Alan Turing (St Elsewhere Hospital)"},
		{res, "Appendectomy", "Recorded by: Dr Grace Hopper (Harbour Medical Group)"},
		{res, "Colonoscopy", "Performed by: Alan Turing (St Elsewhere Hospital)"},
		{res, "Office visit", "Seen by: JOEY MILLER MD"},
		{res, "Office visit", "Where: Harbour Medical Group, Room 4"},
		{res, "Hemoglobin", "Performed by: Harbour Laboratory"},
		// HL7's examples: a vaccination's performer, a procedure's
		// organization, an allergy's author named in the header.
		{ccd1, "influenza virus vaccine", "Performed by: Harold Hippocrates (Good Health Clinic)"},
		{ccd1, "Colonoscopy", "Performed by: Community Health and Hospitals"},
		{ccd2, "No known allergies", "Recorded by: Henry Seven"},
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
	for _, it := range res.Items {
		if it.Entry.Title == "Colonoscopy" && strings.Contains(it.Entry.Notes, "Recorded by") {
			t.Errorf("a clinician known by id alone is named: %q", it.Entry.Notes)
		}
		if strings.Contains(it.Entry.Notes, "null") {
			t.Errorf("%s: %q", it.Entry.Title, it.Entry.Notes)
		}
	}
}
