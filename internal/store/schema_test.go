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

var updateSchema = flag.Bool("update-schema", false, "rewrite testdata/chart-triggers-*.txt from the migrations")

// TestChartTriggersAsRecorded: the chart triggers that migrations 3 and 8
// make (as SQLite keeps their text) are the ones recorded in testdata,
// which were taken from the migrations as they were written out before
// chartTriggers made them from one template. A released migration must
// still make exactly what it made, so a change to a piece of chartsql.go
// that alters one fails here.
func TestChartTriggersAsRecorded(t *testing.T) {
	ctx := context.Background()
	for _, v := range []int{3, 8} {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			db, err := openMemory()
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for i := range v {
				if _, err := db.ExecContext(ctx, migrations[i]); err != nil {
					t.Fatalf("migration %d: %v", i+1, err)
				}
			}
			rows, err := db.QueryContext(ctx,
				`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'chart_%' ORDER BY name`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var b strings.Builder
			for rows.Next() {
				var name, sql string
				if err := rows.Scan(&name, &sql); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "-- %s\n%s;\n\n", name, sql)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if b.Len() == 0 {
				t.Fatal("no chart triggers")
			}
			path := filepath.Join("testdata", fmt.Sprintf("chart-triggers-%d.txt", v))
			if *updateSchema {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != string(want) {
				t.Fatalf("the chart triggers of migration %d differ from %s:\n%s", v, path, firstDiff(got, string(want)))
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
