package charts

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/styles"
)

// line is one series to draw: its name in the legend and its readings,
// oldest first.
type line struct {
	name   string
	points []store.Point
}

// band is a reference range drawn across the plot, with its words.
type band struct {
	r    record.RefRange
	text string
}

// What a cell shows, besides a series (0, 1, …).
const (
	inkNone = -1 - iota
	inkAxis
	inkBand
	inkHigh
)

type cell struct {
	r   rune
	ink int
}

// markers tell lines apart by shape as well as colour; with colour off and
// more than one line, letters (plainMarkers) do.
var markers = []rune{'●', '■', '◆', '○'}

// plainMarkers gives each line the first letter of its name ("S" systolic,
// "D" diastolic), or its number when two names share a letter.
func plainMarkers(lines []line) []rune {
	out := make([]rune, len(lines))
	seen := map[rune]bool{}
	for i, l := range lines {
		r := []rune(strings.TrimSpace(l.name))
		if len(r) == 0 {
			return numbered(len(lines))
		}
		c := unicode.ToUpper(r[0])
		if seen[c] {
			return numbered(len(lines))
		}
		seen[c], out[i] = true, c
	}
	return out
}

func numbered(n int) []rune {
	out := make([]rune, n)
	for i := range out {
		out[i] = rune('1' + i%9)
	}
	return out
}

// drawing is a plot laid out in cells, with the words below it.
type drawing struct {
	rows    [][]cell
	legend  []string // one item per line, the band and the out-of-range mark
	outside int      // readings outside the band
}

