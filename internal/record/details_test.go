package record

import (
	"strings"
	"testing"
)

func TestParseDose(t *testing.T) {
	tests := []struct{ in, want, bad string }{
		{"500 mg", "500 mg", ""},
		{"500mg", "500 mg", ""},
		{" 1  tablet ", "1 tablet", ""},
		{"1-2 puffs", "1-2 puffs", ""},
		{"1 to 2 puffs", "1-2 puffs", ""},
		{"2,5 mg", "2.5 mg", ""},
		{"0.5 ml", "0.5 ml", ""},
		{"10", "10", ""},
		{"250 mg/5 ml", "250 mg/5 ml", ""},
		{"half a tablet", "", "start with the amount"},
		{"", "", "start with the amount"},
		{"0 mg", "", "start with the amount"},
		{"1- puffs", "", "start with the amount"},
		{"500 mg 2 times a day", "", "how often under frequency"},
		{"1e400 mg", "", "give the amount once"},
	}
	for _, tt := range tests {
		d, err := ParseDose(tt.in)
		if tt.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tt.bad) {
				t.Errorf("ParseDose(%q) = %v, %v; want an error saying %q", tt.in, d, err, tt.bad)
			}
			continue
		}
		if err != nil || d.String() != tt.want {
			t.Errorf("ParseDose(%q) = %q, %v; want %q", tt.in, d, err, tt.want)
		}
	}
}

// TestDetailsBelongToTheirCategory: a dose only on a medication, a reaction
// only on an allergy, and only FHIR's severity and criticality codes.
func TestDetailsBelongToTheirCategory(t *testing.T) {
	tests := []struct {
		e   Entry
		bad string
	}{
		{Entry{Category: Medication, Title: "x", Dose: "5 mg", Route: "by mouth", Frequency: "as needed"}, ""},
		{Entry{Category: Allergy, Title: "x", Reaction: "hives", Severity: "SEVERE", Criticality: "unable to assess"}, ""},
		{Entry{Category: Condition, Title: "x", Dose: "5 mg"}, "a condition has no dose"},
		{Entry{Category: Medication, Title: "x", Severity: "mild"}, "a medication has no severity"},
		{Entry{Category: Allergy, Title: "x", Frequency: "daily"}, "an allergy has no frequency"},
		{Entry{Category: Allergy, Title: "x", Severity: "awful"}, "use one of mild, moderate, severe"},
		{Entry{Category: Allergy, Title: "x", Criticality: "very"}, "use one of low, high, unable-to-assess"},
		{Entry{Category: Medication, Title: "x", Dose: "some"}, "start with the amount"},
	}
	for _, tt := range tests {
		e := tt.e
		err := e.Validate()
		if tt.bad == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.e, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.bad) {
			t.Errorf("%+v: %v, want %q", tt.e, err, tt.bad)
		}
	}
	e := Entry{Category: Allergy, Title: "x", Severity: "SEVERE", Criticality: "unable to assess"}
	if e.Validate(); e.Severity != "severe" || e.Criticality != "unable-to-assess" {
		t.Errorf("not canonical: %q %q", e.Severity, e.Criticality)
	}
	m := Entry{Category: Medication, Dose: "500 mg", Route: "by mouth", Frequency: "twice a day"}
	if got := m.Dosage(); got != "500 mg by mouth twice a day" {
		t.Errorf("Dosage() = %q", got)
	}
}

func TestUnitsFor(t *testing.T) {
	tests := []struct {
		title string
		want  []string
	}{
		{"Weight", []string{"kg", "lb", "st"}},
		{"  weight ", []string{"kg", "lb", "st"}},
		{"Pulse", []string{"beats/min"}},
		{"BP", []string{"mmHg"}},
		{"blood  sugar", []string{"mmol/L", "mg/dL"}},
		{"Cholesterol", nil},
	}
	for _, tt := range tests {
		if got := UnitsFor(tt.title); strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("UnitsFor(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
	for _, r := range Readings() {
		if len(r.Units) == 0 || len(UnitsFor(r.Name)) == 0 {
			t.Errorf("%s has no units", r.Name)
		}
	}
}
