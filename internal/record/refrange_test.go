package record

import "testing"

func TestParseRange(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want RefRange
		ok   bool
	}{
		{"3.5-5.0 mmol/L", RefRange{Low: 3.5, High: 5, HasLow: true, HasHigh: true}, true},
		{"4.0 – 5.6 %", RefRange{Low: 4, High: 5.6, HasLow: true, HasHigh: true}, true},
		{"60 to 100 beats/min", RefRange{Low: 60, High: 100, HasLow: true, HasHigh: true}, true},
		{">=60 mL/min/{1.73_m2}", RefRange{Low: 60, HasLow: true}, true},
		{"< 5.7 %", RefRange{High: 5.7, HasHigh: true}, true},
		{"≤200", RefRange{High: 200, HasHigh: true}, true},
		{"see report", RefRange{}, false},
		{"negative", RefRange{}, false},
		{"5-3", RefRange{}, false},
		{"", RefRange{}, false},
	} {
		got, ok := ParseRange(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseRange(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFlag(t *testing.T) {
	for _, tc := range []struct {
		e    Entry
		want string
	}{
		{Entry{Value: "6.1", Range: "4.0-5.6 %"}, "high"},
		{Entry{Value: "3.1", Range: "3.5-5.0 mmol/L"}, "low"},
		{Entry{Value: "4.2", Range: "3.5-5.0 mmol/L"}, ""},
		{Entry{Value: "45", Range: ">=60"}, "low"},
		{Entry{Value: "4.2", Range: "3.5-5.0", Interpretation: "critically high"}, "critically high"},
		{Entry{Value: "4.2", Range: "3.5-5.0", Interpretation: "normal"}, ""},
		{Entry{Value: "positive", Range: "negative", Interpretation: "positive"}, ""},
		{Entry{Value: "9", Interpretation: "H"}, "high"},
		{Entry{Value: "82.5"}, ""},
		{Entry{Value: "high", Range: "3-5"}, ""},
	} {
		if got := tc.e.Flag(); got != tc.want {
			t.Errorf("Flag(%q in %q, %q) = %q, want %q", tc.e.Value, tc.e.Range, tc.e.Interpretation, got, tc.want)
		}
	}
	for flag, want := range map[string]string{"high": "▲ high", "critically low": "▼ critically low", "abnormal": "! abnormal", "": ""} {
		if got := FlagMark(flag); got != want {
			t.Errorf("FlagMark(%q) = %q, want %q", flag, got, want)
		}
	}
}
