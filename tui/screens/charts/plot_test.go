package charts

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/tui/styles"
)

func pts(kv ...any) []store.Point {
	var out []store.Point
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, store.Point{Date: kv[i].(string), Value: kv[i+1].(float64), N: 1})
	}
	return out
}

// hba1c has a one-month step, then a gap of six months.
var hba1c = []line{{name: "HbA1c", points: pts("2024-01-01", 5.4, "2024-02-01", 5.5, "2024-03-01", 5.7,
	"2024-09-01", 6.3, "2024-10-01", 6.1)}}

var bp = []line{
	{name: "systolic", points: pts("2024-01-01", 138.0, "2024-01-15", 142.0, "2024-03-01", 131.0, "2024-05-01", 128.0)},
	{name: "diastolic", points: pts("2024-01-01", 88.0, "2024-01-15", 91.0, "2024-03-01", 84.0, "2024-05-01", 80.0)},
}

// markerCols returns the columns of the runes in set, left to right.
func markerCols(out, set string) []int {
	var cols []int
	for c := 0; c < 200; c++ {
		for _, row := range strings.Split(out, "\n") {
			if r := []rune(row); c < len(r) && strings.ContainsRune(set, r[c]) {
				cols = append(cols, c)
				break
			}
		}
	}
	return cols
}

// TestChartPlacesReadingsByDate: each reading is marked at the column of
// its date, so a six-month gap is six times as wide as a one-month step,
// and the axis names each date once.
func TestChartPlacesReadingsByDate(t *testing.T) {
	st := styles.New(true)
	r, _ := record.ParseRange("4.0-5.6 %")
	out := ansi.Strip(plotChart(&st, hba1c, &band{r: r, text: "4.0-5.6 %"}, 70, 14).String(&st))
	golden.RequireEqual(t, out)
	cols := markerCols(out, "●▲▼")
	if len(cols) != 5 {
		t.Fatalf("%d markers for 5 readings:\n%s", len(cols), out)
	}
	month, gap := cols[1]-cols[0], cols[3]-cols[2]
	if gap < 5*month || gap > 7*month {
		t.Fatalf("a one-month step is %d columns and a six-month gap %d:\n%s", month, gap, out)
	}
	rows := strings.Split(out, "\n")
	dates := regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(rows[len(rows)-1]), -1)
	seen := map[string]bool{}
	for _, d := range dates {
		if seen[d] {
			t.Fatalf("the axis repeats %q: %s", d, rows[len(rows)-1])
		}
		seen[d] = true
	}
	// 5.7, 6.3 and 6.1 are above 5.6: arrows, not the line's marker.
	if n := strings.Count(out, "▲"); n != 3 {
		t.Fatalf("%d readings marked high, want 3:\n%s", n, out)
	}
	if !strings.Contains(out, "┄") {
		t.Fatalf("no reference range drawn:\n%s", out)
	}
}

// TestChartLinesApartWithoutColour: two lines have their own marker and a
// legend; with colour off the markers are letters, with colour on each
// line has its own colour too.
func TestChartLinesApartWithoutColour(t *testing.T) {
	plain := styles.New(true)
	d := plotChart(&plain, bp, nil, 70, 14)
	out := ansi.Strip(d.String(&plain))
	golden.RequireEqual(t, out+"\n"+ansi.Strip(strings.Join(d.legend, "  ")))
	if strings.Count(out, "S") != 4 || strings.Count(out, "D") != 4 {
		t.Fatalf("the lines are not marked S and D:\n%s", out)
	}
	if legend := ansi.Strip(strings.Join(d.legend, " ")); legend != "S systolic D diastolic" {
		t.Fatalf("legend %q", legend)
	}
	colour := styles.New(false)
	dc := plotChart(&colour, bp, nil, 70, 14)
	cout := dc.String(&colour)
	if strings.Count(ansi.Strip(cout), "●") != 4 || strings.Count(ansi.Strip(cout), "■") != 4 {
		t.Fatalf("with colour the lines are not ● and ■:\n%s", ansi.Strip(cout))
	}
	sys, dia := colour.Series[0].Render("●"), colour.Series[1].Render("■")
	sysInk, _, _ := strings.Cut(sys, "●")
	diaInk, _, _ := strings.Cut(dia, "■")
	if sysInk == "" || !strings.Contains(cout, sysInk+"●") || !strings.Contains(cout, diaInk+"■") || sysInk == diaInk {
		t.Fatalf("the two lines do not have colours of their own: %q %q", sys, dia)
	}
}
