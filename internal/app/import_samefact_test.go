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
		noted := 0
		for _, e := range all {
			if strings.Contains(e.Notes, "Also recorded in "+filepath.Base(order[1])) {
				noted++
			}
		}
		if noted == 0 || len(all) != sumMap(first.Files[0].Added)+sumMap(second.Files[0].Added) {
			t.Errorf("noted on %d entries; %d entries", noted, len(all))
		}
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
