package applehealth

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// Source is the entries' Source: where they came from.
const Source = "apple-health"

// SourceUse is one source (a device or app) that measured a summed type.
type SourceUse struct {
	Name string `json:"name"`
	// Days counts the days it measured; Chosen the days its readings
	// were kept.
	Days   int `json:"days"`
	Chosen int `json:"chosen"`
}

// SourceChoice says, for a type whose day is a sum (steps, distance,
// energy, sleep) and that two or more sources measured, which one was
// kept: summing both (the phone's steps and the watch's) would count the
// day twice.
type SourceChoice struct {
	Type    string      `json:"type"`
	Sources []SourceUse `json:"sources"`
	// Rule says how the source was chosen, in words.
	Rule string `json:"rule"`
}

// Choice is the person's choice of sources for summed types: the named
// sources, in order of preference (compared without case). Empty, each
// day keeps the source that counted most that day.
type Choice struct {
	Prefer []string
}

// Sources names every source of the export, with the samples' days it
// gave, in the order first read.
func (r *Result) Sources() []string { return slices.Clone(r.sources) }

// Days counts the day summaries read.
func (r *Result) Days() int { return len(r.days) }

// Workouts counts the workouts read.
func (r *Result) Workouts() int { return len(r.workouts) }

// dayKey is a type and a day, the unit a summed type's choice is made on.
type dayKey struct {
	typ uint16
	day int32
}

// Plan decides which source's day summaries become entries. For a summed
// type (cumulative or sleep) each day keeps one source: the first of
// choice.Prefer that measured the type at all (then that source alone),
// else the one that counted most that day. Discrete and category types
// keep every source (a mean is not counted twice). It returns the
// choices made for types two or more sources measured.
func (r *Result) Plan(choice Choice) (*Plan, []SourceChoice) {
	p := &Plan{r: r, keep: make([]bool, len(r.days))}
	// byType: the sources of each summed type, with their days.
	type srcDays struct {
		days, chosen int
	}
	byType := map[uint16]map[uint32]*srcDays{}
	best := map[dayKey]aggKey{}
	prefer := func(src uint32) int {
		for i, n := range choice.Prefer {
			if strings.EqualFold(strings.TrimSpace(n), r.sources[src]) {
				return i
			}
		}
		return -1
	}
	// The preferred source of each summed type, if any measured it.
	chosenSrc := map[uint16]uint32{}
	chosenRank := map[uint16]int{}
	for k := range r.aggs {
		if k.typ == bpIndex || (types[k.typ].kind != cumulative && types[k.typ].kind != sleep) {
			continue
		}
		if byType[k.typ] == nil {
			byType[k.typ] = map[uint32]*srcDays{}
		}
		sd := byType[k.typ][k.src]
		if sd == nil {
			sd = &srcDays{}
			byType[k.typ][k.src] = sd
		}
		sd.days++
		if rank := prefer(k.src); rank >= 0 {
			if cur, ok := chosenRank[k.typ]; !ok || rank < cur {
				chosenRank[k.typ], chosenSrc[k.typ] = rank, k.src
			}
		}
	}
	for k, i := range r.aggs {
		if k.typ == bpIndex || (types[k.typ].kind != cumulative && types[k.typ].kind != sleep) {
			p.keep[i] = true
			continue
		}
		if src, ok := chosenSrc[k.typ]; ok {
			p.keep[i] = k.src == src
			continue
		}
		dk := dayKey{k.typ, k.day}
		cur, ok := best[dk]
		if !ok {
			best[dk] = k
			continue
		}
		a, b := r.days[i].sum, r.days[r.aggs[cur]].sum
		// Ties go to the source read first, so the choice is the same
		// every time the same export is read.
		if a > b || (a == b && k.src < cur.src) {
			best[dk] = k
		}
	}
	for _, k := range best {
		p.keep[r.aggs[k]] = true
	}
	var out []SourceChoice
	for k, i := range r.aggs {
		if p.keep[i] {
			if m := byType[k.typ]; m != nil {
				m[k.src].chosen++
			}
		}
	}
	for ti, m := range byType {
		if len(m) < 2 {
			continue
		}
		sc := SourceChoice{Type: types[ti].title}
		for src, sd := range m {
			sc.Sources = append(sc.Sources, SourceUse{Name: r.sources[src], Days: sd.days, Chosen: sd.chosen})
		}
		slices.SortFunc(sc.Sources, func(a, b SourceUse) int {
			if a.Days != b.Days {
				return b.Days - a.Days
			}
			return strings.Compare(a.Name, b.Name)
		})
		if src, ok := chosenSrc[ti]; ok {
			sc.Rule = "only " + r.sources[src] + ", as chosen"
		} else {
			sc.Rule = "each day, the source that counted most that day"
		}
		out = append(out, sc)
	}
	slices.SortFunc(out, func(a, b SourceChoice) int { return strings.Compare(a.Type, b.Type) })
	return p, out
}

