package app

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// TestGlance: the home screens' glance lists every allergy, only the
// medications still taken, and appointments from today on, soonest first.
func TestGlance(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Add(ctx, []record.Entry{
		{Category: record.Allergy, Title: "Penicillin"},
		{Category: record.Medication, Title: "Metformin", Status: "active"},
		{Category: record.Medication, Title: "Amoxicillin", Status: "completed"},
		{Category: record.Medication, Title: "Ibuprofen", End: "2026-01-01"},
		{Category: record.Medication, Title: "Salbutamol"},
		{Category: record.Appointment, Title: "Last year", Date: "2025-11-01"},
		{Category: record.Appointment, Title: "Later", Date: "2027-01-05"},
		{Category: record.Appointment, Title: "Today", Date: "2026-11-22"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.Glance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	titles := func(es []record.Entry) string {
		var out []string
		for _, e := range es {
			out = append(out, e.Title)
		}
		return fmt.Sprint(out)
	}
	sorted := func(es []record.Entry) string {
		var ts []string
		for _, e := range es {
			ts = append(ts, e.Title)
		}
		slices.Sort(ts)
		return fmt.Sprint(ts)
	}
	for _, c := range []struct{ got, want string }{
		{titles(g.Allergies), "[Penicillin]"},
		{sorted(g.Medications), "[Metformin Salbutamol]"}, // undated: any order
		{titles(g.Upcoming), "[Today Later]"},
	} {
		if c.got != c.want {
			t.Errorf("glance %s, want %s", c.got, c.want)
		}
	}
}

// TestChartGroups: the parts of one reading make one chart, systolic
// first, named for the reading and its parts; units read as people write them.
func TestChartGroups(t *testing.T) {
	series := []store.Series{
		{Key: "c:loinc|29463-7", Title: "Weight", Unit: "kg", Count: 5},
		{Key: "c:loinc|85354-9#c:loinc|8462-4", Title: "Blood pressure: diastolic", Unit: "mm[Hg]", Count: 3},
		{Key: "t:hba1c", Title: "HbA1c", Unit: "%", Count: 2},
		{Key: "c:loinc|85354-9#c:loinc|8480-6", Title: "Blood pressure: systolic", Unit: "mm[Hg]", Count: 3},
	}
	gs := ChartGroups(series)
	var got []string
	for _, g := range gs {
		got = append(got, ChartTitle(g)+" in "+SeriesUnit(g[0])+" / "+SeriesPart(g[0]))
	}
	want := "[Weight in kg / Weight Blood pressure (systolic, diastolic) in mmHg / systolic HbA1c in % / HbA1c]"
	if fmt.Sprint(got) != want {
		t.Errorf("charts %v\nwant %s", got, want)
	}
	if u := SeriesUnit(store.Series{Key: "c:loinc|8867-4", Unit: "/min"}); u == "/min" {
		t.Errorf("a heart rate's unit is %q, not in words", u)
	}
}
