package record

import (
	"math"
	"strings"
	"testing"
)

// TestNumeric (issue 16, item 8): a value is charted as the number it
// starts with, exponent included, and only within the physical range:
// 1e308, a 300-digit number, NaN and Inf are kept as text. Before, "1e308"
// was charted as 1 and a 300-digit number drew a 300-digit label.
func TestNumeric(t *testing.T) {
	for in, want := range map[string]float64{"82.5": 82.5, "142/91": 142, " 6.1 %": 6.1, "-3": -3, "1.5e3": 1500,
		"2E-3 mmol": 0.002, "5e12": 5e12, "0": 0, "+7": 7, "1e": 1, "3 e5": 3} {
		if got, ok := Numeric(in); !ok || got != want {
			t.Errorf("Numeric(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "positive", ".", "-", "1e308", "-1e16", "1e-300", "NaN", "Inf", "-Inf", "+Infinity",
		strings.Repeat("9", 300), "1e999", "4.9e-324"} {
		if f, ok := Numeric(in); ok {
			t.Errorf("Numeric(%q) = %v, want not charted", in, f)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e16, 1e-16, math.MaxFloat64} {
		if InRange(f) {
			t.Errorf("InRange(%v)", f)
		}
	}
}

// TestCheckBounds: every text of an entry is bounded, naming the field and
// the limit; a part's value outside any physical range is refused.
func TestCheckBounds(t *testing.T) {
	big := strings.Repeat("x", MaxField+1)
	tests := []struct {
		name string
		e    Entry
		want string // "" when accepted
	}{
		{"ordinary", Entry{Title: "Pulse", Value: "72", Notes: strings.Repeat("n", MaxNotes)}, ""},
		{"notes", Entry{Title: "Note", Notes: strings.Repeat("n", MaxNotes+1)}, "notes are 1 MiB, beyond phr's limit of 1 MiB for notes"},
		{"title", Entry{Title: big}, "title is 8 KiB, beyond phr's limit of 8 KiB"},
		{"value", Entry{Title: "x", Value: big}, "value is"},
		{"a tag", Entry{Title: "x", Tags: []string{"ok", big}}, "tag is"},
		{"a code", Entry{Title: "x", Code: &Code{Display: big}}, "code is"},
		{"a link", Entry{Title: "x", Links: []string{big}}, "link is"},
		{"too many tags", Entry{Title: "x", Tags: make([]string, MaxListItems+1)}, "1001 tags, beyond phr's limit of 1000"},
		{"a part", Entry{Title: "BP", Components: []Component{{Title: "Systolic", Value: big}}}, "component is"},
		{"a part out of range", Entry{Title: "BP", Components: []Component{{Title: "Systolic", Value: "1e308"}}}, "outside any physical range"},
		{"a part in range", Entry{Title: "BP", Components: []Component{{Title: "Systolic", Value: "120"}}}, ""},
	}
	for _, tt := range tests {
		err := tt.e.CheckBounds()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: refused: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestStatsWords: a day's summary in words; a total has no lowest or
// highest, one sample none either, nil nothing.
func TestStatsWords(t *testing.T) {
	for _, tt := range []struct {
		s    *Stats
		want string
	}{
		{&Stats{Of: "mean", Count: 96, Min: "52", Max: "141"}, "mean of 96 samples, lowest 52, highest 141"},
		{&Stats{Of: "total", Count: 24}, "total of 24 samples"},
		{&Stats{Of: "mean", Count: 1, Min: "70", Max: "70"}, "mean of 1 sample"},
		{nil, ""},
	} {
		if got := tt.s.Words(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.s, got, tt.want)
		}
	}
}
