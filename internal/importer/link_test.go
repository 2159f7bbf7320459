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

// splitBundle writes a fixture bundle as two: one with the resources of
// type rtype, one with the rest, as two systems (or a bulk export's
// files) would hand them out.
func splitBundle(t *testing.T, rel, rtype string) (with, without []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixturesDir(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	var b map[string]any
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	var in, out []any
	for _, e := range b["entry"].([]any) {
		if e.(map[string]any)["resource"].(map[string]any)["resourceType"] == rtype {
			in = append(in, e)
		} else {
			out = append(out, e)
		}
	}
	mk := func(entries []any) []byte {
		c := map[string]any{"resourceType": "Bundle", "type": "collection", "entry": entries}
		j, _ := json.Marshal(c)
		return j
	}
	return mk(in), mk(out)
}

// A MedicationStatement in one file and its Medication in another: the
// HL7 IPS example split in two. Alone, the statement has no name; read
// together and linked, it is anastrozole.
func TestLinkAcrossFiles(t *testing.T) {
	medsFile, rest := splitBundle(t, "ips/HL7-IPS_bundle-01.json", "Medication")
	a, err := Read(bytes.NewReader(rest), "statements.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(bytes.NewReader(medsFile), "medications.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if findItem(a, titled("anastrozole")) != nil {
		t.Fatal("the statement knows its medicine before linking")
	}
	if b.Unmapped["Medication (not referenced)"] != 2 {
		t.Errorf("medications alone: %v", b.Unmapped)
	}
	if n := Link(a, b); n != 2 {
		t.Errorf("Link resolved %d, want 2", n)
	}
	e := findItem(a, titled("anastrozole"))
	if e == nil || e.Category != record.Medication || e.Code == nil {
		t.Fatalf("after linking: %+v", e)
	}
	if len(b.Unmapped) != 0 || b.Tally["Medication"].Merged != 2 || !b.Tally["Medication"].Accounted() {
		t.Errorf("medications after linking: unmapped %v, tally %+v", b.Unmapped, b.Tally["Medication"])
	}
	for _, it := range a.Items {
		if strings.Contains(it.Entry.Title, "no name in the file") {
			t.Errorf("still unnamed: %+v", it.Entry)
		}
	}
}

// A Synthea bundle split into its reports and everything else: linked, each
// report's notes list its results as when read from one file.
func TestLinkReportResultsAcrossFiles(t *testing.T) {
	whole := fixture(t, "synthea/Jacob_Larson_*.json")
	reps, rest := splitBundle(t, "synthea/Jacob_Larson_0b324782-31d1-4659-89ab-58e075d6e61f.json", "DiagnosticReport")
	// Many systems name results by reference only: drop Synthea's displays.
	var rb map[string]any
	if err := json.Unmarshal(reps, &rb); err != nil {
		t.Fatal(err)
	}
	for _, e := range rb["entry"].([]any) {
		res := e.(map[string]any)["resource"].(map[string]any)
		refs, _ := res["result"].([]any)
		for _, r := range refs {
			delete(r.(map[string]any), "display")
		}
	}
	reps, _ = json.Marshal(rb)
	a, err := Read(bytes.NewReader(reps), "reports.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(bytes.NewReader(rest), "rest.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, it := range whole.Items {
		if it.Entry.Category == record.Result && strings.Contains(it.Entry.Notes, "Results: ") && strings.Contains(it.Entry.Original, `"DiagnosticReport"`) {
			want[it.Entry.SourceID] = it.Entry.Notes
		}
	}
	for _, it := range a.Items {
		if _, ok := want[it.Entry.SourceID]; ok && strings.Contains(it.Entry.Notes, "Results: ") {
			t.Fatalf("%s knows its results before linking", it.Entry.Title)
		}
	}
	if len(want) == 0 {
		t.Fatal("no report with results in the fixture")
	}
	Link(a, b)
	for _, it := range a.Items {
		if w, ok := want[it.Entry.SourceID]; ok && it.Entry.Notes != w {
			t.Errorf("%s: notes %q, want %q", it.Entry.Title, it.Entry.Notes, w)
		}
		delete(want, it.Entry.SourceID)
	}
	if len(want) != 0 {
		t.Errorf("%d reports missing", len(want))
	}
}
