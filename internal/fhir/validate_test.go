package fhir_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// TestValidatorAcceptsExtracts runs the third-party validators
// (shared/tools/fhirval: Google's FHIR library, FHIR.js, Medplum and a
// bundle check) on the IPS of every fixture patient's whole record, of the
// demo patient's, and on a minimal one (one allergy): none may report an error, and every warning
// must be one of the two kinds they give any document. It needs Go, Node and npm and builds the
// validators once into $FHIRVAL_CACHE; under PHR_E2E=1 a missing
// validator is a failure.
func TestValidatorAcceptsExtracts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs external validators")
	}
	if raceEnabled {
		t.Skip("the validators run once, in the tests without the race detector")
	}
	script := need(t, "PHR_FHIRVAL", filepath.Join("shared", "tools", "fhirval", "validate.sh"), "the FHIR validator (validate.sh)")
	for _, tool := range []string{"node", "npm", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("PHR_E2E") == "1" {
				t.Fatalf("PHR_E2E=1 but %s is not installed (the validator needs it)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	dir := os.Getenv("PHR_IPS_KEEP") // a folder to keep the bundles in, to look at
	if dir == "" {
		dir = t.TempDir()
	}
	type bundle struct{ name, path string }
	var bundles []bundle
	write := func(name string, raw []byte) {
		p := filepath.Join(dir, name+".json")
		if err := os.WriteFile(p, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		bundles = append(bundles, bundle{name, p})
	}
	// Every fixture patient's whole record, and entries typed by hand, in
	// one extract: the validators' start-up (half a minute) is paid once.
	all := handEntries()
	for _, p := range patients(t) {
		all = append(all, p.entries...)
	}
	full := patient{name: "every-fixture", profile: record.Profile{Name: "Ada Lovelace", Born: "1815-12-10"}}
	write(full.name, buildIPS(t, full, all))
	// The demo patient (phr demo), as a person trying phr would share it.
	dp := demo.Generate(1, demo.SmallSize(), fixtureNow)
	var demoEntries []record.Entry
	for _, it := range dp.Items {
		demoEntries = append(demoEntries, it.Entry)
	}
	write("demo", buildIPS(t, patient{name: "demo", profile: dp.Profile}, demoEntries))
	minimal := patient{name: "minimal", profile: record.Profile{Name: "Ada Lovelace", Born: "1815-12-10"}}
	write("details", buildIPS(t, minimal, detailEntries()))
	write("minimal", buildIPS(t, minimal, []record.Entry{{ID: "a", Category: record.Allergy, Title: "Penicillin", Date: "2020-01-01"}}))
	// The validators' own broken example must fail, or a run that checks
	// nothing would pass.
	bad := filepath.Join(filepath.Dir(script), "tests", "bad-bundle.json")
	t.Run("bad-bundle", func(t *testing.T) {
		out, err := exec.Command("bash", script, bad).CombinedOutput()
		if err == nil || !strings.Contains(string(out), "\nERROR") && !strings.HasPrefix(string(out), "ERROR") {
			t.Fatalf("validate.sh accepts its own broken example (%v):\n%s", err, tail(out, 20))
		}
	})
	summary := regexp.MustCompile(`(?m)^errors=(\d+) warnings=(\d+)$`)
	totalWarnings := 0
	for _, b := range bundles {
		t.Run(b.name, func(t *testing.T) {
			cmd := exec.Command("bash", script, b.path)
			out, err := cmd.CombinedOutput()
			m := summary.FindSubmatch(out)
			if m == nil {
				t.Fatalf("validate.sh gave no summary (%v):\n%s", err, tail(out, 40))
			}
			errors, _ := strconv.Atoi(string(m[1]))
			warnings, _ := strconv.Atoi(string(m[2]))
			totalWarnings += warnings
			if errors > 0 || err != nil {
				var lines []string
				for _, l := range strings.Split(string(out), "\n") {
					if strings.HasPrefix(l, "ERROR") || strings.HasPrefix(l, "FATAL") {
						lines = append(lines, l)
					}
				}
				t.Fatalf("%d errors:\n%s", errors, strings.Join(lines[:min(len(lines), 30)], "\n"))
			}
			// Every warning must be one of the two the validators give any
			// document (FHIR.js cannot expand LOINC, SNOMED CT, RxNorm or
			// CVX value sets offline; Medplum cannot see a urn:uuid
			// reference's type, which the pass over rewritten references
			// checks), so the count of the others stays at zero.
			noise := 0
			var other []string
			for _, l := range strings.Split(string(out), "\n") {
				if !strings.HasPrefix(l, "WARNING") {
					continue
				}
				if strings.Contains(l, "not found in value set") || strings.Contains(l, `Invalid reference: got "urn:uuid:`) {
					noise++
				} else {
					other = append(other, l)
				}
			}
			if len(other) > 0 {
				t.Errorf("%d warnings beyond the validators' usual ones:\n%s", len(other), strings.Join(other[:min(len(other), 30)], "\n"))
			}
			t.Logf("errors=0 warnings=%d (value sets and urn:uuid references: %d)", warnings, noise)
		})
	}
	t.Logf("%d bundles, 0 errors, %d warnings in all", len(bundles), totalWarnings)
}

// tail returns the last n lines of out.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// handEntries are readings and entries as a person types them, shaped as
// app.NormalizeEntry shapes them.
func handEntries() []record.Entry {
	out := []record.Entry{
		{Category: record.Measurement, Title: "Blood pressure", Date: "2026-03-01T08:00:00Z", Value: "142/91", Unit: "mmHg"},
		{Category: record.Measurement, Title: "Weight", Date: "2026-03-01", Value: "176", Unit: "lbs"},
		{Category: record.Measurement, Title: "Pulse", Date: "2026-03-01", Value: "62", Unit: "bpm"},
		{Category: record.Measurement, Title: "Temperature", Date: "2026-03-02", Value: "37.4", Unit: "°C"},
		{Category: record.Measurement, Title: "Blood glucose", Date: "2026-03-02", Value: "5.4", Unit: "mmol/l"},
		{Category: record.Measurement, Title: "Oxygen saturation", Date: "2026-03-02", Value: "97", Unit: "%"},
		{Category: record.Measurement, Title: "Mood", Date: "2026-03-02", Value: "good"},
		{Category: record.Medication, Title: "Metformin 500 mg", Value: "500", Unit: "mg"},
		{Category: record.Contact, Title: "Riverside Medical Practice (GP surgery)", Value: "01632 960123",
			Notes: "12 Riverside Road. Dr Helen Ruiz & team.", Tags: []string{"gp"}},
		{Category: record.Contact, Title: "Nurse Priya Shah, diabetes specialist nurse", Value: "priya@example.org"},
		{Category: record.Note, Title: "Questions for the clinic", Date: "2026-03-03", Notes: "Ask about <dose> & timing"},
		{Category: record.Appointment, Title: "Diabetes review", Date: "2026-04-01T09:30:00Z", Notes: "Bring the meter & diary"},
	}
	for i := range out {
		out[i].ID = fmt.Sprintf("hand%d", i)
		out[i].UnitCode = fhir.UCUMCode(out[i].Unit)
		fhir.ShapeReading(&out[i])
	}
	return out
}
