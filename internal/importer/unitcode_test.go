package importer

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestKeepsUCUMCodes imports a Synthea patient (FHIR, every quantity in
// UCUM) and a C-CDA document and checks that every reading with a unit, and
// every part of a compound one, keeps its UCUM code.
func TestKeepsUCUMCodes(t *testing.T) {
	dir := fixturesDir(t)
	for _, name := range []string{
		filepath.Join("synthea", "Bonnie_Kemmer_b67d9cf2-bfd2-4461-94a9-8bb36d289e04.json"),
		filepath.Join("ccda", "CCD-1.xml"),
	} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			res, err := Read(f, name, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			withUnit, bp := 0, 0
			for _, it := range res.Items {
				e := it.Entry
				if e.Unit != "" && isDecimalText(e.Value) {
					withUnit++
					if e.UnitCode == "" {
						t.Errorf("%s %q %s %s: no UCUM code", e.Category, e.Title, e.Value, e.Unit)
					}
				}
				for _, c := range e.Components {
					if c.Unit != "" && c.UnitCode == "" {
						t.Errorf("%q part %q %s %s: no UCUM code", e.Title, c.Title, c.Value, c.Unit)
					}
				}
				if e.Unit == "mm[Hg]" && len(e.Components) == 2 {
					bp++
					if e.UnitCode != "mm[Hg]" {
						t.Errorf("blood pressure %s: code %q", e.Value, e.UnitCode)
					}
				}
			}
			if withUnit == 0 || bp == 0 {
				t.Fatalf("%d readings with a unit, %d blood pressures: the fixture should have both", withUnit, bp)
			}
		})
	}
}

// isDecimalText reports whether s is a plain number (a reading, not text).
func isDecimalText(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' && i == 0) {
			return false
		}
	}
	return true
}
