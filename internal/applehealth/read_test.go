package applehealth

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// summed is what a test adds up on its own for one type, source and day.
type summed struct {
	sum, min, max float64
	n             int
	sum2          float64
	words         map[string]bool
}

func (s *summed) add(v float64) {
	if s.n == 0 || v < s.min {
		s.min = v
	}
	if s.n == 0 || v > s.max {
		s.max = v
	}
	s.sum += v
	s.n++
}

type expectKey struct{ typ, src, day string }

// generate writes a small export and sums its samples up as the test
// understands them: independently of the reader.
func generate(t testing.TB, opt GenOptions) ([]byte, map[expectKey]*summed, int) {
	t.Helper()
	exp := map[expectKey]*summed{}
	get := func(k expectKey) *summed {
		if exp[k] == nil {
			exp[k] = &summed{words: map[string]bool{}}
		}
		return exp[k]
	}
	workouts := 0
	opt.OnSample = func(s GenSample) {
		day := s.Start.Format("2006-01-02")
		switch {
		case s.Type == "Workout":
			workouts++
		case s.Type == bpType:
			e := get(expectKey{"bp", s.Source, day})
			e.add(s.Systolic)
			e.sum2 += s.Diastolic
		case s.Type == hkC+"SleepAnalysis":
			if strings.Contains(s.Word, "Asleep") {
				get(expectKey{s.Type, s.Source, s.End.Add(6 * time.Hour).Format("2006-01-02")}).add(s.End.Sub(s.Start).Hours())
			}
		case s.Type == systolicID || s.Type == diastolicID:
		case s.Unit == "":
			get(expectKey{s.Type, s.Source, day}).words[s.Word] = true
			get(expectKey{s.Type, s.Source, day}).n++
		default:
			v := s.Value
			if s.Unit == "%" {
				v *= 100
			}
			get(expectKey{s.Type, s.Source, day}).add(v)
		}
	}
	var buf bytes.Buffer
	if _, err := Generate(&buf, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), exp, workouts
}

func near(got string, want float64, prec int) bool {
	f, err := strconv.ParseFloat(got, 64)
	return err == nil && math.Abs(f-want) <= 0.5*math.Pow10(-prec)+1e-9
}

