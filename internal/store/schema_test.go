package store

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateSchema = flag.Bool("update-schema", false, "rewrite testdata/schema-*.txt from the migrations")

// TestMigrationsMakeTheRecordedSchema: the schema each migration leaves
// (every table, index, view and trigger as SQLite keeps its text) is the one
// recorded in testdata. The migrations' SQL is built from shared pieces
// (chartTriggers); a released migration must still make exactly what it
// made, so a change to a piece that alters an old migration fails here.
func TestMigrationsMakeTheRecordedSchema(t *testing.T) {
	for _, v := range []int{3, len(migrations)} {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			s := storeAtSchema(t, v)
			rows, err := s.q.QueryContext(context.Background(),
				`SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var b strings.Builder
			for rows.Next() {
				var typ, name, sql string
				if err := rows.Scan(&typ, &name, &sql); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "-- %s %s\n%s;\n\n", typ, name, sql)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", fmt.Sprintf("schema-%d.txt", v))
			if *updateSchema {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestMigrationsMakeTheRecordedSchema -update-schema once)", err)
			}
			if got := b.String(); got != string(want) {
				t.Fatalf("schema %d differs from %s:\n%s", v, path, firstDiff(got, string(want)))
			}
		})
	}
}

// firstDiff shows the first line where got and want part.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return "(equal)"
}
