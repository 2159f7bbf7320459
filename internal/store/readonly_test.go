package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// TestReadOnlyQuery: a statement may read the record, and every kind of
// change, attach, pragma that sets something and extension loading is
// refused; afterwards the record is unchanged and can be written again.
func TestReadOnlyQuery(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	add(t, s, record.Entry{Category: record.Medication, Title: "Metformin 500 mg", Date: "2024-03-01"})
	add(t, s, record.Entry{Category: record.Condition, Title: "Asthma", Date: "2010-06-01"})
	before, err := s.Serialize(ctx)
	if err != nil {
		t.Fatal(err)
	}

	collect := func(stmt string) ([]string, [][]any, error) {
		var cols []string
		var rows [][]any
		err := s.ReadOnlyQuery(ctx, stmt, func(c []string, v []any) error {
			cols = c
			rows = append(rows, append([]any(nil), v...))
			return nil
		})
		return cols, rows, err
	}
	reads := []struct {
		stmt string
		rows int
	}{
		{"SELECT category, title FROM entries ORDER BY date", 2},
		{"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5) SELECT i FROM n", 5},
		{"SELECT count(*) FROM entries WHERE title LIKE '%asthma%'", 1},
		{"SELECT name FROM pragma_table_info('entries')", -1},
		{"PRAGMA table_info(entries)", -1},
		{"PRAGMA user_version", 1},
		{"SELECT upper(title), length(notes) FROM entries", 2},
	}
	for _, r := range reads {
		cols, rows, err := collect(r.stmt)
		if err != nil {
			t.Errorf("%s: %v", r.stmt, err)
			continue
		}
		if len(cols) == 0 || r.rows >= 0 && len(rows) != r.rows || r.rows < 0 && len(rows) < 5 {
			t.Errorf("%s: %d rows, columns %q", r.stmt, len(rows), cols)
		}
	}
	refused := []string{
		"INSERT INTO entries(id, category, title) VALUES ('x', 'note', 'x')",
		"UPDATE entries SET title = 'changed'",
		"DELETE FROM entries",
		"DROP TABLE entries",
		"CREATE TABLE t(x)",
		"CREATE TEMP TABLE t(x)",
		"ATTACH DATABASE '" + t.TempDir() + "/x.db' AS x",
		"PRAGMA query_only=0",
		"PRAGMA user_version=99",
		"PRAGMA writable_schema=1",
		"SELECT load_extension('/tmp/x.so')",
		"BEGIN",
		"SAVEPOINT a",
		"VACUUM",
		"ANALYZE",
		"REINDEX",
		"WITH x AS (SELECT 1) DELETE FROM entries",
		"SELECT value FROM settings",
		"SELECT count(*) FROM settings",
	}
	for _, stmt := range refused {
		if _, _, err := collect(stmt); err == nil {
			t.Errorf("%s: not refused", stmt)
		} else if !strings.Contains(err.Error(), "query:") {
			t.Errorf("%s: %v", stmt, err)
		}
	}
	// A second statement after the first never runs.
	collect("SELECT 1; DELETE FROM entries")

	after, err := s.Serialize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Fatal("a read-only query changed the record")
	}
	// The connection writes again, and is not left restricted.
	add(t, s, record.Entry{Category: record.Note, Title: "written after the queries"})
	if _, err := s.List(ctx, Filter{}); err != nil {
		t.Fatal(err)
	}

	// A time limit stops a statement that would run for ever.
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	err = s.ReadOnlyQuery(short, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n) SELECT count(*) FROM n", func([]string, []any) error { return nil })
	if err == nil {
		t.Fatal("an endless query was not stopped")
	}
	add(t, s, record.Entry{Category: record.Note, Title: "written after the timeout"})
}

func FuzzReadOnlyQuery(f *testing.F) {
	for _, s := range []string{"SELECT 1", "DELETE FROM entries", "PRAGMA query_only=0", "ATTACH 'x' AS y", "SELECT 1; DROP TABLE entries"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, stmt string) {
		ctx := context.Background()
		s := newStore(t)
		add(t, s, record.Entry{Category: record.Note, Title: "kept"})
		before, _ := s.Serialize(ctx)
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		_ = s.ReadOnlyQuery(short, stmt, func([]string, []any) error { return nil })
		after, err := s.Serialize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if string(after) != string(before) {
			t.Fatalf("%q changed the record", stmt)
		}
		add(t, s, record.Entry{Category: record.Note, Title: "still writable"})
	})
}
