package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// testLog is a database holding only the audit table, made from Schema.
type testLog struct{ db *sql.DB }

func (l testLog) Querier() Querier { return l.db }

func newLog(t *testing.T, n int) testLog {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(ctx, Schema); err != nil {
		t.Fatal(err)
	}
	s := testLog{db}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		if err := Append(ctx, s.Querier(), at.Add(time.Duration(i)*time.Minute), Add, map[string]any{"id": i}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestChainHolds(t *testing.T) {
	s := newLog(t, 5)
	rows, err := List(context.Background(), s.Querier())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0].Seq != 1 || rows[4].Seq != 5 {
		t.Fatalf("rows = %+v", rows)
	}
	if err := Verify(rows); err != nil {
		t.Fatal(err)
	}
}

func TestAppendOnly(t *testing.T) {
	s := newLog(t, 2)
	ctx := context.Background()
	if _, err := s.Querier().ExecContext(ctx, `UPDATE audit SET detail='x' WHERE seq=1`); err == nil {
		t.Fatal("update of an audit row was allowed")
	}
	if _, err := s.Querier().ExecContext(ctx, `DELETE FROM audit WHERE seq=1`); err == nil {
		t.Fatal("delete of an audit row was allowed")
	}
}

func TestVerifyFindsFirstBrokenRow(t *testing.T) {
	s := newLog(t, 6)
	rows, err := List(context.Background(), s.Querier())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mangle func([]Row) []Row
		seq    int64
	}{
		{"changed detail", func(r []Row) []Row { r[2].Detail = "forged"; return r }, 3},
		{"changed action", func(r []Row) []Row { r[4].Action = Export; return r }, 5},
		{"changed time", func(r []Row) []Row { r[1].At = r[1].At.Add(time.Hour); return r }, 2},
		{"row removed", func(r []Row) []Row { return append(r[:3:3], r[4:]...) }, 4},
		{"rows swapped", func(r []Row) []Row { r[2], r[3] = r[3], r[2]; return r }, 3},
		{"rehashed row", func(r []Row) []Row {
			r[1].Detail = "forged"
			r[1].Hash = hashRow(r[1].Prev, r[1].Seq, r[1].At.UTC().Format(time.RFC3339Nano), r[1].Action, r[1].Detail)
			return r
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cp := append([]Row(nil), rows...)
			err := Verify(tt.mangle(cp))
			var be *BrokenError
			if !errors.As(err, &be) || be.Seq != tt.seq {
				t.Fatalf("Verify = %v, want broken at %d", err, tt.seq)
			}
		})
	}
}

func TestRowJSONDetailIsAnObject(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	tests := []struct{ detail, want string }{
		{`{"via":"passphrase"}`, `"detail":{"via":"passphrase"}`},
		{`passphrase changed`, `"detail":{"text":"passphrase changed"}`},
		{``, `"detail":{"text":""}`},
		{`["a","b"]`, `"detail":{"value":["a","b"]}`},
		{`"quoted"`, `"detail":{"value":"quoted"}`},
		{`{not json`, `"detail":{"text":"{not json"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(Row{Seq: 3, At: at, Action: "x", Detail: tt.detail, Prev: "p", Hash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tt.want) || strings.Contains(string(b), `"h"`) {
			t.Errorf("detail %q: %s", tt.detail, b)
		}
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if _, ok := back["detail"].(map[string]any); !ok {
			t.Errorf("detail %q is not an object: %s", tt.detail, b)
		}
	}
}
