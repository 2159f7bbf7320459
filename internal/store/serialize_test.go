package store

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// TestWithSerialized checks that a loaded record is handed out as exactly
// the bytes Serialize copies, that a record that was never loaded gets a
// copy which is cleared afterwards, that fn's error comes back as it is,
// and that inside a transaction it refuses. (That the loaded record is
// borrowed, not copied, is package sqlitemem's TestLoadAndBorrow.)
func TestWithSerialized(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i := 0; i < 300; i++ {
		e := record.Entry{Category: record.Note, Title: "note " + strings.Repeat("x", i%50)}
		if err := s.AddEntry(ctx, &e, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
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
	if !bytes.Equal(want, copied) {
		t.Error("the loaded database differs from the bytes given")
	}
	calls := 0
	err = loaded.WithSerialized(ctx, func(plain []byte) error {
		calls++
		if !bytes.Equal(plain, want) {
			t.Error("the handed-out bytes differ from Serialize's copy")
		}
		return nil
	})
	if err != nil || calls != 1 {
		t.Fatalf("WithSerialized: %v, %d calls", err, calls)
	}
	if n, err := loaded.Total(ctx); err != nil || n != 300 {
		t.Fatalf("after serializing: %d entries, %v", n, err)
	}
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
