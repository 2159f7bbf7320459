// Package charts draws any measurement or result with numeric values over
// time, with dates under the x axis. The parts of one reading (a blood
// pressure's systolic and diastolic) are drawn together (app.ChartGroups).
package charts

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the charts screen.
type Model struct {
	groups [][]store.Series // series drawn together (the parts of one reading)
	idx    int
	charts []store.Chart // the current group's series, averaged for drawing
	band   string        // the reference range of a lone series, as written
	loaded bool
}

// chartBuckets is how many points the store averages a series into: more
// than a terminal is wide, so that a long series reads only this many rows
// however many readings it holds.
const chartBuckets = 400

type seriesMsg struct {
	series []store.Series
	err    error
}

type pointsMsg struct {
	idx    int
	charts []store.Chart
	band   string
	err    error
}

// New returns the charts screen.
func New() *Model { return &Model{} }

// Load reads which series there are.
func (c *Model) Load(env screen.Env) tea.Cmd {
	ctx := env.Ctx
	return env.Run(func(s *app.Session) tea.Msg {
		ser, err := s.ChartSeries(ctx)
		return seriesMsg{series: ser, err: err}
	})
}

// shown is a group's charts in the person's chosen units (a weight in lb,
// a temperature in °F; see record.DisplayUnits.ConvertValue), with the
// unit they are now in as a person reads it; the charts read from the
// record are not changed. A series phr does not convert comes back as it
// was, with its own unit.
func shown(env screen.Env, g []store.Series, charts []store.Chart) ([]store.Chart, string, func(float64) float64) {
	s := g[0]
	codes := app.SeriesCodes(s)
	_, to, ok := env.Units.ConvertValue(0, s.Unit, s.Title, codes...)
	if !ok || len(g) != len(charts) {
		return charts, app.SeriesUnit(s), nil
	}
	conv := func(v float64) float64 {
		f, _, _ := env.Units.ConvertValue(v, s.Unit, s.Title, codes...)
		return f
	}
	out := make([]store.Chart, len(charts))
	for i, ch := range charts {
		pts := make([]store.Point, len(ch.Points))
		for j, p := range ch.Points {
			p.Value = conv(p.Value)
			pts[j] = p
		}
		ch.Points = pts
		ch.First.Value, ch.Last.Value = conv(ch.First.Value), conv(ch.Last.Value)
		out[i] = ch
	}
	return out, record.PlainUnit(to), conv
}

func (c *Model) load(env screen.Env) tea.Cmd {
	if len(c.groups) == 0 {
		return nil
	}
	ctx, idx, g := env.Ctx, c.idx, c.groups[c.idx]
	return env.Run(func(s *app.Session) tea.Msg {
		charts := make([]store.Chart, 0, len(g))
		for _, ser := range g {
			ch, err := s.PointsBucketed(ctx, ser.Key, "", "", chartBuckets)
			if err != nil {
				return pointsMsg{err: err}
			}
			charts = append(charts, ch)
		}
		var band string
		if len(g) == 1 {
			var err error
			if band, err = s.SeriesRange(ctx, g[0].Key); err != nil {
				return pointsMsg{err: err}
			}
		}
		return pointsMsg{idx: idx, charts: charts, band: band}
	})
}

// Update moves between charts.
func (c *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	switch msg := msg.(type) {
	case seriesMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		c.groups, c.loaded = app.ChartGroups(msg.series), true
		c.idx = min(c.idx, max(0, len(c.groups)-1))
		return c.load(env)
	case pointsMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		if msg.idx == c.idx {
			c.charts, c.band = msg.charts, msg.band
		}
	case tea.KeyPressMsg:
		n := len(c.groups)
		switch {
		case key.Matches(msg, k.Back):
			return screen.Back
		case n == 0:
		case key.Matches(msg, k.NextSeries), key.Matches(msg, k.Down):
			c.idx, c.charts, c.band = (c.idx+1)%n, nil, ""
			return c.load(env)
		case key.Matches(msg, k.PrevSeries), key.Matches(msg, k.Up):
			c.idx, c.charts, c.band = (c.idx-1+n)%n, nil, ""
			return c.load(env)
		}
	}
	return nil
}

