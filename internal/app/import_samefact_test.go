package app

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// sharedFixture finds a file of the shared fixtures (above the package, or
// $PHR_FIXTURES); without them the test is skipped unless PHR_E2E=1.
func sharedFixture(t *testing.T, rel string) string {
	t.Helper()
	dir := os.Getenv("PHR_FIXTURES")
	if dir == "" {
		wd, _ := os.Getwd()
		for d := wd; ; d = filepath.Dir(d) {
			if fi, err := os.Stat(filepath.Join(d, "shared", "fixtures")); err == nil && fi.IsDir() {
				dir = filepath.Join(d, "shared", "fixtures")
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	matches, _ := filepath.Glob(filepath.Join(dir, rel))
	if dir == "" || len(matches) != 1 {
		if os.Getenv("PHR_E2E") == "1" {
			t.Fatalf("fixture %s not found", rel)
		}
		t.Skip("shared fixtures not found")
	}
	return matches[0]
}

// A C-CDA and its FHIR conversion (Synthea's Jamal145, converted by
// NimbusInformatics/bdcat-fhir-azure-prototype) hold the same facts: each
// is kept once, the other source noted on it. Imported in either order, in
// one command or two.
func TestImportSameFactFromTwoSources(t *testing.T) {
	ccda := sharedFixture(t, "ccda/Synthea-CCDA_Jamal145_*.xml")
	conv, _ := filepath.Abs(filepath.Join("..", "importer", "testdata", "crosssource", "Jamal145_Yundt842-converted.fhir.json"))
	ctx := context.Background()
	for _, order := range [][]string{{ccda, conv}, {conv, ccda}} {
		s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
		if err != nil {
			t.Fatal(err)
		}
		first, err := s.Import(ctx, order[:1], false)
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.Import(ctx, order[1:], false)
		if err != nil {
			t.Fatal(err)
		}
		same := total(second, func(f FileReport) map[record.Category]int { return f.SameFact })
		t.Logf("%s then %s: added %d, then added %d and kept once %d", filepath.Base(order[0]), filepath.Base(order[1]),
			total(first, added), total(second, added), same)
		if same < 30 {
			t.Errorf("%s after %s: %d kept once, added %v", filepath.Base(order[1]), filepath.Base(order[0]), same, second.Files[0].Added)
		}
		all, err := s.st.List(ctx, store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		noted, both := 0, 0
		for _, e := range all {
			if strings.Contains(e.Notes, "Also recorded in "+filepath.Base(order[1])) {
				noted++
			}
			// Every imported entry names its source; one kept once
			// names both, each with its file, format, id and time.
			if len(e.Sources) == 0 || e.Sources[0].File != filepath.Base(order[0]) && e.Sources[0].File != filepath.Base(order[1]) {
				t.Fatalf("%s: sources %+v", e.Title, e.Sources)
			}
			if len(e.Sources) >= 2 {
				// (Two resources of the conversion may hold one fact of
				// the C-CDA: three sources.)
				both++
				for i, r := range e.Sources {
					i = min(i, 1)
					if r.File != filepath.Base(order[i]) || r.ID == "" || r.Imported.IsZero() || r.Format != map[bool]string{true: "ccda", false: "fhir"}[order[i] == ccda] {
						t.Errorf("%s: source %d %+v", e.Title, i, r)
					}
					if order[i] == ccda && r.Producer != "PCP72078 (https://github.com/synthetichealth/synthea)" {
						t.Errorf("%s: C-CDA producer %q", e.Title, r.Producer)
					}
				}
			}
		}
		if noted == 0 || both != noted || len(all) != sumMap(first.Files[0].Added)+sumMap(second.Files[0].Added) {
			t.Errorf("noted on %d entries, both sources on %d; %d entries", noted, both, len(all))
		}
		t.Logf("%d entries keep both sources", both)
		// Importing the second file again adds nothing.
		again, err := s.Import(ctx, order[1:], false)
		if err != nil {
			t.Fatal(err)
		}
		if n := total(again, added); n != 0 {
			t.Errorf("second import again added %d", n)
		}
		s.Close()
	}
}

// One patient's record in four forms in one folder: the Synthea C-CDA, its
// FHIR conversion as a bundle, the conversion's resources again as NDJSON
// (a bulk export) and three of them as FHIR XML. `phr import FOLDER` gives
// one record: every resource of the NDJSON and the XML is the bundle's (a
// duplicate), every fact of the conversion the C-CDA's is kept once.
func TestImportMixedFolder(t *testing.T) {
	ccda := sharedFixture(t, "ccda/Synthea-CCDA_Jamal145_*.xml")
	convPath, _ := filepath.Abs(filepath.Join("..", "importer", "testdata", "crosssource", "Jamal145_Yundt842-converted.fhir.json"))
	conv, err := os.ReadFile(convPath)
	if err != nil {
		t.Fatal(err)
	}
	ccdaData, err := os.ReadFile(ccda)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(conv, &b); err != nil {
		t.Fatal(err)
	}
	var nd bytes.Buffer
	for _, e := range b.Entry {
		var c bytes.Buffer
		_ = json.Compact(&c, e.Resource)
		nd.Write(c.Bytes())
		nd.WriteByte('\n')
	}
	xmlPart, err := os.ReadFile(filepath.Join(filepath.Dir(convPath), "Jamal145_Yundt842-conditions.fhir.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s, dir, rep := importFolder(t, map[string][]byte{"record.xml": ccdaData, "conversion.json": conv, "export.ndjson": nd.Bytes(),
		"server.xml": xmlPart, ".hidden": []byte("x")})
	ctx := context.Background()
	if len(rep.Files) != 4 {
		t.Fatalf("%d files read", len(rep.Files))
	}
	byName := map[string]FileReport{}
	for _, f := range rep.Files {
		byName[f.File] = f
	}
	if n := sumMap(byName["export.ndjson"].Added); n != 0 {
		t.Errorf("the NDJSON added %d: %+v", n, byName["export.ndjson"])
	}
	if x := byName["server.xml"]; sumMap(x.Added)+sumMap(x.Updated) != 0 || sumMap(x.Duplicates) != 3 {
		t.Errorf("the FHIR XML: added %v, updated %v, duplicates %v", x.Added, x.Updated, x.Duplicates)
	}
	all, err := s.st.List(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// Files are read in name order: the bundle, the NDJSON, the C-CDA.
	t.Logf("one record of %d entries: %d from the bundle, NDJSON %d duplicates, %d from the C-CDA (%d kept once)",
		len(all), sumMap(byName["conversion.json"].Added), sumMap(byName["export.ndjson"].Duplicates),
		sumMap(byName["record.xml"].Added), sumMap(byName["record.xml"].SameFact))
	if len(all) != 70 || sumMap(byName["export.ndjson"].Duplicates) != 41 || sumMap(byName["record.xml"].SameFact) != 32 {
		t.Errorf("%d entries, want 41 + 29", len(all))
	}
	if _, err := s.Import(ctx, []string{filepath.Join(dir, "nothing-here")}, false); err == nil {
		t.Error("a missing path imported")
	}
}

// importFolder writes files into a new folder and imports the folder into
// a new vault; the caller closes nothing (the test's cleanup does).
func importFolder(t *testing.T, files map[string][]byte) (*Session, string, *ImportReport) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rep, err := s.Import(ctx, []string{dir}, false)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir, rep
}

// An entry imported before phr kept its sources gets its own (from its
// source and id) beside the other one when a second source sends its fact.
func TestOtherSourceOnAnOldEntry(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := s.cfg.now()
	old := record.Entry{Category: record.Condition, Title: "Asthma", Date: "2020-01-02", Source: "ccda", SourceID: "1.2.3#4"}
	if err := s.st.AddEntry(ctx, &old, now); err != nil {
		t.Fatal(err)
	}
	other := record.SourceRef{File: "gp.json", Format: "fhir", Producer: "GP", ID: "urn:uuid:9", Imported: now}
	for range 2 { // the second time changes nothing
		if err := noteOtherSource(ctx, s.st, old.ID, FileReport{File: "gp.json", Format: "fhir"}, other, now); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.st.Entry(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 2 || got.Sources[0].Format != "ccda" || got.Sources[0].ID != "1.2.3#4" || got.Sources[0].File != "" ||
		!got.Sources[1].Imported.Equal(other.Imported) || got.Sources[1].File != "gp.json" || got.Sources[1].Producer != "GP" {
		t.Errorf("sources %+v", got.Sources)
	}
	if strings.Count(got.Notes, "Also recorded in gp.json (fhir).") != 1 {
		t.Errorf("notes %q", got.Notes)
	}
}
