package store

import (
	"context"
	"database/sql/driver"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestEachRowBothWays checks that eachRow gives the same values on the
// driver's connection (outside a transaction) as through database/sql
// (inside one), for arguments of the Go types database/sql converts.
func TestEachRowBothWays(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	args := []any{7, int32(8), uint16(9), "text", 2.5, []byte("blob"), nil, true}
	want := []driver.Value{int64(7), int64(8), int64(9), "text", 2.5, []byte("blob"), nil, int64(1)}
	read := func(st *Store) [][]driver.Value {
		var rows [][]driver.Value
		err := st.eachRow(ctx, `SELECT ?, ?, ?, ?, ?, ?, ?, ? UNION ALL SELECT 1, 2, 3, 'a', 0.5, x'00', NULL, 0`, args, len(args),
			func(vals []driver.Value) error {
				row := make([]driver.Value, len(vals))
				copy(row, vals)
				rows = append(rows, row)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	outside := read(s)
	if len(outside) != 2 || !reflect.DeepEqual(outside[0], want) {
		t.Fatalf("outside a transaction: %#v, want first row %#v", outside, want)
	}
	var inside [][]driver.Value
	if err := s.Tx(ctx, func(tx *Store) error { inside = read(tx); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inside, outside) {
		t.Fatalf("inside a transaction:\n%#v\noutside:\n%#v", inside, outside)
	}
	if err := s.eachRow(ctx, `SELECT 1`, nil, 2, func([]driver.Value) error { return nil }); err == nil {
		t.Fatal("a query of 1 column read as 2: no error")
	}
}

// TestRawRows checks the reader below the driver: it runs on modernc's
// connection (if a new driver version changes the connection, eachRawRow
// declines and this test says so), it reports SQLite's errors, arguments
// that do not match the query and a cancelled context, and a series whose
// value is not a number fails Points on both paths alike.
func TestRawRows(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	run := func(ctx context.Context, q string, args []any, ncol int) (bool, int, error) {
		t.Helper()
		conn, err := s.db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var done bool
		rows := 0
		err = conn.Raw(func(dc any) error {
			var err error
			done, err = eachRawRow(ctx, dc, q, args, ncol, func(rawRow) error { rows++; return nil })
			return err
		})
		return done, rows, err
	}
	if done, rows, err := run(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ?) SELECT i FROM n`, []any{5000}, 1); !done || err != nil || rows != 5000 {
		t.Fatalf("5000 rows: done %v, %d rows, %v: modernc's driver connection changed (fields db, tls)? reads now go through the driver", done, rows, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		q    string
		args []any
		ncol int
		want string
	}{
		{"a syntax error", ctx, `SELEC 1`, nil, 1, "syntax error"},
		{"no such table", ctx, `SELECT x FROM nowhere`, nil, 1, "no such table"},
		{"too few arguments", ctx, `SELECT ?, ?`, []any{1}, 2, "takes 2 arguments, got 1"},
		{"too many arguments", ctx, `SELECT ?`, []any{1, 2}, 1, "takes 1 arguments, got 2"},
		{"other columns", ctx, `SELECT 1, 2`, nil, 1, "returns 2 columns, want 1"},
		{"an empty query", ctx, ` `, nil, 0, "empty"},
		{"a cancelled context", cancelled, `SELECT 1`, nil, 1, "context canceled"},
		{"an error while stepping", ctx, `SELECT json('{')`, nil, 1, "malformed JSON"},
	} {
		done, _, err := run(c.ctx, c.q, c.args, c.ncol)
		if !done || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: done %v, error %v, want one saying %q", c.name, done, err, c.want)
		}
	}
	// A type it does not bind goes to the driver.
	if done, _, err := run(ctx, `SELECT ?`, []any{time.Now()}, 1); done || err != nil {
		t.Errorf("a time argument: done %v, %v; want it left to the driver", done, err)
	}

	if _, err := s.q.ExecContext(ctx, `INSERT INTO chart_points(series, date, entry_rowid, part, value) VALUES ('c:x|1', '2020-01-01', 1, -1, 'not a number')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Points(ctx, "c:x|1", "", ""); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("Points over a text value: %v", err)
	}
	err := s.Tx(ctx, func(tx *Store) error {
		_, err := tx.Points(ctx, "c:x|1", "", "")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("Points over a text value in a transaction: %v", err)
	}
}
