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
