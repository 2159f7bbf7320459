package store

import (
	"bytes"
	"context"
	"database/sql/driver"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// TestWithSerializedBorrows checks that a loaded record is handed to the
// vault straight from SQLite's memory (if a new version of modernc's driver
// changes its connection, borrow declines and this test says so), that the
// bytes are exactly what Serialize copies, and that a record that was never
// loaded gets a copy instead.
func TestWithSerializedBorrows(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i := 0; i < 300; i++ {
		e := record.Entry{Category: record.Note, Title: "note " + strings.Repeat("x", i%50)}
		if err := s.AddEntry(ctx, &e, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	// A database made with New is not one block: a copy, cleared after.
	var kept []byte
	err := s.WithSerialized(ctx, func(plain []byte) error {
		kept = plain
		if !bytes.HasPrefix(plain, []byte("SQLite format 3\x00")) {
			t.Fatal("not a database")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsFunc(kept, func(r rune) bool { return r != 0 }) {
		t.Error("the copy handed out for a new database was not cleared afterwards")
	}

	copied, err := s.Serialize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(ctx, copied)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	want, err := loaded.Serialize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := loaded.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = conn.Raw(func(dc any) error {
		if _, ok := dc.(driver.Conn); !ok {
			t.Fatalf("driver connection %T", dc)
		}
		if _, ok := borrow(dc); !ok {
			t.Error("borrow declined a loaded record: modernc's driver connection changed (fields db, tls); saves now copy the record")
		}
		return nil
	})
	conn.Close()
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = loaded.WithSerialized(ctx, func(plain []byte) error {
		calls++
		if !bytes.Equal(plain, want) {
			t.Error("the borrowed bytes differ from Serialize's copy")
		}
		return nil
	})
	if err != nil || calls != 1 {
		t.Fatalf("WithSerialized: %v, %d calls", err, calls)
	}
	// The borrowed block is the live database: still intact afterwards.
	if n, err := loaded.Total(ctx); err != nil || n != 300 {
		t.Fatalf("after borrowing: %d entries, %v", n, err)
	}
	// Errors from fn come back as they are; inside a transaction it refuses.
	sentinel := context.Canceled
	if err := loaded.WithSerialized(ctx, func([]byte) error { return sentinel }); err != sentinel {
		t.Fatalf("fn's error came back as %v", err)
	}
	err = loaded.Tx(ctx, func(tx *Store) error {
		return tx.WithSerialized(ctx, func([]byte) error { return nil })
	})
	if err == nil {
		t.Fatal("WithSerialized inside a transaction did not refuse")
	}
}
