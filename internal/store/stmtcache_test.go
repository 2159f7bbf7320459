package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestTxReusesStatements: inside a transaction each statement text is
// prepared once and reused; the cache stays bounded, scripts of several
// statements still run (uncached), a rollback still undoes everything, and
// the statements are released with the transaction.
func TestTxReusesStatements(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var cached int
	err := s.Tx(ctx, func(tx *Store) error {
		for i := range 200 {
			if err := tx.AddEntry(ctx, &record.Entry{Category: record.Measurement, Title: "Weight", Date: "2024-01-05", Value: fmt.Sprint(60 + i%30), Unit: "kg", Source: "test", SourceID: fmt.Sprint(i)}, now); err != nil {
				return err
			}
		}
		c, ok := tx.q.(*stmtCache)
		if !ok {
			return fmt.Errorf("a transaction's querier is %T, not the statement cache", tx.q)
		}
		cached = len(c.stmts)
		if cached == 0 || cached > 20 {
			return fmt.Errorf("%d statements prepared for 200 entries", cached)
		}
		// More distinct texts than the bound: every answer right, the
		// cache no bigger than its bound.
		for i := range 2 * maxCachedStmts {
			var n int
			if err := tx.q.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + ?", i), 1).Scan(&n); err != nil || n != i+1 {
				return fmt.Errorf("SELECT %d + 1 = %d, %v", i, n, err)
			}
		}
		if len(c.stmts) != maxCachedStmts {
			return fmt.Errorf("the cache holds %d statements, bound %d", len(c.stmts), maxCachedStmts)
		}
		if _, err := tx.q.ExecContext(ctx, "CREATE TABLE t1(x); CREATE TABLE t2(y)"); err != nil {
			return fmt.Errorf("a script: %w", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Total(ctx); got != 200 {
		t.Fatalf("%d entries after the commit, want 200", got)
	}
	var tables int
	s.q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name IN ('t1','t2')`).Scan(&tables)
	if tables != 2 {
		t.Fatalf("the script made %d of its 2 tables", tables)
	}

	// A rollback undoes the cached statements' work too.
	boom := errors.New("boom")
	err = s.Tx(ctx, func(tx *Store) error {
		for range 50 {
			if err := tx.AddEntry(ctx, &record.Entry{Category: record.Note, Title: "rolled back"}, now); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx = %v", err)
	}
	if got, _ := s.Total(ctx); got != 200 {
		t.Fatalf("%d entries after the rollback, want 200", got)
	}
	// The same texts prepare again in the next transaction.
	err = s.Tx(ctx, func(tx *Store) error {
		return tx.AddEntry(ctx, &record.Entry{Category: record.Note, Title: "after"}, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Total(ctx); got != 201 {
		t.Fatalf("%d entries, want 201", got)
	}
}
