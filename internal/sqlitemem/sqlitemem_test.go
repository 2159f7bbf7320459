package sqlitemem

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"
	"unsafe"

	_ "modernc.org/sqlite"
)

// serializer is the driver's own (copying) serialization.
type serializer interface {
	Serialize() ([]byte, error)
	Deserialize([]byte) error
}

// open returns one pinned connection to a new in-memory database.
func open(t *testing.T) *sql.Conn {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// raw runs fn on conn's driver connection.
func raw(t *testing.T, conn *sql.Conn, fn func(dc any) error) {
	t.Helper()
	if err := conn.Raw(fn); err != nil {
		t.Fatal(err)
	}
}

// filled returns the bytes of a database of about kib KiB, serialized by
// the driver itself.
func filled(t *testing.T, kib int) []byte {
	t.Helper()
	ctx := context.Background()
	conn := open(t)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE t(x TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < kib; i++ {
		if _, err := conn.ExecContext(ctx, `INSERT INTO t VALUES (?)`, strings.Repeat("x", 1000)); err != nil {
			t.Fatal(err)
		}
	}
	var plain []byte
	raw(t, conn, func(dc any) error {
		var err error
		plain, err = dc.(serializer).Serialize()
		return err
	})
	return plain
}

// TestDriverLayout fails when modernc's driver connection is no longer as
// this package expects (fields db uintptr and tls *libc.TLS): the store
// would then quietly fall back to copying the record on every save and to
// loading it without room. Upgrading the driver means checking its
// connection and updating this package.
func TestDriverLayout(t *testing.T) {
	conn := open(t)
	raw(t, conn, func(dc any) error {
		if !Supported(dc) {
			t.Fatalf("modernc's driver connection %T no longer has the fields db (uintptr) and tls (*libc.TLS): "+
				"update package sqlitemem for this driver version", dc)
		}
		return nil
	})
	if Supported(struct{ db uintptr }{1}) || Supported(nil) || Supported(&struct{ db, tls uintptr }{1, 1}) {
		t.Error("Supported accepted something that is not modernc's connection")
	}
}

// TestLoadAndBorrow: Load makes the bytes the database, Borrow hands out
// exactly those bytes from SQLite's own block, and a database that was
// never loaded (held in pages) is declined.
func TestLoadAndBorrow(t *testing.T) {
	ctx := context.Background()
	plain := filled(t, 200)
	conn := open(t)
	raw(t, conn, func(dc any) error {
		if ok, err := Borrow(dc, func([]byte) error { return nil }); ok || err != nil {
			t.Errorf("Borrow of a database never loaded: %v, %v; want a refusal", ok, err)
		}
		ok, err := Load(dc, plain)
		if !ok || err != nil {
			t.Fatalf("Load: %v, %v", ok, err)
		}
		return nil
	})
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 200 {
		t.Fatalf("the loaded database has %d rows (%v), want 200", n, err)
	}
	raw(t, conn, func(dc any) error {
		calls := 0
		ok, err := Borrow(dc, func(b []byte) error {
			calls++
			if !bytes.Equal(b, plain) {
				t.Error("the borrowed bytes differ from what was loaded")
			}
			return nil
		})
		if !ok || err != nil || calls != 1 {
			t.Fatalf("Borrow: %v, %v, %d calls", ok, err, calls)
		}
		sentinel := context.Canceled
		if _, err := Borrow(dc, func([]byte) error { return sentinel }); err != sentinel {
			t.Errorf("fn's error came back as %v", err)
		}
		return nil
	})
}

// TestLoadLeavesRoom: changes that add pages, up to the room, keep the
// database in the block Load made (no reallocation and copy of the whole
// record), and a change past the room still works (SQLite grows the block).
func TestLoadLeavesRoom(t *testing.T) {
	ctx := context.Background()
	plain := filled(t, 2000)
	conn := open(t)
	raw(t, conn, func(dc any) error {
		if ok, err := Load(dc, plain); !ok || err != nil {
			t.Fatalf("Load: %v, %v", ok, err)
		}
		return nil
	})
	block := func() (p uintptr, n int) {
		t.Helper()
		raw(t, conn, func(dc any) error {
			ok, err := Borrow(dc, func(b []byte) error {
				p, n = uintptr(unsafe.Pointer(unsafe.SliceData(b))), len(b)
				return nil
			})
			if !ok {
				t.Fatal("Borrow declined a loaded database")
			}
			return err
		})
		return p, n
	}
	start, size := block()
	room := Room(len(plain)) - len(plain)
	add := func() {
		t.Helper()
		if _, err := conn.ExecContext(ctx, `INSERT INTO t VALUES (?)`, strings.Repeat("y", 4000)); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := block(); n-size <= room/2; _, n = block() {
		add()
	}
	if p, n := block(); p != start {
		t.Fatalf("the database grew by %d bytes, within its room of %d, and SQLite moved it to a new block", n-size, room)
	}
	for _, n := block(); n-size <= 2*room; _, n = block() {
		add()
	}
	var check string
	if err := conn.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("quick_check: %q, %v", check, err)
	}
}

// TestReserve: Reserve moves a loaded database, unchanged, into one block
// with the room asked for, so that growing by that much keeps it in the
// block (no reallocation and copy of the whole database, which left every
// smaller block with the process); the statements prepared before it still
// run; a database never loaded is left alone.
func TestReserve(t *testing.T) {
	ctx := context.Background()
	fresh := open(t)
	raw(t, fresh, func(dc any) error {
		if ok, err := Reserve(dc, 1<<20); ok || err != nil {
			t.Errorf("Reserve of a database never loaded: %v, %v; want a refusal", ok, err)
		}
		return nil
	})
	plain := filled(t, 500)
	conn := open(t)
	raw(t, conn, func(dc any) error {
		if ok, err := Load(dc, plain); !ok || err != nil {
			t.Fatalf("Load: %v, %v", ok, err)
		}
		return nil
	})
	stmt, err := conn.PrepareContext(ctx, `SELECT count(*) FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	block := func() (p uintptr, b []byte) {
		t.Helper()
		raw(t, conn, func(dc any) error {
			ok, err := Borrow(dc, func(x []byte) error {
				p, b = uintptr(unsafe.Pointer(unsafe.SliceData(x))), bytes.Clone(x)
				return nil
			})
			if !ok {
				t.Fatal("Borrow declined a loaded database")
			}
			return err
		})
		return p, b
	}
	before, was := block()
	const extra = 8 << 20
	raw(t, conn, func(dc any) error {
		if ok, err := Reserve(dc, extra); !ok || err != nil {
			t.Fatalf("Reserve: %v, %v", ok, err)
		}
		return nil
	})
	start, now := block()
	if start == before || !bytes.Equal(now, was) {
		t.Fatalf("Reserve: moved %v, the same bytes %v", start != before, bytes.Equal(now, was))
	}
	var n int
	if err := stmt.QueryRowContext(ctx).Scan(&n); err != nil || n != 500 {
		t.Fatalf("a statement prepared before Reserve: %d rows, %v", n, err)
	}
	for _, b := block(); len(b)-len(was) < extra*3/4; _, b = block() {
		if _, err := conn.ExecContext(ctx, `INSERT INTO t VALUES (?)`, strings.Repeat("z", 4000)); err != nil {
			t.Fatal(err)
		}
	}
	if p, b := block(); p != start {
		t.Fatalf("the database grew by %d bytes, within the %d reserved, and SQLite moved it to a new block", len(b)-len(was), extra)
	}
	var check string
	if err := conn.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("quick_check: %q, %v", check, err)
	}
}
