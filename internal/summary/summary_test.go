package summary

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

var now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func TestDefaultKeepsWhatIsCurrent(t *testing.T) {
	tests := []struct {
		e    record.Entry
		keep bool
	}{
		{record.Entry{Category: record.Allergy, Title: "Peanut"}, true},
		{record.Entry{Category: record.Allergy, Title: "Old", Status: "resolved"}, false},
		{record.Entry{Category: record.Medication, Title: "Now", Date: "2024-01-01"}, true},
		{record.Entry{Category: record.Medication, Title: "Ended", Date: "2020-01-01", End: "2020-02-01"}, false},
		{record.Entry{Category: record.Medication, Title: "Ends later", Date: "2026-11-01", End: "2026-12-01"}, true},
		{record.Entry{Category: record.Medication, Title: "Stopped", Status: "stopped"}, false},
		{record.Entry{Category: record.Condition, Title: "Active", Date: "2010-01-01"}, true},
		{record.Entry{Category: record.Condition, Title: "Resolved", Status: "Resolved"}, false},
		{record.Entry{Category: record.Immunization, Title: "Tetanus", Date: "1990-01-01"}, true},
		{record.Entry{Category: record.Result, Title: "Recent", Date: "2026-01-01"}, true},
		{record.Entry{Category: record.Result, Title: "Old", Date: "2025-11-21"}, false},
		{record.Entry{Category: record.Result, Title: "Undated"}, false},
		{record.Entry{Category: record.Measurement, Title: "Recent", Date: "2026-11-22T08:00:00Z"}, true},
		{record.Entry{Category: record.Appointment, Title: "Today", Date: "2026-11-22"}, true},
		{record.Entry{Category: record.Appointment, Title: "Past", Date: "2026-11-21"}, false},
		{record.Entry{Category: record.Appointment, Title: "Cancelled", Date: "2026-12-01", Status: "cancelled"}, false},
		{record.Entry{Category: record.Note, Title: "Note"}, false},
	}
	for _, tt := range tests {
		got := len(Default([]record.Entry{tt.e}, now)) == 1
		if got != tt.keep {
			t.Errorf("%s %q: kept %v, want %v", tt.e.Category, tt.e.Title, got, tt.keep)
		}
	}
}

func TestSeriesLatestAndTrend(t *testing.T) {
	es := []record.Entry{
		{Category: record.Result, Title: "HbA1c", Date: "2026-06-01", Value: "7.0", Unit: "%"},
		{Category: record.Result, Title: "HbA1c", Date: "2026-09-01", Value: "6.8", Unit: "%", Interpretation: "High"},
		{Category: record.Result, Title: "HbA1c", Date: "2026-03-01", Value: "7.4", Unit: "%"},
		{Category: record.Result, Title: "Potassium", Date: "2026-09-01", Value: "4.1", Unit: "mmol/L"},
		{Category: record.Result, Title: "Potassium", Date: "2026-10-01", Value: "4.6", Unit: "mmol/L"},
		{Category: record.Measurement, Title: "Blood pressure", Date: "2026-10-01", Unit: "mm[Hg]",
			Components: []record.Component{{Title: "Systolic", Value: "130"}, {Title: "Diastolic", Value: "80"}}},
	}
	d := Build(Params{Entries: es, Made: now})
	if len(d.Sections) != 2 {
		t.Fatalf("sections %+v", d.Sections)
	}
	got := d.Sections[0].Series
	want := []Series{
		{Title: "HbA1c", Latest: "6.8 %", Date: "2026-09-01", Previous: "7.0 %", Trend: "down", Flag: "high", Count: 3, Points: []float64{7.4, 7.0, 6.8}},
		{Title: "Potassium", Latest: "4.6 mmol/L", Date: "2026-10-01", Previous: "4.1 mmol/L", Trend: "up", Count: 2, Points: []float64{4.1, 4.6}},
	}
	if len(got) != len(want) {
		t.Fatalf("series %+v", got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Title != w.Title || g.Latest != w.Latest || g.Date != w.Date || g.Previous != w.Previous || g.Trend != w.Trend ||
			g.Flag != w.Flag || g.Count != w.Count || len(g.Points) != len(w.Points) {
			t.Errorf("series %d = %+v, want %+v", i, g, w)
		}
	}
	if bp := d.Sections[1].Series[0]; bp.Latest != "130/80 mmHg" {
		t.Errorf("blood pressure %q", bp.Latest)
	}
}

func TestOutsideTextIsCleaned(t *testing.T) {
	hostile := "Aspirin\x1b]52;c;ZXZpbA==\x07\u202e gnp.exe"
	d := Build(Params{Profile: record.Profile{Name: "Eve\x1b[2J"}, Made: now,
		Entries: []record.Entry{{Category: record.Allergy, Title: hostile, Notes: "line\x1b[31m"}}})
	var txt, page bytes.Buffer
	if err := Text(&txt, d); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&page, d); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": txt.String(), "html": page.String()} {
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("%s output holds a control character: %q", name, out)
		}
	}
}

func TestHTMLEscapesAndFetchesNothing(t *testing.T) {
	d := Build(Params{Profile: record.Profile{Name: `<script>alert(1)</script>`}, Made: now,
		Entries: []record.Entry{{Category: record.Note, Title: `<img src="https://example.org/x.png">`}}})
	var page bytes.Buffer
	if err := HTML(&page, d); err != nil {
		t.Fatal(err)
	}
	out := page.String()
	for _, bad := range []string{"<script", "<img", `src="`, `href="`, "url(", "@import"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML holds %q", bad)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;") {
		t.Errorf("name not escaped")
	}
}

func TestEmptySummaryStillNamesThePerson(t *testing.T) {
	var txt bytes.Buffer
	if err := Text(&txt, Build(Params{Profile: record.Profile{Name: "Ada", Born: "1815-12-10"}, Made: now})); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Health summary: Ada", "Born 1815-12-10 (age 210)", "Nothing to show.", "0 entries"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("missing %q in\n%s", want, txt.String())
		}
	}
}

// TestSeriesChartsOnlyPhysicalValues (issue 16, item 8): NaN, Inf and
// numbers outside any physical range are shown as written but never
// charted or compared, so no chart draws a 300-digit label.
func TestSeriesChartsOnlyPhysicalValues(t *testing.T) {
	var es []record.Entry
	for i, v := range []string{"NaN", "Inf", "1e308", "-1e300", "72"} {
		es = append(es, record.Entry{Category: record.Measurement, Title: "Pulse", Value: v, Date: fmt.Sprintf("2026-01-0%d", i+1)})
	}
	s := series(es)
	if len(s) != 1 || len(s[0].Points) != 1 || s[0].Points[0] != 72 {
		t.Fatalf("series = %+v, want the one physical value charted", s)
	}
	if s[0].Trend != "" {
		t.Errorf("a trend from -1e300 to 72: %q", s[0].Trend)
	}
}
