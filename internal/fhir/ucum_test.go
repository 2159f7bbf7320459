package fhir

import "testing"

func TestUCUMCode(t *testing.T) {
	for _, c := range []struct{ unit, want string }{
		{"kg", "kg"}, {"KG", "kg"}, {"lbs", "[lb_av]"}, {"mmHg", "mm[Hg]"}, {"mm Hg", "mm[Hg]"}, {"mm[Hg]", "mm[Hg]"},
		{"bpm", "/min"}, {"/min", "/min"}, {"°C", "Cel"}, {"°F", "[degF]"}, {"%", "%"}, {"mmol/l", "mmol/L"},
		{"mg/dL", "mg/dL"}, {"cm", "cm"}, {"in", "[in_i]"}, {"kg/m²", "kg/m2"},
		{"", ""}, {"handfuls", ""}, {"stone lb", ""},
	} {
		if got := UCUMCode(c.unit); got != c.want {
			t.Errorf("UCUMCode(%q) = %q, want %q", c.unit, got, c.want)
		}
	}
}
