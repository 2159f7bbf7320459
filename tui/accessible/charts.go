package accessible

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// shownReadings is how many readings a chart lists before "every reading".
const shownReadings = 12

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// charts is the charts screen as text: which readings there are, and for
// each a summary and a table of dated readings, newest first.
func (u *ui) charts() error {
	series, err := u.s.ChartSeries(u.ctx)
	if err != nil {
		return err
	}
	groups := app.ChartGroups(series)
	for {
		u.heading("Charts: " + record.Count(len(groups), "chart", "charts"))
		if len(groups) == 0 {
			u.say("No measurements or results with numbers yet. Add readings (weight, blood pressure, glucose, HbA1c) and they appear here.")
		}
		var choices []string
		for _, g := range groups {
			choices = append(choices, fmt.Sprintf("%s, %s", safetext.Line(app.ChartTitle(g)), record.Count(g[0].Count, "reading", "readings")))
		}
		i, err := u.choose(append(choices, "Back"))
		if err != nil || i == len(groups) {
			return err
		}
		if err := u.chart(groups[i]); err != nil {
			return err
		}
	}
}

// reading is one date's values in a chart's table, a value per part.
type reading struct {
	date string
	vals []string
	flag string
}

// chart tells one chart in words: how many readings over what time, the
// lowest, highest and latest of each part, the normal range and how many
// readings fall outside it, then the readings by date.
func (u *ui) chart(g []store.Series) error {
	unit := safetext.Line(app.SeriesUnit(g[0]))
	title := safetext.Line(app.ChartTitle(g))
	// Readings are said in the units chosen in the settings (the record
	// keeps what was measured): "185.2" in lb, "13 st 3 lb" with no unit.
	converted := false
	show := func(s store.Series, v float64) string {
		t, to := u.units.Convert(num(v), s.Unit, s.Title, app.SeriesCodes(s)...)
		if strings.TrimSpace(to) != strings.TrimSpace(s.Unit) {
			converted, unit = true, safetext.Line(record.PlainUnit(to))
		}
		return safetext.Line(t)
	}
	var band string
	if len(g) == 1 {
		var err error
		if band, err = u.s.SeriesRange(u.ctx, g[0].Key); err != nil {
			return err
		}
	}
	rng, hasRange := record.ParseRange(band)
	byDate := map[string]*reading{}
	var dates []string
	var summary []string
	outside := 0
	for part, s := range g {
		ps, err := u.s.Points(u.ctx, s.Key, "", "")
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			continue
		}
		lo, hi := ps[0], ps[0]
		for _, p := range ps {
			if p.Value < lo.Value {
				lo = p
			}
			if p.Value > hi.Value {
				hi = p
			}
			r, ok := byDate[p.Date]
			if !ok {
				r = &reading{date: p.Date, vals: make([]string, len(g))}
				byDate[p.Date] = r
				dates = append(dates, p.Date)
			}
			r.vals[part] = show(s, p.Value)
			if hasRange {
				if f := rng.Flag(p.Value); f != "" {
					r.flag = f
					outside++
				}
			}
		}
		last := ps[len(ps)-1]
		name := "Readings"
		if p := []rune(app.SeriesPart(s)); len(g) > 1 && len(p) > 0 {
			name = strings.ToUpper(string(p[:1])) + string(p[1:])
		}
		summary = append(summary, fmt.Sprintf("%s: lowest %s on %s, highest %s on %s, latest %s on %s.", safetext.Line(name),
			show(s, lo.Value), when.DateOf(lo.Date), show(s, hi.Value), when.DateOf(hi.Date), show(s, last.Value), when.DateOf(last.Date)))
	}
	sort.Strings(dates)
	for {
		u.heading("Chart: " + title)
		if len(dates) == 0 {
			u.say("No readings.")
		} else {
			line := fmt.Sprintf("%s from %s to %s", record.Count(len(dates), "reading", "readings"),
				when.DateOf(dates[0]), when.DateOf(dates[len(dates)-1]))
			if unit != "" {
				line += ", in " + unit
			}
			u.say(line + ".")
		}
		u.say(summary...)
		if hasRange {
			as := ""
			if converted {
				as = " (as recorded)"
			}
			u.say(fmt.Sprintf("Normal range%s: %s; %s outside it.", as, safetext.Line(band), record.Count(outside, "reading", "readings")))
		}
		u.say("The readings, newest first, each with its date (a gap between dates is time without readings):")
		shown := min(len(dates), shownReadings)
		u.sayReadings(dates[len(dates)-shown:], byDate, unit)
		choices := []string{"Back"}
		if shown < len(dates) {
			choices = append(choices, fmt.Sprintf("Every reading (%d)", len(dates)))
		}
		i, err := u.choose(choices)
		if err != nil || i == 0 {
			return err
		}
		u.heading("Every reading: " + title)
		u.sayReadings(dates, byDate, unit)
	}
}

// sayReadings lists dates' readings, newest first: "1 March 2024: 142/91
// mmHg (high)".
func (u *ui) sayReadings(dates []string, byDate map[string]*reading, unit string) {
	for i := len(dates) - 1; i >= 0; i-- {
		r := byDate[dates[i]]
		vals := make([]string, len(r.vals))
		for j, v := range r.vals {
			if v == "" {
				v = "none"
			}
			vals[j] = v
		}
		line := when.DateOf(r.date) + ": " + strings.Join(vals, "/")
		if unit != "" {
			line += " " + unit
		}
		if r.flag != "" {
			line += " (" + r.flag + ")"
		}
		u.say(line)
	}
}
