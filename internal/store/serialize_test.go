package store

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unsafe"

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

// TestReserve: Reserve keeps a loaded record as it was (the same bytes,
// then more entries added and found by search), refuses inside a
// transaction, and leaves a record never loaded alone.
func TestReserve(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := s.Reserve(ctx, 1<<20); err != nil {
		t.Fatalf("Reserve of a record never loaded: %v", err)
	}
	for i := 0; i < 200; i++ {
		e := record.Entry{Category: record.Measurement, Title: "Weight", Value: "70.2", Unit: "kg", Date: "2024-03-01"}
		if err := s.AddEntry(ctx, &e, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	plain, err := s.Serialize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(ctx, plain)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	if err := loaded.Reserve(ctx, 16<<20); err != nil {
		t.Fatal(err)
	}
	again, err := loaded.Serialize(ctx)
	if err != nil || !bytes.Equal(again, plain) {
		t.Fatalf("the record changed in Reserve (%v)", err)
	}
	err = loaded.Tx(ctx, func(tx *Store) error {
		if err := tx.Reserve(ctx, 1<<20); err == nil || !strings.Contains(err.Error(), "inside a transaction") {
			t.Errorf("Reserve inside a transaction: %v", err)
		}
		e := record.Entry{Category: record.Note, Title: "after the reserve"}
		return tx.AddEntry(ctx, &e, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	es, err := loaded.Search(ctx, "reserve", 10)
	if err != nil || len(es) != 1 {
		t.Fatalf("search after Reserve: %d, %v", len(es), err)
	}
	all, err := loaded.List(ctx, Filter{})
	if err != nil || len(all) != 201 {
		t.Fatalf("list after Reserve: %d, %v", len(all), err)
	}
}

// TestReserveOnce: a second Reserve for no more than the first leaves the
// record in the block the first made.
func TestReserveOnce(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	e := record.Entry{Category: record.Note, Title: "a note"}
	if err := s.AddEntry(ctx, &e, time.Now()); err != nil {
		t.Fatal(err)
	}
	plain, err := s.Serialize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(ctx, plain)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	at := func() uintptr {
		var p uintptr
		loaded.WithSerialized(ctx, func(b []byte) error { p = uintptr(unsafe.Pointer(unsafe.SliceData(b))); return nil })
		return p
	}
	first := at()
	loaded.Reserve(ctx, 4<<20)
	second := at()
	loaded.Reserve(ctx, 2<<20)
	if first == second || at() != second {
		t.Errorf("blocks %x, %x, %x: want the first Reserve to move the record and the second to leave it", first, second, at())
	}
}
