package tui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/guptarohit/asciigraph"

	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// chartScreen draws any measurement or result with numeric values over time.
// A blood pressure shows its systolic and diastolic parts together.
type chartScreen struct {
	series []store.Series
	groups [][]store.Series // series drawn together (components of one reading)
	idx    int
	points [][]store.Point
	loaded bool
}

type seriesLoadedMsg struct {
	series []store.Series
	err    error
}

type pointsLoadedMsg struct {
	idx    int
	points [][]store.Point
	err    error
}

func newChartScreen() *chartScreen { return &chartScreen{} }

func (c *chartScreen) Reload(m *Model) tea.Cmd {
	s, ctx := m.sess, m.ctx
	return func() tea.Msg {
		if s == nil {
			return nil
		}
		ser, err := s.ChartSeries(ctx)
		return seriesLoadedMsg{series: ser, err: err}
	}
}

// group puts the components of one reading (keys sharing the part before
// "#") side by side.
func group(series []store.Series) [][]store.Series {
	var out [][]store.Series
	index := map[string]int{}
	for _, s := range series {
		base, _, comp := strings.Cut(s.Key, "#")
		if comp {
			if i, ok := index[base]; ok {
				out[i] = append(out[i], s)
				continue
			}
			index[base] = len(out)
		}
		out = append(out, []store.Series{s})
	}
	// Systolic reads before diastolic, as people write 142/91.
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
	var parts []string
	for _, s := range g {
		_, part, ok := strings.Cut(s.Title, ":")
		if !ok {
			part = s.Title
		}
		parts = append(parts, strings.TrimSpace(part))
	}
	return base + " (" + strings.Join(parts, ", ") + ")"
}

func (c *chartScreen) load(m *Model) tea.Cmd {
	if len(c.groups) == 0 {
		return nil
	}
	s, ctx, idx, g := m.sess, m.ctx, c.idx, c.groups[c.idx]
	return func() tea.Msg {
		if s == nil {
			return nil
		}
		var pts [][]store.Point
		for _, ser := range g {
			p, err := s.Points(ctx, ser.Key, "", "")
			if err != nil {
				return pointsLoadedMsg{err: err}
			}
			pts = append(pts, p)
		}
		return pointsLoadedMsg{idx: idx, points: pts}
	}
}

func (c *chartScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case seriesLoadedMsg:
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		c.series, c.groups, c.loaded = msg.series, group(msg.series), true
		c.idx = min(c.idx, max(0, len(c.groups)-1))
		return c.load(m)
	case pointsLoadedMsg:
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		if msg.idx == c.idx {
			c.points = msg.points
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Back):
			return func() tea.Msg { return popMsg{} }
		case key.Matches(msg, m.keys.NextSeries), key.Matches(msg, m.keys.Down):
			if len(c.groups) > 0 {
				c.idx = (c.idx + 1) % len(c.groups)
				c.points = nil
				return c.load(m)
			}
		case key.Matches(msg, m.keys.PrevSeries), key.Matches(msg, m.keys.Up):
			if len(c.groups) > 0 {
				c.idx = (c.idx - 1 + len(c.groups)) % len(c.groups)
				c.points = nil
				return c.load(m)
			}
		}
	}
	return nil
}

func (c *chartScreen) View(m *Model, w, h int) string {
	if !c.loaded {
		return m.st.Muted.Render("Loading…")
	}
	if len(c.groups) == 0 {
		return m.st.Muted.Render("No measurements or results with numbers yet. Add readings (weight, blood pressure,\nglucose, HbA1c) and they appear here.")
	}
	g := c.groups[c.idx]
	head := fmt.Sprintf("%s, %s · chart %d of %d", groupTitle(g), dashed(g[0].Unit), c.idx+1, len(c.groups))
	if len(c.points) == 0 {
		return m.st.Subtitle.Render(head) + "\n\n" + m.st.Muted.Render("Loading…")
	}
	plotW := max(20, w-12)
	plotH := max(5, h-8)
	var data [][]float64
	for _, ps := range c.points {
		data = append(data, resample(ps, plotW))
	}
	opts := []asciigraph.Option{asciigraph.Height(plotH), asciigraph.Width(plotW), asciigraph.Precision(1)}
	if len(data) > 1 {
		var legends []string
		for _, s := range g {
			legends = append(legends, s.Title)
		}
		opts = append(opts, asciigraph.SeriesLegends(legends...), asciigraph.SeriesColors(asciigraph.Default, asciigraph.Default))
	}
	plot := asciigraph.PlotMany(data, opts...)
	first, last := c.points[0][0].Date, c.points[0][len(c.points[0])-1].Date
	axis := fmt.Sprintf("%-*s%s", plotW/2+6, when.DateOf(first), fmt.Sprintf("%*s", plotW/2, when.DateOf(last)))
	summary := fmt.Sprintf("%d readings from %s to %s; latest %s %s", len(c.points[0]), when.DateOf(first), when.DateOf(last),
		latest(c.points), g[0].Unit)
	return m.st.Subtitle.Render(head) + "\n\n" + plot + "\n" + m.st.Muted.Render(axis) + "\n" + summary
}

func latest(pts [][]store.Point) string {
	var vals []string
	for _, ps := range pts {
		if len(ps) > 0 {
			vals = append(vals, fmt.Sprintf("%g", ps[len(ps)-1].Value))
		}
	}
	return strings.Join(vals, "/")
}

// resample reduces a series to at most n values by averaging buckets, so a
// hundred thousand readings draw as quickly as a hundred.
func resample(ps []store.Point, n int) []float64 {
	if len(ps) <= n {
		out := make([]float64, len(ps))
		for i, p := range ps {
			out[i] = p.Value
		}
		return out
	}
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		lo, hi := i*len(ps)/n, (i+1)*len(ps)/n
		sum := 0.0
		for _, p := range ps[lo:hi] {
			sum += p.Value
		}
		out[i] = sum / float64(hi-lo)
	}
	return out
}

func (c *chartScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{k.NextSeries, k.PrevSeries, k.Back}
}

func (c *chartScreen) Title() string { return "Charts" }
