package store

import (
	"context"
	"fmt"
	"strings"
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

// Point is one dated reading.
type Point struct {
	Date  string  `json:"date"`
	Value float64 `json:"value"`
}

// The series key is "c:" plus system and code when the entry is coded, else
// "t:" plus the lower-case title; component series add "#" and the
// component's code (or lower-case title).
const (
	entryKeyExpr = `CASE WHEN e.code <> '' THEN 'c:' || e.code_system || '|' || e.code ELSE 't:' || lower(e.title) END`
	compKeyExpr  = `coalesce(json_extract(c.value,'$.code.code'), lower(json_extract(c.value,'$.title')))`
)

// ChartSeries lists every series with at least min numeric readings among
// measurements and results, the most readings first.
func (s *Store) ChartSeries(ctx context.Context, min int) ([]Series, error) {
	if min < 1 {
		min = 1
	}
	q := `SELECT key, title, unit, n FROM (
		SELECT ` + entryKeyExpr + ` AS key, max(e.title) AS title, max(e.unit) AS unit, count(*) AS n
		FROM entries e WHERE e.category IN ('measurement','result') AND e.value_num IS NOT NULL
			AND e.components = '[]' GROUP BY 1
		UNION ALL
		SELECT ` + entryKeyExpr + ` || '#' || ` + compKeyExpr + ` AS key,
			max(e.title) || ': ' || lower(max(json_extract(c.value,'$.title'))) AS title,
			max(coalesce(json_extract(c.value,'$.unit'), e.unit)) AS unit, count(*) AS n
		FROM entries e, json_each(e.components) c
		WHERE e.category IN ('measurement','result') AND e.components <> '[]'
			AND json_extract(c.value,'$.value') GLOB '[0-9.-]*' GROUP BY 1
	) WHERE n >= ? ORDER BY n DESC, title`
	rows, err := s.q.QueryContext(ctx, q, min)
	if err != nil {
		return nil, fmt.Errorf("list chart series: %w", err)
	}
	defer rows.Close()
	var out []Series
	for rows.Next() {
		var ser Series
		if err := rows.Scan(&ser.Key, &ser.Title, &ser.Unit, &ser.Count); err != nil {
			return nil, err
		}
		out = append(out, ser)
	}
	return out, rows.Err()
}

// Points returns the readings of one series, oldest first, optionally
// bounded by canonical dates (inclusive; empty for no bound).
func (s *Store) Points(ctx context.Context, key, since, until string) ([]Point, error) {
	base, comp, hasComp := strings.Cut(key, "#")
	var cond string
	var args []any
	switch {
	case strings.HasPrefix(base, "c:"):
		sys, code, _ := strings.Cut(strings.TrimPrefix(base, "c:"), "|")
		cond = "e.code_system = ? AND e.code = ?"
		args = append(args, sys, code)
	case strings.HasPrefix(base, "t:"):
		cond = "e.code = '' AND lower(e.title) = ?"
		args = append(args, strings.TrimPrefix(base, "t:"))
	default:
		return nil, fmt.Errorf("unknown chart series %q", key)
	}
	var q string
	if hasComp {
		q = `SELECT e.date, CAST(json_extract(c.value,'$.value') AS REAL) FROM entries e, json_each(e.components) c
			WHERE e.category IN ('measurement','result') AND ` + cond + `
			AND ` + compKeyExpr + ` = ?`
		args = append(args, comp)
	} else {
		q = `SELECT e.date, e.value_num FROM entries e
			WHERE e.category IN ('measurement','result') AND e.value_num IS NOT NULL AND ` + cond
	}
	if since != "" {
		q += " AND e.date >= ?"
		args = append(args, since)
	}
	if until != "" {
		q += " AND e.date <= ?"
		args = append(args, until+"\x7f")
	}
	q += " AND e.date <> '' ORDER BY e.date"
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read chart points: %w", err)
	}
	defer rows.Close()
	var out []Point
	for rows.Next() {
		var p Point
		if err := rows.Scan(&p.Date, &p.Value); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