// Plan is the day summaries chosen to become entries.
type Plan struct {
	r    *Result
	keep []bool
}

// Entries calls fn with each entry the plan makes, one at a time, so the
// caller never holds them all: the day summaries kept, then the
// workouts. fn's error stops it.
func (p *Plan) Entries(fn func(record.Entry) error) error {
	r := p.r
	// Days in order, so the entries are added the way they were measured.
	keys := make([]aggKey, 0, len(r.aggs))
	for k, i := range r.aggs {
		if p.keep[i] {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b aggKey) int {
		if a.day != b.day {
			return int(a.day - b.day)
		}
		if a.typ != b.typ {
			return int(a.typ) - int(b.typ)
		}
		return int(a.src) - int(b.src)
	})
	for _, k := range keys {
		if err := fn(r.dayEntry(k, &r.days[r.aggs[k]])); err != nil {
			return err
		}
	}
	for i := range r.workouts {
		if err := fn(r.workoutEntry(&r.workouts[i])); err != nil {
			return err
		}
	}
	return nil
}

// Count returns how many entries the plan makes.
func (p *Plan) Count() int {
	n := len(p.r.workouts)
	for _, k := range p.keep {
		if k {
			n++
		}
	}
	return n
}

// original is what an entry's Original keeps of its day summary: a
// changed day (a newer export with more samples) has another original,
// and updates the entry.
type original struct {
	Type   string  `json:"type"`
	Source string  `json:"source"`
	Day    string  `json:"day"`
	Unit   string  `json:"unit,omitempty"`
	Of     string  `json:"of"`
	Value  string  `json:"value"`
	Count  int64   `json:"count"`
	Min    string  `json:"min,omitempty"`
	Max    string  `json:"max,omitempty"`
	Sum    float64 `json:"sum,omitempty"`
}

