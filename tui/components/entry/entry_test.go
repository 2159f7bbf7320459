package entry

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/styles"
)

// TestRowMarksResultsOutOfRange: a result outside its reference range
// says so with an arrow and a word (not colour alone); privacy mode hides
// the flag with the rest.
func TestRowMarksResultsOutOfRange(t *testing.T) {
	st := styles.New(true)
	env := screen.Env{Styles: &st}
	for _, tc := range []struct {
		e    record.Entry
		want string
	}{
		{record.Entry{Title: "HbA1c", Date: "2026-10-01", Value: "6.1", Unit: "%", Range: "4.0-5.6 %"}, "6.1 % ▲ high"},
		{record.Entry{Title: "Potassium", Date: "2026-10-01", Value: "3.1", Unit: "mmol/L", Range: "3.5-5.0"}, "3.1 mmol/L ▼ low"},
		{record.Entry{Title: "Sodium", Date: "2026-10-01", Value: "140", Unit: "mmol/L", Range: "135-145"}, "140 mmol/L"},
	} {
		for _, sel := range []bool{false, true} {
			row := ansi.Strip(Row(env, &tc.e, sel, 80))
			if !strings.Contains(row, tc.want) {
				t.Errorf("row %q lacks %q", row, tc.want)
			}
			if tc.e.Flag() == "" && strings.ContainsAny(row, "▲▼") {
				t.Errorf("row %q is flagged within its range", row)
			}
			if w := ansi.StringWidth(row); w > 80 {
				t.Errorf("row %q is %d wide", row, w)
			}
		}
	}
	hidden := record.Entry{ID: "x", Title: "HIV viral load", Value: "200", Range: "<50", Sensitive: []record.Kind{record.HIV}}
	env.Privacy = true
	if row := ansi.Strip(Row(env, &hidden, false, 80)); strings.Contains(row, "high") || strings.Contains(row, "200") {
		t.Errorf("a hidden entry shows its flag: %q", row)
	}
}

// TestRowLongValueFits: a long value gives way to the title instead of
// pushing the row past the width (it wrapped at 60 columns before).
func TestRowLongValueFits(t *testing.T) {
	st := styles.New(true)
	env := screen.Env{Styles: &st}
	e := record.Entry{Title: "Diabetes clinic letter", Date: "2020-07-29", Value: "Diabetes Service, St Anne's Hospital"}
	for _, w := range []int{44, 66, 106} {
		for _, sel := range []bool{false, true} {
			row := ansi.Strip(Row(env, &e, sel, w))
			if n := ansi.StringWidth(row); n > w {
				t.Errorf("at %d the row is %d wide: %q", w, n, row)
			}
			if !strings.Contains(row, "Diabetes clin") {
				t.Errorf("at %d the title is gone: %q", w, row)
			}
		}
	}
	if row := ansi.Strip(Row(env, &e, false, 106)); !strings.Contains(row, "St Anne's Hospital") {
		t.Errorf("a wide row cut the value: %q", row)
	}
}
