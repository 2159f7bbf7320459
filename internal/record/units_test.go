package record

import "testing"

func TestPlainUnit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mm[Hg]", "mmHg"},
		{"mmHg", "mmHg"},
		{"/min", "/min"},
		{"{beats}/min", "beats/min"},
		{"mL/min/{1.73_m2}", "mL/min/1.73m²"},
		{"{score}", "points"},
		{"{copies}/mL", "copies/mL"},
		{"{copies}", "copies"},
		{"Cel", "°C"},
		{"[degF]", "°F"},
		{"[lb_av]", "lb"},
		{"kg/m2", "kg/m²"},
		{"10*9/L", "×10⁹/L"},
		{"umol/L", "µmol/L"},
		{"[IU]/L", "IU/L"},
		{"1", ""},
		{" kg ", "kg"},
		{"mmol/L", "mmol/L"},
		{"", ""},
		{"bpm", "bpm"},
	}
	for _, tt := range tests {
		if got := PlainUnit(tt.in); got != tt.want {
			t.Errorf("PlainUnit(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlainUnitOf(t *testing.T) {
	hr := Code{System: "http://loinc.org", Code: "8867-4"}
	rr := Code{System: "http://loinc.org", Code: "9279-1"}
	other := Code{System: "http://loinc.org", Code: "29463-7"}
	tests := []struct {
		unit  string
		codes []Code
		want  string
	}{
		{"/min", []Code{hr}, "beats/min"},
		{"/min", []Code{other, {System: "snomed", Code: "364075005"}}, "beats/min"},
		{"/min", []Code{rr}, "breaths/min"},
		{"/min", []Code{other}, "/min"},
		{"/min", nil, "/min"},
		{"mm[Hg]", []Code{hr}, "mmHg"},
		{"bpm", []Code{hr}, "bpm"},
	}
	for _, tt := range tests {
		if got := PlainUnitOf(tt.unit, tt.codes...); got != tt.want {
			t.Errorf("PlainUnitOf(%q, %v) = %q, want %q", tt.unit, tt.codes, got, tt.want)
		}
	}
}

func TestPlainValue(t *testing.T) {
	hr := &Code{System: "http://loinc.org", Code: "8867-4"}
	tests := []struct {
		e    Entry
		want string
	}{
		{Entry{Value: "72", Unit: "/min", Code: hr}, "72 beats/min"},
		{Entry{Value: "72", Unit: "/min", Codings: []Code{*hr}}, "72 beats/min"},
		{Entry{Value: "142/91", Unit: "mm[Hg]"}, "142/91 mmHg"},
		{Entry{Value: "Positive"}, "Positive"},
		{Entry{}, ""},
	}
	for _, tt := range tests {
		if got := tt.e.PlainValue(); got != tt.want {
			t.Errorf("%+v: PlainValue() = %q, want %q", tt.e, got, tt.want)
		}
	}
	c := Component{Title: "Systolic", Value: "142", Unit: "mm[Hg]"}
	if got := c.PlainValue(); got != "142 mmHg" {
		t.Errorf("component PlainValue() = %q, want %q", got, "142 mmHg")
	}
}
