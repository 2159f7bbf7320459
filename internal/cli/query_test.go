package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

// TestRunQuery calls phr query's run function: rows as CSV and as JSON
// lines, and the refusals (two output forms, a write, the settings table).
func TestRunQuery(t *testing.T) {
	ctx := context.Background()
	s, r, out, _, _ := readSession(t)
	q := "SELECT category, count(*) AS n FROM entries GROUP BY category ORDER BY category"
	if err := r.runQuery(ctx, s, queryOptions{SQL: q, CSV: true}); err != nil {
		t.Fatal(err)
	}
	if want := "category,n\ncondition,1\nmeasurement,2\nmedication,1\n"; out.String() != want {
		t.Fatalf("--csv printed %q, want %q", out, want)
	}
	out.Reset()
	if err := r.runQuery(ctx, s, queryOptions{SQL: q, JSONL: true}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 3 || lines[0] != `{"category":"condition","n":1}` {
		t.Fatalf("--jsonl printed %q", out)
	}
	for name, o := range map[string]queryOptions{
		"two outputs":        {SQL: q, JSON: true, CSV: true},
		"a write":            {SQL: "DELETE FROM entries"},
		"the settings table": {SQL: "SELECT * FROM settings"},
	} {
		if err := r.runQuery(ctx, s, o); !errs.Is(err, errs.Usage) {
			t.Errorf("%s: %v, want a usage error", name, err)
		}
	}
}
