package record

import (
	"math"
	"strings"
	"testing"
)

// TestConvert checks every conversion the unit choices make, against
// figures worked out by hand, and what is left alone.
func TestConvert(t *testing.T) {
	loinc := func(c string) Code { return Code{System: "http://loinc.org", Code: c} }
	tests := []struct {
		name         string
		units        DisplayUnits
		value, unit  string
		title        string
		codes        []Code
		wantV, wantU string
	}{
		{"kg to lb", DisplayUnits{Weight: "lb"}, "70.2", "kg", "Weight", nil, "154.8", "[lb_av]"},
		{"lb to kg", DisplayUnits{Weight: "kg"}, "154.8", "[lb_av]", "Weight", nil, "70.2", "kg"},
		{"plain lb to kg", DisplayUnits{Weight: "kg"}, "220", "lb", "Body weight", nil, "99.8", "kg"},
		{"kg to st lb", DisplayUnits{Weight: "st"}, "70.2", "kg", "Weight", nil, "11 st 1 lb", ""},
		{"lb to st lb", DisplayUnits{Weight: "st"}, "158", "[lb_av]", "Weight", nil, "11 st 4 lb", ""},
		{"decimal st to st lb", DisplayUnits{Weight: "st"}, "11.5", "[stone_av]", "Weight", nil, "11 st 7 lb", ""},
		{"st rounds up a stone", DisplayUnits{Weight: "st"}, "13.99", "[stone_av]", "Weight", nil, "14 st 0 lb", ""},
		{"st to kg", DisplayUnits{Weight: "kg"}, "11", "[stone_av]", "Weight", nil, "69.9", "kg"},
		{"kg stays kg", DisplayUnits{Weight: "kg"}, "70.25", "kg", "Weight", nil, "70.25", "kg"},
		{"cm to ft in", DisplayUnits{Height: "ft"}, "180", "cm", "Height", nil, "5 ft 11 in", ""},
		{"m to ft in", DisplayUnits{Height: "ft"}, "1.65", "m", "Body height", nil, "5 ft 5 in", ""},
		{"in to ft in", DisplayUnits{Height: "ft"}, "71", "[in_i]", "Height", nil, "5 ft 11 in", ""},
		{"coded height", DisplayUnits{Height: "ft"}, "152.4", "cm", "Stature", []Code{loinc("8302-2")}, "5 ft 0 in", ""},
		{"ft to cm", DisplayUnits{Height: "cm"}, "6", "[ft_i]", "Height", nil, "182.9", "cm"},
		{"in to cm", DisplayUnits{Height: "cm"}, "70", "[in_i]", "Height", nil, "177.8", "cm"},
		{"m to cm", DisplayUnits{Height: "cm"}, "1.75", "m", "Height", nil, "175", "cm"},
		{"waist cm to in", DisplayUnits{Height: "ft"}, "86", "cm", "Waist", nil, "33.9", "[in_i]"},
		{"waist in to cm", DisplayUnits{Height: "cm"}, "34", "[in_i]", "Waist", nil, "86.4", "cm"},
		{"a swim in metres stays", DisplayUnits{Height: "ft", Distance: "mi"}, "1500", "m", "Swimming distance", nil, "1500", "m"},
		{"C to F", DisplayUnits{Temperature: "F"}, "37", "Cel", "Body temperature", nil, "98.6", "[degF]"},
		{"plain C to F", DisplayUnits{Temperature: "F"}, "38.5", "°C", "Temperature", nil, "101.3", "[degF]"},
		{"F to C", DisplayUnits{Temperature: "C"}, "98.6", "[degF]", "Temperature", nil, "37", "Cel"},
		{"F to C below zero", DisplayUnits{Temperature: "C"}, "-40", "[degF]", "Outside", nil, "-40", "Cel"},
		{"C stays C", DisplayUnits{Temperature: "C"}, "36.85", "Cel", "Temperature", nil, "36.85", "Cel"},
		{"glucose mmol to mg", DisplayUnits{Glucose: "mg/dL"}, "5.5", "mmol/L", "Blood glucose", nil, "99", "mg/dL"},
		{"glucose mg to mmol", DisplayUnits{Glucose: "mmol/L"}, "126", "mg/dL", "Glucose", nil, "7", "mmol/L"},
		{"coded glucose", DisplayUnits{Glucose: "mg/dL"}, "10", "mmol/L", "Fasting sample", []Code{loinc("1558-6")}, "180", "mg/dL"},
		{"sodium stays mmol", DisplayUnits{Glucose: "mg/dL"}, "140", "mmol/L", "Sodium", []Code{loinc("2951-2")}, "140", "mmol/L"},
		{"cholesterol stays mg", DisplayUnits{Glucose: "mmol/L"}, "190", "mg/dL", "Cholesterol", nil, "190", "mg/dL"},
		{"km to mi", DisplayUnits{Distance: "mi"}, "5", "km", "Walking and running distance", nil, "3.11", "[mi_i]"},
		{"mi to km", DisplayUnits{Distance: "km"}, "26.2", "[mi_i]", "Cycling distance", nil, "42.16", "km"},
		{"nothing chosen", DisplayUnits{}, "70.2", "kg", "Weight", nil, "70.2", "kg"},
		{"another kind chosen", DisplayUnits{Temperature: "F"}, "70.2", "kg", "Weight", nil, "70.2", "kg"},
		{"not a number", DisplayUnits{Weight: "lb"}, "about 70", "kg", "Weight", nil, "about 70", "kg"},
		{"a comparator", DisplayUnits{Glucose: "mg/dL"}, "<3.0", "mmol/L", "Glucose", nil, "<3.0", "mmol/L"},
		{"NaN", DisplayUnits{Weight: "lb"}, "NaN", "kg", "Weight", nil, "NaN", "kg"},
		{"an unknown unit", DisplayUnits{Weight: "lb"}, "70", "g", "Weight", nil, "70", "g"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, u := tt.units.Convert(tt.value, tt.unit, tt.title, tt.codes...)
			if v != tt.wantV || u != tt.wantU {
				t.Errorf("Convert(%q %q) = %q %q, want %q %q", tt.value, tt.unit, v, u, tt.wantV, tt.wantU)
			}
		})
	}
}

