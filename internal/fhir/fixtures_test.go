package fhir_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/importer"
	"github.com/phrhealth/phr/internal/record"
)

var fixtureNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// findUp returns the first path rel in this directory or a parent, or "".
func findUp(rel string) string {
	dir, err := os.Getwd()
	for err == nil {
		cand := filepath.Join(dir, rel)
		if _, err := os.Stat(cand); err == nil {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return ""
}

// need returns $env, else rel found above the package; without either the
// test is skipped, unless PHR_E2E=1 demands it.
func need(t *testing.T, env, rel, what string) string {
	t.Helper()
	if p := os.Getenv(env); p != "" {
		return p
	}
	if p := findUp(rel); p != "" {
		return p
	}
	if os.Getenv("PHR_E2E") == "1" {
		t.Fatalf("PHR_E2E=1 but %s is missing: set %s, or put it at %s above the package", what, env, rel)
	}
	t.Skipf("%s not found: set %s", what, env)
	return ""
}

// patient is one fixture file's import.
type patient struct {
	name    string
	profile record.Profile
	entries []record.Entry
}

// patients imports every FHIR R4 and C-CDA fixture (Synthea, IPS, C-CDA).
func patients(t *testing.T) []patient {
	t.Helper()
	dir := need(t, "PHR_FIXTURES", filepath.Join("shared", "fixtures"), "the shared fixtures")
	var files []string
	for _, sub := range []string{"synthea", "ips", "ccda"} {
		m, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		files = append(files, m...)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	var out []patient
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := importer.Read(bytes.NewReader(data), filepath.Base(f), fixtureNow)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		p := patient{name: filepath.Base(f)}
		if res.Profile != nil {
			p.profile = *res.Profile
		}
		for i, it := range res.Items {
			e := it.Entry
			e.ID = fmt.Sprintf("e%d", i)
			p.entries = append(p.entries, e)
		}
		out = append(out, p)
	}
	return out
}

// buildIPS writes a patient's whole record as an IPS.
func buildIPS(t *testing.T, p patient, entries []record.Entry) []byte {
	t.Helper()
	id, _ := fhir.NewUUID()
	// As a vault's entries are: each with an id and the time it changed,
	// shared by one sender (stable resource ids, meta.lastUpdated).
	stored := make([]record.Entry, len(entries))
	for i, e := range entries {
		e.ID = fmt.Sprintf("entry%06d", i) // unique, as in a vault
		if e.Created.IsZero() {
			e.Created = fixtureNow.Add(-time.Duration(i) * time.Minute)
		}
		stored[i] = e
	}
	raw, err := fhir.BuildIPS(fhir.IPSParams{ID: id, Created: fixtureNow, Profile: p.profile, Entries: stored,
		Covered: record.Categories(), IDSpace: "fixture-sender"})
	if err != nil {
		t.Fatalf("%s: %v", p.name, err)
	}
	return raw
}
