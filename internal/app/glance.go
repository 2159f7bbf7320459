package app

import (
	"context"
	"sort"
	"strings"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// Glance is what matters at a glance, which both interfaces show on their
// home screen: allergies, the medications still being taken and the
// appointments to come, soonest first.
type Glance struct {
	Allergies   []record.Entry
	Medications []record.Entry
	Upcoming    []record.Entry
}

// Glance reads what matters at a glance.
func (s *Session) Glance(ctx context.Context) (Glance, error) {
	var g Glance
	var err error
	if g.Allergies, err = s.List(ctx, store.Filter{Categories: []record.Category{record.Allergy}, Limit: 50}); err != nil {
		return g, err
	}
	meds, err := s.List(ctx, store.Filter{Categories: []record.Category{record.Medication}, Limit: 500})
	if err != nil {
		return g, err
	}
	for _, e := range meds {
		if CurrentMedication(e) {
			g.Medications = append(g.Medications, e)
		}
	}
	today := s.cfg.now().UTC().Format("2006-01-02")
	g.Upcoming, err = s.List(ctx, store.Filter{Categories: []record.Category{record.Appointment}, Since: today, Oldest: true, Limit: 5})
	return g, err
}

// CurrentMedication reports whether a medication is still being taken: not
// stopped, completed or cancelled, and with no end date.
func CurrentMedication(e record.Entry) bool {
	switch strings.ToLower(e.Status) {
	case "stopped", "completed", "inactive", "cancelled", "entered-in-error":
		return false
	}
	return e.End == ""
}

// ChartGroups puts the series of the parts of one reading (keys sharing the
// part before "#", a blood pressure's systolic and diastolic) into one
// chart, systolic first as people write 142/91; every other series is a
// chart of its own. Both interfaces chart these groups.
func ChartGroups(series []store.Series) [][]store.Series {
	var out [][]store.Series
	index := map[string]int{}
	for _, s := range series {
		base, _, part := strings.Cut(s.Key, "#")
		if part {
			if i, ok := index[base]; ok {
				out[i] = append(out[i], s)
				continue
			}
			index[base] = len(out)
		}
		out = append(out, []store.Series{s})
	}
	for _, g := range out {
		sort.SliceStable(g, func(i, j int) bool {
			return strings.Contains(strings.ToLower(g[i].Title), "systolic") && !strings.Contains(strings.ToLower(g[j].Title), "systolic")
		})
	}
	return out
}

// ChartTitle names a chart: a series' title, or for the parts of one
// reading "Blood pressure (systolic, diastolic)".
func ChartTitle(g []store.Series) string {
	if len(g) == 1 {
		return g[0].Title
	}
	base, _, _ := strings.Cut(g[0].Title, ":")
	parts := make([]string, 0, len(g))
	for _, s := range g {
		parts = append(parts, SeriesPart(s))
	}
	return base + " (" + strings.Join(parts, ", ") + ")"
}

// SeriesPart is the part of its reading a series is ("systolic"), or its
// title when it is a reading of its own.
func SeriesPart(s store.Series) string {
	if _, part, ok := strings.Cut(s.Title, ":"); ok {
		return strings.TrimSpace(part)
	}
	return s.Title
}

// SeriesUnit is a series' unit as a person reads it ("mmHg", not
// "mm[Hg]"); a coded series ("c:" system "|" code) tells a heart rate's
// "beats/min".
func SeriesUnit(s store.Series) string {
	return record.PlainUnitOf(s.Unit, SeriesCodes(s)...)
}

// SeriesCodes is the code a coded series ("c:" system "|" code) names;
// none for a series keyed by its title.
func SeriesCodes(s store.Series) []record.Code {
	var codes []record.Code
	if rest, ok := strings.CutPrefix(s.Key, "c:"); ok {
		base, _, _ := strings.Cut(rest, "#")
		if sys, code, ok := strings.Cut(base, "|"); ok {
			codes = append(codes, record.Code{System: sys, Code: code})
		}
	}
	return codes
}