// TestConvertValueRoundTrip: every conversion and its reverse give back
// the number (within float error), and charts get stones and inches.
func TestConvertValueRoundTrip(t *testing.T) {
	pairs := []struct {
		kind, a, b   string
		unitA, unitB string
		title        string
	}{
		{"weight", "kg", "lb", "kg", "[lb_av]", "Weight"},
		{"weight", "kg", "st", "kg", "[stone_av]", "Weight"},
		{"height", "cm", "ft", "cm", "[in_i]", "Height"},
		{"temperature", "C", "F", "Cel", "[degF]", "Temperature"},
		{"glucose", "mmol/L", "mg/dL", "mmol/L", "mg/dL", "Blood glucose"},
		{"distance", "km", "mi", "km", "[mi_i]", "Distance"},
	}
	for _, p := range pairs {
		var ua, ub DisplayUnits
		ua.Set(p.kind, p.a)
		ub.Set(p.kind, p.b)
		for _, v := range []float64{-40, 0, 1, 5.5, 37, 70.2, 180, 1e6} {
			there, unit, ok := ub.ConvertValue(v, p.unitA, p.title)
			if !ok || unit != p.unitB {
				t.Fatalf("%s %g %s to %s: %g %s %v", p.kind, v, p.unitA, p.b, there, unit, ok)
			}
			back, unit, ok := ua.ConvertValue(there, p.unitB, p.title)
			if !ok || unit != p.unitA || math.Abs(back-v) > 1e-9*math.Max(1, math.Abs(v)) {
				t.Errorf("%s %g %s there and back: %g %s %v", p.kind, v, p.unitA, back, unit, ok)
			}
		}
	}
}

func TestParseUnitChoice(t *testing.T) {
	tests := []struct{ kind, in, want, err string }{
		{"weight", "LB", "lb", ""},
		{"weight", "pounds", "lb", ""},
		{"weight", "stone", "st", ""},
		{"height", "ft/in", "ft", ""},
		{"height", "CM", "cm", ""},
		{"temperature", "°F", "F", ""},
		{"temperature", "celsius", "C", ""},
		{"glucose", "mg/dl", "mg/dL", ""},
		{"distance", "miles", "mi", ""},
		{"weight", "as-recorded", "", ""},
		{"weight", "", "", ""},
		{"weight", "F", "", `weight unit "F": choose kg, lb, st, or as-recorded`},
		{"glucose", "mg", "mg/dL", ""},
		{"volume", "L", "", `"volume" is not a kind of measurement`},
	}
	for _, tt := range tests {
		got, err := ParseUnitChoice(tt.kind, tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s %q: error %v, want %q", tt.kind, tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s %q = %q %v, want %q", tt.kind, tt.in, got, err, tt.want)
		}
	}
}

// TestShown: the shown copy carries the converted value, unit and
// lowest/highest; the entry itself keeps what was recorded.
func TestShown(t *testing.T) {
	e := Entry{Title: "Weight", Value: "70.2", Unit: "kg", UnitCode: "kg", Stats: &Stats{Of: "mean", Count: 3, Min: "69.8", Max: "70.6"}}
	s := DisplayUnits{Weight: "lb"}.Shown(e)
	if s.Value != "154.8" || s.PlainValue() != "154.8 lb" || s.Stats.Min != "153.9" || s.Stats.Max != "155.6" {
		t.Errorf("shown %q %+v", s.PlainValue(), s.Stats)
	}
	if e.Value != "70.2" || e.Unit != "kg" || e.Stats.Min != "69.8" {
		t.Errorf("the entry changed: %+v %+v", e, e.Stats)
	}
	st := DisplayUnits{Weight: "st"}.Shown(e)
	if st.PlainValue() != "11 st 1 lb" || st.Stats.Words() != "mean of 3 samples, lowest 11 st 0 lb, highest 11 st 2 lb" {
		t.Errorf("in stones %q, %q", st.PlainValue(), st.Stats.Words())
	}
	bp := Entry{Title: "Blood pressure", Unit: "mm[Hg]", Components: []Component{{Title: "Systolic", Value: "120", Unit: "mm[Hg]"}}}
	if got := (DisplayUnits{Weight: "lb", Temperature: "F"}).Shown(bp); got.Components[0].Value != "120" {
		t.Errorf("blood pressure %+v", got)
	}
	temp := Entry{Title: "Observation", Components: []Component{{Title: "Body temperature", Value: "37", Unit: "Cel"}}}
	if got := (DisplayUnits{Temperature: "F"}).Shown(temp); got.Components[0].PlainValue() != "98.6 °F" || temp.Components[0].Value != "37" {
		t.Errorf("component %+v, entry's %+v", got.Components[0], temp.Components[0])
	}
}