func (r *Result) dayEntry(k aggKey, a *agg) record.Entry {
	src, day := r.sources[k.src], dayString(k.day)
	e := record.Entry{Category: record.Measurement, Date: day, Source: Source, Tags: []string{}}
	o := original{Source: src, Day: day, Count: a.n}
	if k.typ == bpIndex {
		n := float64(a.n)
		sys, dia := format(a.sum/n, 0), format(a.sum2/n, 0)
		e.Title, e.Value, e.Unit, e.UnitCode = "Blood pressure", sys+"/"+dia, "mm[Hg]", "mm[Hg]"
		e.Code = &record.Code{System: "loinc", Code: "85354-9", Display: "Blood pressure panel"}
		e.Components = []record.Component{
			{Code: &record.Code{System: "loinc", Code: "8480-6", Display: "Systolic blood pressure"}, Title: "Systolic blood pressure", Value: sys, Unit: "mm[Hg]", UnitCode: "mm[Hg]"},
			{Code: &record.Code{System: "loinc", Code: "8462-4", Display: "Diastolic blood pressure"}, Title: "Diastolic blood pressure", Value: dia, Unit: "mm[Hg]", UnitCode: "mm[Hg]"},
		}
		e.Stats = &record.Stats{Of: "mean", Count: int(a.n), Min: format(a.min, 0) + "/" + format(a.min2, 0), Max: format(a.max, 0) + "/" + format(a.max2, 0)}
		o.Type, o.Unit = bpType, "mmHg"
		e.SourceID = bpType + "|" + src + "|" + day
		e.Notes = fmt.Sprintf("Mean of %s by %s (Apple Health); lowest %s, highest %s.", record.Count(int(a.n), "reading", "readings"), src, e.Stats.Min, e.Stats.Max)
	} else {
		t := &types[k.typ]
		e.Title, e.Code = t.title, t.coding()
		o.Type = t.id
		e.SourceID = t.id + "|" + src + "|" + day
		unit := r.unitOf(k.typ)
		switch t.kind {
		case cumulative:
			e.Value, e.Unit = format(a.sum, t.prec), unit
			e.Stats = &record.Stats{Of: "total", Count: int(a.n)}
			// One reading a day whichever source is kept: a newer export
			// whose choice falls on another source updates the day.
			e.SourceID = t.id + "|" + day
			e.Notes = fmt.Sprintf("Total of %s by %s (Apple Health).", record.Count(int(a.n), "sample", "samples"), src)
		case discrete:
			e.Value, e.Unit = format(a.sum/float64(a.n), t.prec), unit
			e.Stats = &record.Stats{Of: "mean", Count: int(a.n), Min: format(a.min, t.prec), Max: format(a.max, t.prec)}
			if a.n == 1 {
				e.Notes = fmt.Sprintf("Measured by %s (Apple Health).", src)
			} else {
				e.Notes = fmt.Sprintf("Mean of %s by %s (Apple Health); lowest %s, highest %s.", record.Count(int(a.n), "sample", "samples"), src, e.Stats.Min, e.Stats.Max)
			}
		case sleep:
			e.Value, e.Unit = format(a.sum, t.prec), "h"
			e.Stats = &record.Stats{Of: "time asleep", Count: int(a.n)}
			e.SourceID = t.id + "|" + day
			e.Notes = fmt.Sprintf("Time asleep the night before, from %s by %s (Apple Health).", record.Count(int(a.n), "sleep period", "sleep periods"), src)
		case category:
			var ws []string
			for i, w := range r.words[k.typ] {
				if a.words&(1<<uint(i)) != 0 {
					ws = append(ws, w)
				}
			}
			e.Value = strings.Join(ws, ", ")
			e.Stats = &record.Stats{Of: "records", Count: int(a.n)}
			e.Notes = fmt.Sprintf("Recorded by %s (Apple Health).", src)
		}
		e.UnitCode = e.Unit
		if t.sensitive {
			e.Sensitive = []record.Kind{record.SexualHealth}
		}
		o.Unit = e.Unit
	}
	if e.Sensitive == nil {
		e.Sensitive = []record.Kind{}
	}
	o.Of, o.Value, o.Min, o.Max = e.Stats.Of, e.Value, e.Stats.Min, e.Stats.Max
	b, _ := json.Marshal(o)
	e.Original = string(b)
	return e
}

// unitOf is the unit phr keeps for a type: an export writes every sample
// of a type in the unit the person chose on the phone (kg or lb), so the
// values are kept in it; one that mixes units within a type is refused
// when read.
func (r *Result) unitOf(ti uint16) string {
	return r.unitByType[ti]
}

// workoutEntry is one workout as a measurement: its duration, with
// distance and energy in the notes.
func (r *Result) workoutEntry(w *workout) record.Entry {
	act := strings.TrimPrefix(w.activity, "HKWorkoutActivityType")
	words := splitWords(act)
	if words == "" {
		words = "workout"
	}
	src := r.sources[w.src]
	e := record.Entry{Category: record.Measurement, Title: "Workout: " + words, Source: Source, Tags: []string{"workout"},
		Value: format(w.minutes, 1), Unit: "min", UnitCode: "min", Sensitive: []record.Kind{}}
	if st, err := time.Parse(appleLayout, w.start); err == nil {
		e.Date = st.UTC().Format(time.RFC3339)
	}
	if en, err := time.Parse(appleLayout, w.end); err == nil {
		e.End = en.UTC().Format(time.RFC3339)
	}
	var parts []string
	if w.distance > 0 {
		parts = append(parts, format(w.distance, 2)+" "+w.distUnit)
	}
	if w.energy > 0 {
		parts = append(parts, format(w.energy, 0)+" "+w.energyUnit)
	}
	e.Notes = strings.TrimSpace(strings.Join(parts, ", ") + "\nRecorded by " + src + " (Apple Health).")
	e.SourceID = "Workout|" + src + "|" + w.start
	b, _ := json.Marshal(map[string]any{"type": w.activity, "source": src, "start": w.start, "end": w.end,
		"minutes": w.minutes, "distance": w.distance, "distance_unit": w.distUnit, "energy": w.energy, "energy_unit": w.energyUnit})
	e.Original = string(b)
	return e
}

// splitWords writes "HighIntensityIntervalTraining" as "high intensity
// interval training".
func splitWords(s string) string {
	var b strings.Builder
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(c - 'A' + 'a')
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
