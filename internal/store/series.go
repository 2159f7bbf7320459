package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Series names one chartable line: the numeric readings of one kind of
// measurement or result (or one component of them, such as the systolic
// part of a blood pressure).
type Series struct {
	// Key identifies the series for Points.
	Key   string `json:"key"`
	Title string `json:"title"`
	Unit  string `json:"unit"`
	Count int    `json:"count"`
}

// Point is one dated reading, or (from PointsBucketed) the mean of the
// readings in one stretch of time.
type Point struct {
	Date  string  `json:"date"`
	Value float64 `json:"value"`
	// N is how many readings a bucketed point averages; Points leaves it 0.
	N int `json:"n,omitempty"`
}

// The series key is "c:" plus system and code when the entry is coded, else
// "t:" plus the lower-case title; component series add "#" and the
// component's code (or lower-case title). The entry's part is the generated
// column entries.series_key (migration 8), which the triggers that fill
// chart_points and chart_series read; they add the component's part.

// ChartSeries lists every series with at least min numeric readings among
// measurements and results, the most readings first. It reads chart_series,
// which triggers on entries keep current.
func (s *Store) ChartSeries(ctx context.Context, min int) ([]Series, error) {
	if min < 1 {
		min = 1
	}
	// A series' title and unit are the largest of its readings' (as they
	// have always been): for a component series, the largest entry title,
	// ": " and the largest component title in lower case.
	q := `SELECT key, title, unit, n FROM (
		SELECT key, CASE WHEN comp = 1 THEN max(title) || ': ' || lower(max(comp_title)) ELSE max(title) END AS title,
			max(unit) AS unit, sum(n) AS n
		FROM chart_series GROUP BY key, comp
	) WHERE n >= ? ORDER BY n DESC, title, key`
	rows, err := s.q.QueryContext(ctx, q, min)
	if err != nil {
		return nil, fmt.Errorf("list chart series: %w", err)
	}
	defer rows.Close()
	var out []Series
	for rows.Next() {
		var ser Series
		if err := rows.Scan(&ser.Key, &ser.Title, &ser.Unit, &ser.Count); err != nil {
			return nil, fmt.Errorf("list chart series: %w", err)
		}
		out = append(out, ser)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list chart series: %w", err)
	}
	return out, nil
}

// pointsRange returns the WHERE clause and arguments that select one series'
// dated readings between canonical dates (inclusive; empty for no bound).
func pointsRange(key, since, until string) (string, []any, error) {
	if !strings.HasPrefix(key, "c:") && !strings.HasPrefix(key, "t:") {
		return "", nil, fmt.Errorf("unknown chart series %q", key)
	}
	where := "series = ? AND date <> ''"
	args := []any{key}
	if since != "" {
		where += " AND date >= ?"
		args = append(args, since)
	}
	if until != "" {
		// A plain date bound includes the whole day.
		where += " AND date <= ?"
		args = append(args, until+"\x7f")
	}
	return where, args, nil
}

