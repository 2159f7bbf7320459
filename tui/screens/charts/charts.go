// Package charts draws any measurement or result with numeric values over
// time, with dates under the x axis. The parts of one reading (a blood
// pressure's systolic and diastolic) are drawn together.
package charts

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/guptarohit/asciigraph"

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

// group puts the parts of one reading (keys sharing the part before "#")
// side by side, systolic before diastolic as people write 142/91.
func group(series []store.Series) [][]store.Series {
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

// groupTitle names a chart: "Blood pressure (systolic, diastolic)".
func groupTitle(g []store.Series) string {
	if len(g) == 1 {
		return g[0].Title
	}
	base, _, _ := strings.Cut(g[0].Title, ":")
	parts := make([]string, 0, len(g))
	for _, s := range g {
		_, part, ok := strings.Cut(s.Title, ":")
		if !ok {
			part = s.Title
		}
		parts = append(parts, strings.TrimSpace(part))
	}
	return base + " (" + strings.Join(parts, ", ") + ")"
}

// unit shows a UCUM unit the way people write it: mm[Hg] as mmHg.
// unit is a series' unit as a person reads it ("mmHg", not "mm[Hg]"); a
// coded series ("c:" system "|" code) tells a heart rate's "beats/min".
func unit(s store.Series) string {
	var codes []record.Code
	if rest, ok := strings.CutPrefix(s.Key, "c:"); ok {
		base, _, _ := strings.Cut(rest, "#")
		if sys, code, ok := strings.Cut(base, "|"); ok {
			codes = append(codes, record.Code{System: sys, Code: code})
		}
	}
	return record.PlainUnitOf(s.Unit, codes...)
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
		return pointsMsg{idx: idx, charts: charts}
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
		c.groups, c.loaded = group(msg.series), true
		c.idx = min(c.idx, max(0, len(c.groups)-1))
		return c.load(env)
	case pointsMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		if msg.idx == c.idx {
			c.charts = msg.charts
		}
	case tea.KeyPressMsg:
		n := len(c.groups)
		switch {
		case key.Matches(msg, k.Back):
			return screen.Back
		case n == 0:
		case key.Matches(msg, k.NextSeries), key.Matches(msg, k.Down):
			c.idx, c.charts = (c.idx+1)%n, nil
			return c.load(env)
		case key.Matches(msg, k.PrevSeries), key.Matches(msg, k.Up):
			c.idx, c.charts = (c.idx-1+n)%n, nil
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
	// Series titles and units came from imports: cleaned before they are shown.
	head := fmt.Sprintf("%s, %s · chart %d of %d", safetext.Line(groupTitle(g)), entry.Dash(safetext.Line(unit(g[0]))), c.idx+1, len(c.groups))
	if len(c.charts) == 0 || len(c.charts[0].Points) == 0 {
		return st.Subtitle.Render(head) + "\n\n" + st.Muted.Render("Loading…")
	}
	plotW := max(20, w-12)
	plotH := max(4, h-9)
	data := make([][]float64, 0, len(c.charts))
	for _, ch := range c.charts {
		data = append(data, resample(ch.Points, plotW))
	}
	opts := []asciigraph.Option{asciigraph.Height(plotH), asciigraph.Width(plotW), asciigraph.Precision(1)}
	plot := asciigraph.PlotMany(data, opts...)
	ch := c.charts[0]
	first, last := when.DateOf(ch.First.Date), when.DateOf(ch.Last.Date)
	summary := fmt.Sprintf("%d readings from %s to %s; latest %s %s", ch.Count, first, last, latest(c.charts), safetext.Line(unit(g[0])))
	out := st.Subtitle.Render(head) + "\n\n" + plot + "\n" + st.Muted.Render(axis(plot, ch.Points, plotW)) + "\n" + summary
	if len(g) > 1 {
		// Lines share one glyph set, so name them by position, not colour.
		names := make([]string, 0, len(g))
		for _, s := range g {
			_, part, ok := strings.Cut(s.Title, ":")
			if !ok {
				part = s.Title
			}
			names = append(names, safetext.Line(strings.TrimSpace(part)))
		}
		out += "\n" + st.Muted.Render("Lines from the top: "+strings.Join(names, ", ")+".")
	}
	return out
}

// axis puts dates under the plot: the first and last point, and those in
// between where there is room. Points (readings, or the averages of long
// series) are drawn in order, evenly spaced.
func axis(plot string, ps []store.Point, plotW int) string {
	firstLine, _, _ := strings.Cut(plot, "\n")
	margin := 0
	for i, r := range []rune(firstLine) {
		if r == '┤' || r == '┼' {
			margin = i + 1
			break
		}
	}
	labels := min(5, max(2, plotW/20+1))
	row := []rune(strings.Repeat(" ", margin+plotW+10))
	at := func(x int) string {
		i := 0
		if plotW > 1 {
			i = x * (len(ps) - 1) / (plotW - 1)
		}
		return when.DateOf(ps[min(i, len(ps)-1)].Date)
	}
	for j := 0; j < labels; j++ {
		x := j * (plotW - 1) / (labels - 1)
		d := []rune(at(x))
		pos := margin + x - len(d)/2
		if j == 0 {
			pos = margin
		}
		if j == labels-1 {
			pos = margin + plotW - len(d)
		}
		copy(row[max(0, pos):], d)
	}
	return strings.TrimRight(string(row), " ")
}

// latest gives the newest reading of each series, unaveraged: "139/92".
func latest(charts []store.Chart) string {
	vals := make([]string, 0, len(charts))
	for _, ch := range charts {
		if ch.Count > 0 {
			vals = append(vals, fmt.Sprintf("%g", ch.Last.Value))
		}
	}
	return strings.Join(vals, "/")
}

// resample reduces a series to at most n values by averaging runs of
// neighbouring points, to fit the plot's width (the store has already
// averaged a long series into at most chartBuckets points).
func resample(ps []store.Point, n int) []float64 {
	if len(ps) <= n {
		out := make([]float64, len(ps))
		for i, p := range ps {
			out[i] = p.Value
		}
		return out
	}
	out := make([]float64, n)
	for i := range n {
		lo, hi := i*len(ps)/n, (i+1)*len(ps)/n
		sum := 0.0
		for _, p := range ps[lo:hi] {
			sum += p.Value
		}
		out[i] = sum / float64(hi-lo)
	}
	return out
}

// Keys lists the screen's keys.
func (c *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	return []key.Binding{k.NextSeries, k.PrevSeries, k.Back}
}

// Title names the screen.
func (c *Model) Title() string { return "Charts" }
