package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
)

// eachRow runs a query of ncol columns and calls fn with each row's values
// as the driver gives them (string for text, float64, int64, []byte, or nil
// for NULL); fn must not keep vals. Outside a transaction the query runs on
// SQLite's connection itself (eachRawRow), or where that cannot be had on
// the driver's connection, below database/sql, whose locking and
// conversions for every row were a fifth of reading long lists (35,000
// readings of a series: 23 ms through database/sql, 19 ms below it); inside
// one, whose connection is already taken, or with a driver that cannot run a
// query directly, it goes through database/sql.
func (s *Store) eachRow(ctx context.Context, q string, args []any, ncol int, fn func(vals []driver.Value) error) error {
	vals := make([]driver.Value, ncol)
	return s.eachRowRaw(ctx, q, args, ncol, func(r rawRow) error {
		for i := range vals {
			vals[i] = r.value(i)
		}
		return fn(vals)
	}, fn)
}

// eachRowRaw is eachRow for a reader that takes the columns it wants from
// SQLite itself (raw, see rawRow) where it can, and from the driver's values
// (fn, as eachRow gives them) where it cannot; both must read the same.
func (s *Store) eachRowRaw(ctx context.Context, q string, args []any, ncol int, raw func(r rawRow) error, fn func(vals []driver.Value) error) error {
	if !s.tx {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return err
		}
		direct := false
		err = conn.Raw(func(dc any) error {
			done, err := eachRawRow(ctx, dc, q, args, ncol, raw)
			if done {
				direct = true
				return err
			}
			qc, ok := dc.(driver.QueryerContext)
			if !ok {
				return nil
			}
			direct = true
			return queryDriver(ctx, qc, q, args, ncol, fn)
		})
		conn.Close()
		if err != nil || direct {
			return err
		}
	}
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]driver.Value, ncol)
	held := make([]any, ncol) // database/sql scans into *any, not *driver.Value
	dest := make([]any, ncol)
	for i := range held {
		dest[i] = &held[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, v := range held {
			vals[i] = v
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// queryDriver runs q on a driver connection and calls fn for each row.
func queryDriver(ctx context.Context, qc driver.QueryerContext, q string, args []any, ncol int, fn func([]driver.Value) error) error {
	// database/sql would convert the arguments (an int to int64, say);
	// below it, that is done here, the same way.
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return fmt.Errorf("argument %d: %w", i+1, err)
		}
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	rows, err := qc.QueryContext(ctx, q, named)
	if err != nil {
		return err
	}
	defer rows.Close()
	if n := len(rows.Columns()); n != ncol {
		return fmt.Errorf("query returns %d columns, want %d", n, ncol)
	}
	vals := make([]driver.Value, ncol)
	for {
		if err := rows.Next(vals); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
}

// valueText reads a text value as eachRow gives it: "" for NULL.
func valueText(v driver.Value) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("got %T, want text", v)
}
