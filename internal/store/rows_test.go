package store

import (
	"context"
	"database/sql/driver"
	"reflect"
	"testing"
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