// Points returns every reading of one series, oldest first, optionally
// bounded by canonical dates (inclusive; empty for no bound). Readings of the
// same date come in the order they were added. For JSON and exports; a chart
// wants PointsBucketed.
func (s *Store) Points(ctx context.Context, key, since, until string) ([]Point, error) {
	where, args, err := pointsRange(key, since, until)
	if err != nil {
		return nil, err
	}
	// Without bounds, chart_series counts the readings (undated ones too):
	// the list is made that large first instead of growing by doubling,
	// which copied a long series about twice over.
	var size int
	if since == "" && until == "" {
		err := s.q.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM chart_series WHERE key = ?`, key).Scan(&size)
		if err != nil {
			return nil, fmt.Errorf("read chart points: %w", err)
		}
	}
	q := `SELECT date, value FROM chart_points WHERE ` + where + ` ORDER BY date, entry_rowid, part`
	out := make([]Point, 0, size)
	err = s.eachRow(ctx, q, args, func(r rowScanner) error {
		var p Point
		if err := r.Scan(&p.Date, &p.Value); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read chart points: %w", err)
	}
	if len(out) == 0 {
		return nil, nil // no readings give nil, not an empty list
	}
	return out, nil
}

// Chart is one series made small enough to draw.
type Chart struct {
	// Points holds at most the number of buckets asked for, oldest first.
	// When the series has more readings than buckets, each point is the mean
	// of the readings in one equal stretch of time between the first and the
	// last reading, dated by the first of them, with N saying how many it
	// averages; stretches without readings are left out. Otherwise Points
	// holds every reading, each with N = 1.
	Points []Point
	// Count is how many readings there are in the range.
	Count int
	// First and Last are the oldest and newest readings, unaveraged (zero
	// when Count is 0).
	First, Last Point
}

// PointsBucketed returns one series reduced to at most buckets points,
// averaged in SQL per stretch of time, for drawing: a chart is a few hundred
// columns wide however many readings there are. since and until bound the
// dates as for Points.
func (s *Store) PointsBucketed(ctx context.Context, key, since, until string, buckets int) (Chart, error) {
	var c Chart
	if buckets < 1 {
		return c, fmt.Errorf("read chart points: %d buckets: want at least 1", buckets)
	}
	where, args, err := pointsRange(key, since, until)
	if err != nil {
		return c, err
	}
	if err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM chart_points WHERE `+where, args...).Scan(&c.Count); err != nil {
		return c, fmt.Errorf("read chart points: %w", err)
	}
	if c.Count == 0 {
		return c, nil
	}
	ends := func(order string) (Point, error) {
		var p Point
		err := s.q.QueryRowContext(ctx, `SELECT date, value FROM chart_points WHERE `+where+` ORDER BY `+order+` LIMIT 1`,
			args...).Scan(&p.Date, &p.Value)
		if err != nil {
			return p, fmt.Errorf("read chart points: %w", err)
		}
		p.N = 1
		return p, nil
	}
	if c.First, err = ends("date, entry_rowid, part"); err != nil {
		return c, err
	}
	if c.Last, err = ends("date DESC, entry_rowid DESC, part DESC"); err != nil {
		return c, err
	}
	t0, ok0 := parseDate(c.First.Date)
	t1, ok1 := parseDate(c.Last.Date)
	if c.Count <= buckets || !ok0 || !ok1 || !t1.After(t0) {
		// Few enough readings (or dates that cannot be divided): all of them.
		if c.Points, err = s.Points(ctx, key, since, until); err != nil {
			return c, err
		}
		for i := range c.Points {
			c.Points[i].N = 1
		}
		return c, nil
	}
	// Bucket i holds the dates from its low bound, inclusive, to the next
	// one's; bounds are whole seconds in RFC 3339, which sort among the
	// stored dates ("2024-01-05" before "2024-01-05T00:00:00Z").
	bounds := make([]string, 0, buckets+1)
	bounds = append(bounds, c.First.Date)
	step := t1.Sub(t0) / time.Duration(buckets)
	for i := 1; i < buckets; i++ {
		b := t0.Add(step * time.Duration(i)).UTC().Truncate(time.Second).Format(time.RFC3339)
		if b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
	}
	bounds = append(bounds, c.Last.Date+"\x7f")
	// For each stretch, its readings, read from the index in date order.
	q := `SELECT min(date), avg(value), count(*) FROM chart_points WHERE ` + where + ` AND date >= ? AND date < ?`
	c.Points = make([]Point, 0, len(bounds)-1)
	for i := 0; i+1 < len(bounds); i++ {
		var d sql.NullString
		var v sql.NullFloat64
		var n int
		if err := s.q.QueryRowContext(ctx, q, append(args, bounds[i], bounds[i+1])...).Scan(&d, &v, &n); err != nil {
			return c, fmt.Errorf("read chart points: %w", err)
		}
		if n > 0 {
			c.Points = append(c.Points, Point{Date: d.String, Value: v.Float64, N: n})
		}
	}
	return c, nil
}

// parseDate reads a canonical date: "YYYY-MM-DD" or RFC 3339.
func parseDate(s string) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// SeriesRange returns the reference range written on the newest reading of
// a series that has one ("3.5-5.0 mmol/L"), or "" when none has. A part's
// series (a key with "#") has none: ranges belong to whole entries.
func (s *Store) SeriesRange(ctx context.Context, key string) (string, error) {
	if _, _, err := pointsRange(key, "", ""); err != nil {
		return "", err
	}
	if strings.Contains(key, "#") {
		return "", nil
	}
	var r string
	err := s.q.QueryRowContext(ctx, `SELECT ref_range FROM entries WHERE series_key = ? AND coalesce(ref_range, '') <> ''
		ORDER BY date DESC, rowid DESC LIMIT 1`, key).Scan(&r)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read a series' reference range: %w", err)
	}
	return r, nil
}
