package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// importFiles writes each file into a temporary folder and imports them in
// one command.
func importFiles(t *testing.T, s *Session, dryRun bool, files map[string]string) *ImportReport {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	rep, err := s.Import(context.Background(), paths, dryRun)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func total(rep *ImportReport, pick func(FileReport) map[record.Category]int) int {
	n := 0
	for _, f := range rep.Files {
		n += sumMap(pick(f))
	}
	return n
}

func sumMap(m map[record.Category]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func added(f FileReport) map[record.Category]int      { return f.Added }
func duplicates(f FileReport) map[record.Category]int { return f.Duplicates }
func updated(f FileReport) map[record.Category]int    { return f.Updated }

// Two practices' bundles without global fullUrls, as Epic and EMIS search
// results come: both number their first condition 1.
const gpBundle = `{"resourceType":"Bundle","type":"searchset","entry":[
 {"resource":{"resourceType":"Condition","id":"1","meta":{"lastUpdated":"2024-01-01T10:00:00Z"},
  "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
  "code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2"}]},
  "onsetDateTime":"2019-03-02"}},
 {"resource":{"resourceType":"AllergyIntolerance","id":"a1","code":{"coding":[{"system":"http://snomed.info/sct","code":"91936005","display":"Allergy to penicillin"}]}}},
 {"resource":{"resourceType":"AllergyIntolerance","id":"a1","code":{"coding":[{"system":"http://snomed.info/sct","code":"300913006","display":"Shellfish allergy"}]}}}]}`

const hospitalBundle = `{"resourceType":"Bundle","type":"searchset","entry":[
 {"resource":{"resourceType":"Condition","id":"1",
  "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
  "code":{"coding":[{"system":"http://snomed.info/sct","code":"195967001","display":"Asthma"}]},
  "onsetDateTime":"2001-05-20"}}]}`

func TestImportDuplicateOnlyWhenIdentical(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// Condition/1 twice (different practices) and AllergyIntolerance/a1
	// twice in one bundle: four different facts, all kept.
	rep := importFiles(t, s, false, map[string]string{"gp.json": gpBundle, "hospital.json": hospitalBundle})
	if n := total(rep, added); n != 4 || total(rep, duplicates) != 0 {
		t.Fatalf("first import: added %d, duplicates %d; want 4, 0: %+v", n, total(rep, duplicates), rep)
	}
	for _, title := range []string{"Diabetes mellitus type 2", "Asthma", "Allergy to penicillin", "Shellfish allergy"} {
		if got, _ := s.st.List(ctx, store.Filter{}); !hasTitle(got, title) {
			t.Errorf("%s not in the record", title)
		}
	}

	// The same files again, and the GP's with only meta changed: nothing new.
	again := strings.Replace(gpBundle, "2024-01-01T10:00:00Z", "2025-02-02T10:00:00Z", 1)
	rep = importFiles(t, s, false, map[string]string{"gp.json": again, "hospital.json": hospitalBundle})
	if total(rep, added) != 0 || total(rep, duplicates) != 4 {
		t.Fatalf("re-import: %+v", rep)
	}

	// The GP's condition changed (now resolved): a new entry, since a bare
	// id cannot say the source is the same.
	changed := strings.Replace(gpBundle, `"code":"active"`, `"code":"resolved"`, 1)
	rep = importFiles(t, s, true, map[string]string{"gp.json": changed})
	if total(rep, added) != 1 || total(rep, duplicates) != 2 {
		t.Fatalf("changed local resource: %+v", rep)
	}
}

func hasTitle(es []record.Entry, title string) bool {
	for _, e := range es {
		if e.Title == title {
			return true
		}
	}
	return false
}

// A resource with a global fullUrl that comes back changed updates its
// entry and keeps the person's tags.
func TestImportChangedGlobalResourceUpdates(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:5b3c9e9e-5e0a-4f0c-9a41-0d1c7b1c2f10",
 "resource":{"resourceType":"Condition","id":"5b3c9e9e","clinicalStatus":{"coding":[{"code":"active"}]},
 "code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003","display":"Hypertension"}]},"onsetDateTime":"2018-01-01"}}]}`
	importFiles(t, s, false, map[string]string{"a.json": bundle})
	got, _ := s.st.List(ctx, store.Filter{})
	if len(got) != 1 {
		t.Fatalf("entries %d", len(got))
	}
	e := got[0]
	e.Tags = []string{"mine"}
	if err := s.st.UpdateEntry(ctx, &e, testNow); err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(bundle, `"code":"active"`, `"code":"resolved"`, 1)
	rep := importFiles(t, s, false, map[string]string{"b.json": changed})
	if total(rep, updated) != 1 || total(rep, added) != 0 {
		t.Fatalf("changed global resource: %+v", rep)
	}
	after, _ := s.st.Entry(ctx, e.ID)
	if after.Status != "resolved" || len(after.Tags) != 1 || after.Tags[0] != "mine" {
		t.Fatalf("updated entry: %+v", after)
	}
	rep = importFiles(t, s, false, map[string]string{"b.json": changed})
	if total(rep, duplicates) != 1 || total(rep, updated) != 0 {
		t.Fatalf("same changed version again: %+v", rep)
	}
}

// Entries stored by an earlier phr under a bare Type/id are still found
// when the same content comes again.
func TestImportMatchesFormerSourceID(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	orig := `{"resourceType":"Condition","id":"1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"195967001","display":"Asthma"}]},"onsetDateTime":"2001-05-20"}`
	old := record.Entry{Category: record.Condition, Title: "Asthma", Source: "fhir", SourceID: "Condition/1", Original: orig}
	if err := s.st.AddEntry(ctx, &old, testNow); err != nil {
		t.Fatal(err)
	}
	rep := importFiles(t, s, true, map[string]string{"hospital.json": hospitalBundle})
	if total(rep, duplicates) != 1 || total(rep, added) != 0 {
		t.Fatalf("former id, same content: %+v", rep)
	}
	rep = importFiles(t, s, true, map[string]string{"gp.json": gpBundle})
	if total(rep, added) != 3 {
		t.Fatalf("former id, other content: %+v", rep)
	}
}