// plotChart draws lines into w × h cells: value labels on the left, each
// reading at the column of its date (so a two-month gap looks twice as
// long as a one-month one) with its line's marker, dots joining readings
// that are apart, the reference range as dashed rows, readings outside
// it as ▲ or ▼, and dates under the axis (each one once).
func plotChart(st *styles.Styles, lines []line, bd *band, w, h int) drawing {
	var d drawing
	marks := markers
	if st.Plain && len(lines) > 1 {
		marks = plainMarkers(lines)
	}
	// The stretch of time and of values drawn.
	var t0, t1 time.Time
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		for _, p := range l.points {
			t, _, err := when.ParseDate(p.Date)
			if err != nil {
				continue
			}
			if t0.IsZero() || t.Before(t0) {
				t0 = t
			}
			if t.After(t1) {
				t1 = t
			}
			lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
		}
	}
	if math.IsInf(lo, 0) {
		return d
	}
	if bd != nil {
		if bd.r.HasLow {
			lo, hi = math.Min(lo, bd.r.Low), math.Max(hi, bd.r.Low)
		}
		if bd.r.HasHigh {
			lo, hi = math.Min(lo, bd.r.High), math.Max(hi, bd.r.High)
		}
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	ph := max(3, h-2) // rows of the plot; the axis and its dates below
	step := (hi - lo) / float64(ph-1)
	decimals := 0
	switch {
	case step < 0.1:
		decimals = 2
	case step < 1:
		decimals = 1
	}
	label := func(v float64) string { return strconv.FormatFloat(v, 'f', decimals, 64) }
	lw := max(len(label(hi)), len(label(lo)), len(label((hi+lo)/2))) + 1
	pw := max(10, w-lw-2)
	row := func(v float64) int { return int(math.Round((hi - v) / (hi - lo) * float64(ph-1))) }
	col := func(p store.Point) (int, bool) {
		t, _, err := when.ParseDate(p.Date)
		if err != nil {
			return 0, false
		}
		if !t1.After(t0) {
			return pw / 2, true
		}
		return int(math.Round(float64(t.Sub(t0)) / float64(t1.Sub(t0)) * float64(pw-1))), true
	}
	grid := make([][]cell, ph)
	for r := range grid {
		grid[r] = make([]cell, pw)
		for c := range grid[r] {
			grid[r][c] = cell{' ', inkNone}
		}
	}
	put := func(r, c int, ch rune, ink int, over bool) {
		if r < 0 || r >= ph || c < 0 || c >= pw {
			return
		}
		if over || grid[r][c].ink == inkNone || grid[r][c].ink == inkBand {
			grid[r][c] = cell{ch, ink}
		}
	}
	if bd != nil {
		for _, b := range []struct {
			has bool
			v   float64
		}{{bd.r.HasLow, bd.r.Low}, {bd.r.HasHigh, bd.r.High}} {
			if b.has {
				for c := range pw {
					put(row(b.v), c, '┄', inkBand, false)
				}
			}
		}
	}
	// Where each reading goes and how it is marked: a reading outside the
	// range as an arrow, beyond its dashed row even when rounding would put
	// it on it.
	type mark struct {
		r, c int
		m    rune
		ink  int
	}
	placed := make([][]mark, len(lines))
	for i, l := range lines {
		for _, p := range l.points {
			c, ok := col(p)
			if !ok {
				continue
			}
			mk := mark{r: row(p.Value), c: c, m: marks[i%len(marks)], ink: i}
			if bd != nil {
				switch bd.r.Outside(p.Value) {
				case 1:
					mk.m, mk.ink, mk.r = '▲', inkHigh, min(mk.r, row(bd.r.High)-1)
				case -1:
					mk.m, mk.ink, mk.r = '▼', inkHigh, max(mk.r, row(bd.r.Low)+1)
				}
				if mk.ink == inkHigh {
					d.outside++
				}
			}
			mk.r = min(max(mk.r, 0), ph-1)
			placed[i] = append(placed[i], mk)
		}
	}
	// Dots between readings that are columns apart, one per column, then
	// the markers over them.
	for i, ms := range placed {
		for j := 1; j < len(ms); j++ {
			a, b := ms[j-1], ms[j]
			for x := a.c + 1; x < b.c; x++ {
				y := int(math.Round(float64(a.r) + float64(b.r-a.r)*float64(x-a.c)/float64(b.c-a.c)))
				put(y, x, '·', i, false)
			}
		}
	}
	for _, ms := range placed {
		for _, mk := range ms {
			put(mk.r, mk.c, mk.m, mk.ink, true)
		}
	}
	// Value labels every few rows (never the same twice), the axis beside.
	labelled := map[int]string{}
	every := max(2, ph/6)
	last := ""
	for r := 0; r < ph; r += every {
		if s := label(hi - float64(r)*step); s != last {
			labelled[r], last = s, s
		}
	}
	if s := label(lo); s != last {
		labelled[ph-1] = s
	}
	for r := range ph {
		axis := '│'
		lab, ok := labelled[r]
		if ok {
			axis = '┤'
		}
		head := cellsOf(strings.Repeat(" ", lw-len(lab))+lab+string(axis), inkAxis)
		d.rows = append(d.rows, append(head, trimRight(grid[r])...))
	}
	// The time axis: ticks where their dates fall, each date once.
	widest := len("30 Sep 2024") + 2
	ticks := when.AxisTicks(t0, t1, max(1, pw/widest))
	axis := []rune(strings.Repeat(" ", lw) + "└" + strings.Repeat("─", pw))
	labels := []rune(strings.Repeat(" ", lw+1+pw+widest))
	end := -1
	for _, tk := range ticks {
		c := pw / 2
		if t1.After(t0) {
			c = int(math.Round(float64(tk.At.Sub(t0)) / float64(t1.Sub(t0)) * float64(pw-1)))
		}
		axis[lw+1+c] = '┬'
		text := []rune(tk.Label)
		start := max(0, lw+1+c-len(text)/2)
		if start <= end {
			continue
		}
		copy(labels[start:], text)
		end = start + len(text)
	}
	d.rows = append(d.rows, cellsOf(string(axis), inkAxis), cellsOf(strings.TrimRight(string(labels), " "), inkAxis))
	// The legend: what each marker and row means.
	if len(lines) > 1 {
		for i, l := range lines {
			d.legend = append(d.legend, inkStyle(st, i).Render(string(marks[i%len(marks)]))+" "+l.name)
		}
	}
	if bd != nil {
		d.legend = append(d.legend, inkStyle(st, inkBand).Render("┄")+" normal range "+bd.text)
		if d.outside > 0 {
			d.legend = append(d.legend, inkStyle(st, inkHigh).Render("▲▼")+" outside it")
		}
	}
	return d
}

// String renders a drawing's rows.
func (d drawing) String(st *styles.Styles) string {
	out := make([]string, len(d.rows))
	for i, cs := range d.rows {
		var b strings.Builder
		for j := 0; j < len(cs); {
			k := j
			for k < len(cs) && cs[k].ink == cs[j].ink {
				k++
			}
			run := make([]rune, 0, k-j)
			for _, c := range cs[j:k] {
				run = append(run, c.r)
			}
			b.WriteString(inkStyle(st, cs[j].ink).Render(string(run)))
			j = k
		}
		out[i] = b.String()
	}
	return strings.Join(out, "\n")
}

func cellsOf(s string, ink int) []cell {
	out := make([]cell, 0, len(s))
	for _, r := range s {
		out = append(out, cell{r, ink})
	}
	return out
}

// trimRight drops the empty cells at the end of a row.
func trimRight(cs []cell) []cell {
	n := len(cs)
	for n > 0 && cs[n-1].ink == inkNone {
		n--
	}
	return cs[:n]
}

// inkStyle is how a kind of cell is drawn.
func inkStyle(st *styles.Styles, ink int) lipgloss.Style {
	switch {
	case ink >= 0 && len(st.Series) > 0:
		return st.Series[ink%len(st.Series)]
	case ink == inkAxis, ink == inkBand:
		return st.Muted
	case ink == inkHigh:
		return st.Error
	}
	return st.Normal
}
