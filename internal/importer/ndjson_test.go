package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// FHIR bulk data (NDJSON, one resource a line): a real export of one
// Synthea patient from smart-on-fhir/sample-bulk-fhir-datasets (CC0).
func TestNDJSON(t *testing.T) {
	want := map[string]struct {
		cat record.Category
		n   int
	}{
		"AllergyIntolerance.000.ndjson": {record.Allergy, 8},
		"Condition.000.ndjson":          {record.Condition, 21},
		"Immunization.000.ndjson":       {record.Immunization, 11},
		"MedicationRequest.000.ndjson":  {record.Medication, 4},
	}
	var all []byte
	for file, w := range want {
		res := readTestdata(t, "ndjson/"+file)
		if res.Format != FHIR || len(res.Items) != w.n {
			t.Fatalf("%s: format %q, %d items, want %d", file, res.Format, len(res.Items), w.n)
		}
		for _, it := range res.Items {
			if it.Entry.Category != w.cat || it.Entry.Title == "" || it.Entry.Date == "" {
				t.Errorf("%s: %+v", file, it.Entry)
			}
		}
		data, _ := os.ReadFile(filepath.Join("testdata", "ndjson", file))
		all = append(all, data...)
	}
	p := readTestdata(t, "ndjson/Patient.000.ndjson")
	if p.Profile == nil || p.Profile.Name != "Augustus49 Neville893 Emmerich580" || p.Profile.Born == "" {
		t.Errorf("patient: %+v", p.Profile)
	}
	// One file holding every type, lines in any order.
	res, err := Read(bytes.NewReader(all), "all.ndjson", testNow)
	if err != nil || len(res.Items) != 44 {
		t.Fatalf("all types in one file: %v, %d items", err, len(res.Items))
	}
	if tl := res.Tally["Condition"]; tl == nil || tl.Read != 21 || !tl.Accounted() {
		t.Errorf("tally %+v", tl)
	}
	// A damaged line is named.
	lines := strings.SplitAfter(string(all), "\n")
	bad := strings.Join(lines[:3], "") + lines[3][:40] + "\n" + strings.Join(lines[4:], "")
	if _, err := Read(strings.NewReader(bad), "bad.ndjson", testNow); err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("damaged line 4: %v", err)
	}
	if _, err := Read(strings.NewReader(lines[0]+"[1]\n"), "arr.ndjson", testNow); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a list on line 2: %v", err)
	}
}

// The same bulk export's clinical notes (DocumentReference, base64 text)
// and its implanted and home devices (Device, other patients of the
// export): each note is a document with its text attached, naming its
// author and keeper; each device a note with its lot and UDI.
func TestNDJSONNotesAndDevices(t *testing.T) {
	docs := readTestdata(t, "ndjson/DocumentReference.000.ndjson")
	if len(docs.Items) != 15 || len(docs.Unmapped)+len(docs.Skipped) != 0 {
		t.Fatalf("%d documents, unmapped %v, skipped %v", len(docs.Items), docs.Unmapped, docs.Skipped)
	}
	for _, it := range docs.Items {
		e := it.Entry
		if e.Category != record.Document || e.Date == "" || len(it.Attachments) != 1 ||
			!strings.HasPrefix(it.Attachments[0].Type, "text/plain") || !bytes.Contains(it.Attachments[0].Data, []byte("# Chief Complaint")) ||
			!strings.Contains(e.Notes, "Written by: Dr. ") || !strings.Contains(e.Notes, "Kept by: ") {
			t.Errorf("%s %s: %d attachments, notes %q", e.Title, e.Date, len(it.Attachments), e.Notes)
		}
	}
	devs := readTestdata(t, "bulk/Device.000.ndjson")
	if len(devs.Items) != 16 || len(devs.Unmapped)+len(devs.Skipped) != 0 {
		t.Fatalf("%d devices, unmapped %v, skipped %v", len(devs.Items), devs.Unmapped, devs.Skipped)
	}
	e := devs.Items[0].Entry
	if e.Category != record.Note || e.Title != "Device: Blood glucose meter (physical object)" ||
		!strings.Contains(e.Notes, "Lot: 528662860311789") || !strings.Contains(e.Notes, "UDI: (01)96702913868313") {
		t.Errorf("device: %+v", e)
	}
}