// TestDayByDay reads a generated export of 60 days and checks every
// entry against sums, means, lowest and highest the test computed from
// the samples as they were written: totals keep each day the source that
// counted most, means keep every source, sleep is the time asleep a
// night, blood pressure the mean of its correlations, cycle tracking the
// day's values marked sensitive.
func TestDayByDay(t *testing.T) {
	data, exp, workouts := generate(t, GenOptions{Days: 60, HeartRate: 48, Seed: 7})
	res, err := Read(context.Background(), bytes.NewReader(data), "export.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile == nil || res.Profile.Born != "1984-06-12" || res.Profile.BloodType != "A+" {
		t.Errorf("profile %+v", res.Profile)
	}
	plan, choices := res.Plan(Choice{})
	// The test's own choice of a summed type's source on a day.
	bestSrc := func(typ, day string) string {
		best, bestSum := "", -1.0
		for _, src := range []string{GenPhone, GenWatch, GenScale, GenHand} {
			if e := exp[expectKey{typ, src, day}]; e != nil && e.sum > bestSum {
				best, bestSum = src, e.sum
			}
		}
		return best
	}
	checked := map[string]int{}
	seenWorkouts := 0
	err = plan.Entries(func(e record.Entry) error {
		if e.Source != Source || e.SourceID == "" || e.Original == "" {
			t.Errorf("%s %s: source %q id %q", e.Title, e.Date, e.Source, e.SourceID)
		}
		if strings.HasPrefix(e.Title, "Workout: ") {
			seenWorkouts++
			return nil
		}
		var o original
		mustJSON(t, e.Original, &o)
		day := e.Date
		if e.Title == "Blood pressure" {
			x := exp[expectKey{"bp", o.Source, day}]
			want := fmt.Sprintf("%s/%s", format(x.sum/float64(x.n), 0), format(x.sum2/float64(x.n), 0))
			if x == nil || e.Value != want || e.Stats.Count != x.n || len(e.Components) != 2 {
				t.Errorf("blood pressure %s: %q %+v, want %q of %d", day, e.Value, e.Stats, want, x.n)
			}
			checked["bp"]++
			return nil
		}
		ti := typeIndex[o.Type]
		ty := types[ti]
		x := exp[expectKey{o.Type, o.Source, day}]
		if x == nil {
			t.Errorf("%s %s from %s: nothing was written", ty.title, day, o.Source)
			return nil
		}
		switch ty.kind {
		case cumulative, sleep:
			if want := bestSrc(o.Type, day); o.Source != want {
				t.Errorf("%s %s: kept %s, want %s (counted most)", ty.title, day, o.Source, want)
			}
			if !near(e.Value, x.sum, ty.prec) || e.Stats.Count != x.n {
				t.Errorf("%s %s: %s (%d samples), want %.4f (%d)", ty.title, day, e.Value, e.Stats.Count, x.sum, x.n)
			}
		case discrete:
			if !near(e.Value, x.sum/float64(x.n), ty.prec) || e.Stats.Count != x.n ||
				!near(e.Stats.Min, x.min, ty.prec) || !near(e.Stats.Max, x.max, ty.prec) {
				t.Errorf("%s %s: %s %+v, want %.4f of %d (%.2f-%.2f)", ty.title, day, e.Value, e.Stats, x.sum/float64(x.n), x.n, x.min, x.max)
			}
		case category:
			if e.Stats.Count != x.n || len(e.Sensitive) != 1 || e.Sensitive[0] != record.SexualHealth {
				t.Errorf("%s %s: %d records, sensitive %v; want %d, sexual-health", ty.title, day, e.Stats.Count, e.Sensitive, x.n)
			}
		}
		if ty.sensitive != (len(e.Sensitive) > 0) {
			t.Errorf("%s: sensitive %v", ty.title, e.Sensitive)
		}
		checked[o.Type]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seenWorkouts != workouts || workouts == 0 {
		t.Errorf("workouts: %d, want %d", seenWorkouts, workouts)
	}
	// Every day the test summed up became an entry (summed types: one
	// source a day).
	want := map[string]int{}
	days := map[[2]string]bool{}
	for k := range exp {
		if k.typ == "bp" {
			want["bp"]++
			continue
		}
		ty := types[typeIndex[k.typ]]
		if ty.kind == cumulative || ty.kind == sleep {
			if !days[[2]string{k.typ, k.day}] {
				days[[2]string{k.typ, k.day}] = true
				want[k.typ]++
			}
			continue
		}
		want[k.typ]++
	}
	for k, n := range want {
		if checked[k] != n {
			t.Errorf("%s: %d entries, want %d", k, checked[k], n)
		}
	}
	for _, k := range []string{hkQ + "StepCount", hkQ + "HeartRate", hkQ + "OxygenSaturation", hkC + "SleepAnalysis", hkC + "MenstrualFlow", hkQ + "BodyMass", "bp"} {
		if checked[k] == 0 {
			t.Errorf("no %s entries checked", k)
		}
	}
	// Steps, distance and sleep had two sources.
	names := map[string]bool{}
	for _, c := range choices {
		names[c.Type] = true
		if c.Rule == "" || len(c.Sources) < 2 {
			t.Errorf("choice %+v", c)
		}
	}
	for _, ty := range []string{"Steps", "Walking and running distance", "Sleep"} {
		if !names[ty] {
			t.Errorf("no choice reported for %s: %+v", ty, choices)
		}
	}
}

// TestChooseSource: a source the person names is the only one kept for
// the summed types it measured, on every day it measured them; other
// types keep the rule of the day's largest count.
func TestChooseSource(t *testing.T) {
	data, exp, _ := generate(t, GenOptions{Days: 30, HeartRate: 10, Seed: 3})
	res, err := Read(context.Background(), bytes.NewReader(data), "export.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan, choices := res.Plan(Choice{Prefer: []string{strings.ToUpper(GenPhone)}})
	steps := 0
	err = plan.Entries(func(e record.Entry) error {
		var o original
		mustJSON(t, e.Original, &o)
		if o.Type == hkQ+"StepCount" {
			steps++
			if o.Source != GenPhone {
				t.Errorf("steps %s from %s, want the phone only", e.Date, o.Source)
			}
			if x := exp[expectKey{o.Type, GenPhone, e.Date}]; x == nil || !near(e.Value, x.sum, 0) {
				t.Errorf("steps %s: %s", e.Date, e.Value)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if steps != 30 {
		t.Errorf("%d days of steps, want 30", steps)
	}
	for _, c := range choices {
		if c.Type == "Steps" && c.Rule != "only "+GenPhone+", as chosen" {
			t.Errorf("steps rule %q", c.Rule)
		}
		if c.Type == "Active energy" {
			t.Errorf("active energy had one source: %+v", c)
		}
	}
}

// TestDeterministic: the same options write the same bytes, and a
// target size is reached.
func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if _, err := Generate(&a, GenOptions{Days: 3, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(&b, GenOptions{Days: 3, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same options wrote different exports")
	}
	var c bytes.Buffer
	st, err := Generate(&c, GenOptions{TargetBytes: 2 << 20, HeartRate: 100})
	if err != nil || st.Bytes < 2<<20 || int64(c.Len()) != st.Bytes || st.Records == 0 {
		t.Errorf("target 2 MiB: %+v, %v", st, err)
	}
}

func mustJSON(t testing.TB, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
}
