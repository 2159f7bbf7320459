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

func TestPartsValue(t *testing.T) {
	sys := Component{Code: &Code{System: "loinc", Code: "8480-6"}, Title: "Systolic", Value: "142.0", Unit: "mmHg", UnitCode: "mm[Hg]"}
	dia := Component{Code: &Code{System: "loinc", Code: "8462-4"}, Title: "Diastolic", Value: "91", Unit: "mmHg", UnitCode: "mm[Hg]"}
	other := Component{Title: "Pulse", Value: "70", Unit: "/min"}
	diaKPa := dia
	diaKPa.Unit, diaKPa.UnitCode = "kPa", "kPa"
	tests := []struct {
		name  string
		e     Entry
		value string
		ok    bool
	}{
		{"parts in order", Entry{Components: []Component{sys, dia}}, "142.0/91", true},
		{"diastolic first", Entry{Components: []Component{dia, sys}}, "142.0/91", true},
		{"own value kept", Entry{Value: "140/90", Components: []Component{sys, dia}}, "", false},
		{"not a blood pressure", Entry{Components: []Component{sys, other}}, "", false},
		{"two units", Entry{Components: []Component{sys, diaKPa}}, "", false},
		{"one part", Entry{Components: []Component{sys}}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, u, uc, ok := tt.e.PartsValue()
			if ok != tt.ok || v != tt.value || ok && (u != "mmHg" || uc != "mm[Hg]") {
				t.Errorf("PartsValue() = %q %q %q %v, want %q mmHg mm[Hg] %v", v, u, uc, ok, tt.value, tt.ok)
			}
		})
	}
}
