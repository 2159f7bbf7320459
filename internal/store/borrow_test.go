package store

import (
	"bytes"
	"context"
	"database/sql/driver"
	"strings"
	"testing"
	"time"
	"unsafe"

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

// TestLoadLeavesRoom checks that Load gives SQLite a block with room to
// grow: changes that add pages, up to the room, keep the database in the
// same block (no reallocation and copy of the whole record), the loaded
// database reads back exactly as it was written, and a change past the room
// still works (SQLite grows the block itself).
func TestLoadLeavesRoom(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i := 0; i < 2000; i++ {
		e := record.Entry{Category: record.Note, Title: "note", Notes: strings.Repeat("words ", 50+i%50)}
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
	block := func() (uintptr, int) {
		t.Helper()
		var p uintptr
		var n int
		err := loaded.WithSerialized(ctx, func(b []byte) error {
			p, n = uintptr(unsafe.Pointer(unsafe.SliceData(b))), len(b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return p, n
	}
	start, size := block()
	if size != len(plain) {
		t.Fatalf("loaded %d bytes, not %d", size, len(plain))
	}
	if got, _ := loaded.Serialize(ctx); !bytes.Equal(got, plain) {
		t.Fatal("the loaded database differs from the bytes given")
	}
	room := roomFor(len(plain)) - len(plain)
	add := func(notes string) {
		t.Helper()
		e := record.Entry{Category: record.Note, Title: "more", Notes: notes}
		if err := loaded.AddEntry(ctx, &e, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for {
		_, n := block()
		if n-size > room/2 {
			break
		}
		add(strings.Repeat("more words ", 500))
	}
	if p, n := block(); p != start {
		t.Fatalf("the database grew by %d bytes, within its room of %d, and SQLite moved it to a new block: Load no longer leaves room (has modernc's driver connection changed?)", n-size, room)
	}
	for {
		_, n := block()
		if n-size > 2*room {
			break
		}
		add(strings.Repeat("past the room ", 500))
	}
	if err := loaded.Check(ctx); err != nil {
		t.Fatal(err)
	}
}
