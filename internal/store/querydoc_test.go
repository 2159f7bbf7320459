package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQueryDocIsTrue checks docs/QUERY.md against the schema this build
// writes: its schema version, every table a query can read, and every
// column of entries, so that a migration cannot leave the document behind.
func TestQueryDocIsTrue(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "QUERY.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if want := fmt.Sprintf("schema version %d", SchemaVersion); !strings.Contains(doc, want) {
		t.Errorf("docs/QUERY.md does not say %q", want)
	}
	ctx := context.Background()
	s := newStore(t)
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name <> 'settings'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, name := range tables {
		if !strings.Contains(doc, name+"(") && !strings.Contains(doc, "## "+name) && !strings.Contains(doc, ", "+name) {
			t.Errorf("docs/QUERY.md does not describe the table %s", name)
		}
	}
	cols, err := s.db.QueryContext(ctx, `SELECT name FROM pragma_table_xinfo('entries')`)
	if err != nil {
		t.Fatal(err)
	}
	defer cols.Close()
	for cols.Next() {
		var name string
		if err := cols.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(doc, "`"+name+"`") {
			t.Errorf("docs/QUERY.md does not describe entries.%s", name)
		}
	}
}
