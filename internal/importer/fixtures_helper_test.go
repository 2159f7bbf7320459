package importer

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// fixturesDir finds the shared synthetic patients: $PHR_FIXTURES, else a
// folder shared/fixtures in this directory or any parent. Without them the
// test is skipped, unless PHR_E2E=1 demands them.
func fixturesDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("PHR_FIXTURES"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err == nil {
		for {
			cand := filepath.Join(dir, "shared", "fixtures")
			if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
				return cand
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if os.Getenv("PHR_E2E") == "1" {
		t.Fatal("PHR_E2E=1 but no shared/fixtures folder found above the package and PHR_FIXTURES is not set")
	}
	t.Skip("fixtures not found: set PHR_FIXTURES to the shared/fixtures folder")
	return ""
}

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
