package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestRunAudit calls phr audit's run function: --verify counts the chained
// rows, --jsonl prints one row a line in order, and the words name what
// was done.
func TestRunAudit(t *testing.T) {
	ctx := context.Background()
	s, r, out, _, _ := readSession(t)
	if err := r.runAudit(ctx, s, auditOptions{JSONL: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 2 {
		t.Fatalf("--jsonl gave %d rows:\n%s", len(lines), out)
	}
	for i, l := range lines {
		var row struct {
			Seq    int
			Action string
		}
		if err := json.Unmarshal([]byte(l), &row); err != nil || row.Seq != i+1 || row.Action == "" {
			t.Fatalf("row %d: %q (%v)", i+1, l, err)
		}
	}
	out.Reset()
	if err := r.runAudit(ctx, s, auditOptions{Verify: true}); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("the audit log holds: %d rows, each chained to the one before\n", len(lines)); out.String() != want {
		t.Fatalf("--verify printed %q, want %q", out, want)
	}
	out.Reset()
	if err := r.runAudit(ctx, s, auditOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != len(lines) {
		t.Fatalf("%d lines in words for %d rows:\n%s", n, len(lines), out)
	}
}
