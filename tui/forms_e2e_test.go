package tui

import (
	"strings"
	"testing"
	"time"
)

// TestTmuxMedicationAndThreeWeights is issue 23's "done when": through the
// real binary, a medication with its dose and frequency, three weights with
// "+" (another reading: the name and unit kept), and the chart of the three.
func TestTmuxMedicationAndThreeWeights(t *testing.T) {
	needTmux(t)
	bin := buildPHR(t)
	s := startTmux(t, bin)
	s.waitFor("› Welcome", 30*time.Second)
	s.text(testPass)
	s.waitFor("acceptable", 30*time.Second)
	s.keys("Enter")
	s.text(testPass)
	s.keys("Enter")
	s.waitFor("Home", 60*time.Second)
	s.keys("Down") // Medications
	s.keys("Enter")
	s.waitFor("Medications · 0", 30*time.Second)
	s.keys("a")
	s.waitFor("Add to Medications", 30*time.Second)
	s.fillForm("Medications", map[string]string{"Medicine": "Metformin", "Dose": "500mg", "How often": "twice a day"})
	s.waitFor("Added Metformin", 30*time.Second)
	// The new entry is selected: enter opens it.
	s.keys("Enter")
	scr := s.waitFor("How often", 30*time.Second)
	for _, want := range []string{"Metformin", "500 mg", "twice a day"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the medication's details do not show %q:\n%s", want, scr)
		}
	}
	s.keys("Escape")
	s.waitFor("Medications · 1", 30*time.Second)
	s.keys("Escape")
	s.waitFor("Home", 30*time.Second)
	for range 4 { // Allergies, Immunizations, Results, Measurements
		s.keys("Down")
	}
	s.keys("Enter")
	s.waitFor("Measurements · 0", 30*time.Second)
	s.keys("a")
	s.waitFor("Add to Measurements", 30*time.Second)
	// The first weight: its unit chosen from the list (kg, the first).
	s.fillForm("Measurements", map[string]string{"Reading": "Weight", "Taken on": "1 November 2026", "Value": "82.5"})
	s.waitFor("Press + for another reading", 30*time.Second)
	// Two more with +: the name and the unit are kept, only the date and
	// the value are typed.
	for _, r := range []struct{ date, value string }{{"2026-11-08", "82.1"}, {"15 Nov 2026", "81.6"}} {
		s.keys("+")
		s.waitFor("Add to Measurements", 30*time.Second)
		s.fillForm("Measurements", map[string]string{"Taken on": r.date, "Value": r.value})
		s.waitFor("Measurements · ", 30*time.Second)
		s.waitFor("Press + for another reading", 30*time.Second)
	}
	s.waitFor("Measurements · 3", 30*time.Second)
	s.keys("Escape")
	s.waitFor("Home", 30*time.Second)
	s.keys("c")
	scr = s.waitFor("3 readings", 30*time.Second)
	for _, want := range []string{"Weight", "2026-11-01", "2026-11-15", "81.6"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the chart does not show %q:\n%s", want, scr)
		}
	}
}
