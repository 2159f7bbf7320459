package when

import "time"

// Tick is one labelled date on a chart's time axis.
type Tick struct {
	At    time.Time
	Label string
}

// tickSteps are the calendar steps an axis may use, finest first, each with
// the label layout that names its dates without repeating one: days as
// "2 Jan 2024", months as "Jan 2024", years as "2024".
var tickSteps = []struct {
	years, months, days int
	layout              string
}{
	{days: 1, layout: "2 Jan 2006"}, {days: 2, layout: "2 Jan 2006"}, {days: 7, layout: "2 Jan 2006"},
	{days: 14, layout: "2 Jan 2006"},
	{months: 1, layout: "Jan 2006"}, {months: 2, layout: "Jan 2006"}, {months: 3, layout: "Jan 2006"},
	{months: 6, layout: "Jan 2006"},
	{years: 1, layout: "2006"}, {years: 2, layout: "2006"}, {years: 5, layout: "2006"}, {years: 10, layout: "2006"},
	{years: 20, layout: "2006"}, {years: 50, layout: "2006"}, {years: 100, layout: "2006"},
}

// AxisTicks returns at most n dates between from and to (inclusive) to label
// a chart's time axis: whole days, months or years (the finest step that
// fits), so no two labels are the same date and each sits where its date
// falls. When from and to are the same day, it returns that day alone.
func AxisTicks(from, to time.Time, n int) []Tick {
	from, to = from.UTC(), to.UTC()
	if to.Before(from) {
		from, to = to, from
	}
	if n < 1 {
		return nil
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	if day(from).Equal(day(to)) {
		return []Tick{{At: from, Label: from.Format("2 Jan 2006")}}
	}
	for _, s := range tickSteps {
		// The first step boundary on or after from: a day, the first of a
		// month whose number is a multiple of the step, or 1 January of a
		// year that is.
		var t time.Time
		switch {
		case s.years > 0:
			y := from.Year()
			if !from.Equal(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)) {
				y++
			}
			y += (s.years - y%s.years) % s.years
			t = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		case s.months > 0:
			m := int(from.Month()) - 1
			y := from.Year()
			if !from.Equal(time.Date(y, from.Month(), 1, 0, 0, 0, 0, time.UTC)) {
				m++
			}
			m += (s.months - m%s.months) % s.months
			t = time.Date(y, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
		default:
			t = day(from)
			if t.Before(from) {
				t = t.AddDate(0, 0, 1)
			}
		}
		var ticks []Tick
		for ; !t.After(to); t = t.AddDate(s.years, s.months, s.days) {
			ticks = append(ticks, Tick{At: t, Label: t.Format(s.layout)})
			if len(ticks) > n {
				break
			}
		}
		if len(ticks) <= n {
			if len(ticks) == 0 {
				// Too short a stretch for any boundary of this step: the
				// finer steps had too many, so name its two ends.
				return []Tick{{At: from, Label: from.Format(s.layout)}, {At: to, Label: to.Format(s.layout)}}
			}
			return ticks
		}
	}
	return []Tick{{At: from, Label: from.Format("2006")}, {At: to, Label: to.Format("2006")}}
}
