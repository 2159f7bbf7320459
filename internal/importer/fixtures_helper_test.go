package importer

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/testkit"
)

// fixturesDir finds the shared synthetic patients (testkit.FixturesDir).
func fixturesDir(t testing.TB) string { return testkit.FixturesDir(t) }

// fixtureFiles lists every fixture file, sorted.
func fixtureFiles(t testing.TB) []string {
	dir := fixturesDir(t)
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := filepath.Ext(p)
		if !d.IsDir() && (ext == ".json" || ext == ".xml" || ext == ".csv") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatalf("no fixture files in %s", dir)
	}
	return out
}

var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func readFile(t testing.TB, path string) (*Result, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Read(f, filepath.Base(path), testNow)
}
