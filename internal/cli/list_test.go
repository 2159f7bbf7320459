package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// testPassphrase opens the vaults of the run-function tests.
const testPassphrase = "quartz pelican ribbon tundra 47"

// testVault makes a new vault and returns its config and a session on it.
// HOME and the XDG folders point into the test's own temporary folder, so
// nothing a run function does reaches the real home.
func testVault(t *testing.T) (app.Config, *app.Session) {
	t.Helper()
	home := t.TempDir()
	for _, v := range []string{"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"} {
		t.Setenv(v, home)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	cfg := app.Config{VaultDir: filepath.Join(t.TempDir(), "vault"), Clock: clock.Fixed(now),
		Keyring: app.NewMemoryKeyring(), ScryptLog2: 10}
	s, err := app.Init(context.Background(), cfg, []byte(testPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return cfg, s
}

// testRunner returns a runner that prints into out and errOut.
func testRunner(cfg app.Config) (r *runner, out, errOut *bytes.Buffer) {
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	r = &runner{env: Env{Stdout: out, Stderr: errOut, Getenv: func(string) string { return "" }, Clock: cfg.Clock}}
	return r, out, errOut
}

// readSession returns a session on a new vault holding a few entries, and
// a runner that prints into out and errOut.
func readSession(t *testing.T) (s *app.Session, r *runner, out, errOut *bytes.Buffer, ids map[string]string) {
	t.Helper()
	cfg, s := testVault(t)
	res, err := s.Add(context.Background(), []record.Entry{
		{Category: record.Measurement, Title: "Weight", Date: "2024-01-05", Value: "80", Unit: "kg"},
		{Category: record.Measurement, Title: "Blood pressure", Date: "2025-02-01",
			Components: []record.Component{{Title: "Systolic", Value: "142", Unit: "mm[Hg]"}, {Title: "Diastolic", Value: "91", Unit: "mm[Hg]"}}},
		{Category: record.Condition, Title: "Asthma", Date: "2010-06-01", Notes: "since childhood"},
		{Category: record.Medication, Title: "Sertraline 50 mg", Date: "2024-06-01"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids = map[string]string{}
	for _, a := range res {
		ids[a.Entry.Title] = a.Entry.ID
	}
	r, out, errOut = testRunner(cfg)
	return s, r, out, errOut, ids
}

// TestRunList calls phr list's run function: the table of rows (the value
// of a compound reading, the stored sensitive kinds), each filter, JSON
// lines of whole entries, and the usage errors it checks before reading.
func TestRunList(t *testing.T) {
	ctx := context.Background()
	s, r, out, errOut, ids := readSession(t)
	tests := []struct {
		name      string
		o         listOptions
		want, not []string
		stderr    string
	}{
		{"every entry", listOptions{}, []string{"Weight", "Blood pressure", "Asthma", "Sertraline"}, nil, ""},
		{"a category", listOptions{Category: "measurement"}, []string{"80 kg", "142/91"}, []string{"Asthma"}, ""},
		{"since", listOptions{Since: "2024-06-01"}, []string{"Blood pressure", "Sertraline"}, []string{"Weight", "Asthma"}, ""},
		{"until", listOptions{Until: "2024-01-05"}, []string{"Weight", "Asthma"}, []string{"Blood pressure"}, ""},
		{"the stored kinds", listOptions{Category: "medication"}, []string{"mental-health"}, nil, ""},
		{"nothing", listOptions{Category: "allergy"}, nil, []string{"ID"}, "phr: no entries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out.Reset()
			errOut.Reset()
			if err := r.runList(ctx, s, tt.o); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out.String(), n) {
					t.Errorf("%q in\n%s", n, out)
				}
			}
			if !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("stderr %q, want %q", errOut, tt.stderr)
			}
		})
	}

	out.Reset()
	if err := r.runList(ctx, s, listOptions{Category: "condition", JSONL: true}); err != nil {
		t.Fatal(err)
	}
	var e struct{ ID, Notes string }
	if err := json.Unmarshal(out.Bytes(), &e); err != nil || e.ID != ids["Asthma"] || e.Notes != "since childhood" {
		t.Fatalf("--jsonl gave %q (%v): want the whole entry %s", out, err, ids["Asthma"])
	}

	for _, o := range []listOptions{{Category: "bogus"}, {JSON: true, JSONL: true}} {
		if err := r.runList(ctx, s, o); !errs.Is(err, errs.Usage) {
			t.Errorf("%+v: %v, want a usage error", o, err)
		}
	}
}

// TestRunSearchAndShow calls phr search's and phr show's run functions.
func TestRunSearchAndShow(t *testing.T) {
	ctx := context.Background()
	s, r, out, errOut, ids := readSession(t)
	if err := r.runSearch(ctx, s, searchOptions{Query: "asth"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), ids["Asthma"]) || strings.Contains(out.String(), "Weight") {
		t.Fatalf("search asth:\n%s", out)
	}
	out.Reset()
	if err := r.runSearch(ctx, s, searchOptions{Query: "zzz"}); err != nil || out.Len() != 0 || !strings.Contains(errOut.String(), `nothing matches "zzz"`) {
		t.Fatalf("search zzz: %v, stdout %q, stderr %q", err, out, errOut)
	}
	out.Reset()
	if err := r.runShow(ctx, s, showOptions{ID: ids["Asthma"][:6], JSON: true}); err != nil {
		t.Fatal(err)
	}
	var e struct{ ID, Title string }
	if err := json.Unmarshal(out.Bytes(), &e); err != nil || e.ID != ids["Asthma"] || e.Title != "Asthma" {
		t.Fatalf("show --json of a prefix: %q (%v)", out, err)
	}
	if err := r.runShow(ctx, s, showOptions{ID: "nosuchentry"}); !errs.Is(err, errs.Usage) {
		t.Fatalf("show of a missing id: %v", err)
	}
}