// View draws the chart in the space given.
func (c *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if !c.loaded {
		return st.Muted.Render("Loading…")
	}
	if len(c.groups) == 0 {
		return st.Muted.Render("No measurements or results with numbers yet. Add readings (weight, blood pressure,\nglucose, HbA1c) and they appear here.")
	}
	g := c.groups[c.idx]
	charts, unitText, conv := c.charts, app.SeriesUnit(g[0]), (func(float64) float64)(nil)
	if len(charts) > 0 {
		charts, unitText, conv = shown(env, g, charts)
	}
	// Series titles and units came from imports: cleaned before they are shown.
	head := fmt.Sprintf("%s, %s · chart %d of %d", safetext.Line(app.ChartTitle(g)), entry.Dash(safetext.Line(unitText)), c.idx+1, len(c.groups))
	if len(charts) == 0 || len(charts[0].Points) == 0 {
		return st.Subtitle.Render(head) + "\n\n" + st.Muted.Render("Loading…")
	}
	lines := make([]line, 0, len(charts))
	for i, ch := range charts {
		lines = append(lines, line{name: safetext.Line(app.SeriesPart(g[min(i, len(g)-1)])), points: ch.Points})
	}
	var bd *band
	if r, ok := record.ParseRange(c.band); ok {
		bd = &band{r: r, text: safetext.Line(c.band)}
		if conv != nil {
			// The range as recorded, drawn in the chosen units.
			bd.r.Low, bd.r.High = conv(r.Low), conv(r.High)
			bd.text = safetext.Line(rangeText(bd.r) + " " + unitText)
		}
	}
	// The heading, a blank line, the plot, and below it the summary and
	// the legend.
	d := plotChart(st, lines, bd, w-1, max(6, h-4))
	ch := charts[0]
	first, last := when.DateOf(ch.First.Date), when.DateOf(ch.Last.Date)
	summary := fmt.Sprintf("%s from %s to %s; latest %s %s", record.Count(ch.Count, "reading", "readings"), first, last,
		latest(charts, conv != nil), safetext.Line(unitText))
	if bd != nil && len(charts) == 1 {
		if f := record.FlagMark(bd.r.Flag(ch.Last.Value)); f != "" {
			summary += " " + st.Error.Render(f)
		}
	}
	out := st.Subtitle.Render(head) + "\n\n" + d.String(st) + "\n" + summary
	if len(d.legend) > 0 {
		out += "\n" + st.Muted.Render("Key: ") + strings.Join(d.legend, st.Muted.Render("  ·  "))
	}
	return out
}

// latest gives the newest reading of each series, unaveraged: "139/92"
// (converted into the chosen units, to two decimals at most).
func latest(charts []store.Chart, converted bool) string {
	vals := make([]string, 0, len(charts))
	for _, ch := range charts {
		switch {
		case ch.Count == 0:
		case converted:
			vals = append(vals, strconv.FormatFloat(math.Round(ch.Last.Value*100)/100, 'f', -1, 64))
		default:
			vals = append(vals, fmt.Sprintf("%g", ch.Last.Value))
		}
	}
	return strings.Join(vals, "/")
}

// rangeText writes a converted reference range: "97.9–99.5", "≥ 60".
func rangeText(r record.RefRange) string {
	f := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	switch {
	case r.HasLow && r.HasHigh:
		return f(r.Low) + "–" + f(r.High)
	case r.HasLow:
		return "≥ " + f(r.Low)
	case r.HasHigh:
		return "≤ " + f(r.High)
	}
	return ""
}

// Keys lists the screen's keys.
func (c *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	return []key.Binding{k.NextSeries, k.PrevSeries, k.Back}
}

// Title names the screen.
func (c *Model) Title() string { return "Charts" }
