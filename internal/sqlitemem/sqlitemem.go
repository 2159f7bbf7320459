// Package sqlitemem is the one place phr reaches below database/sql, for
// the two things it cannot do with a database kept in memory: hand the
// database's own bytes to the vault without copying them (sqlite3_serialize
// with SQLITE_SERIALIZE_NOCOPY), and load decrypted bytes into a block
// with room to grow (sqlite3_deserialize with a larger buffer; Reserve
// makes more room before a large import). It is the
// only importer of modernc.org/libc and modernc.org/sqlite/lib (the
// architecture test checks this).
//
// modernc's driver keeps its SQLite handle and thread state in two
// unexported fields of its connection (db and tls); Handle reads them
// through reflection after checking their names and types. When they are
// not as expected, Borrow and Load report false and the store falls back
// to the driver's own Serialize and Deserialize (a copy, and a block
// exactly the database's size): slower, never wrong. TestDriverLayout fails
// loudly when that happens, so a driver upgrade cannot slow the saves down
// unnoticed.
package sqlitemem

import (
	"fmt"
	"reflect"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// handle is SQLite's connection handle and the thread state it is used with.
type handle struct {
	db  uintptr
	tls *libc.TLS
}

// handleOf returns the SQLite handle of modernc's driver connection dc (as
// sql.Conn.Raw gives it), or false when its fields are not as expected.
func handleOf(dc any) (handle, bool) {
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return handle{}, false
	}
	v = v.Elem()
	fdb, ftls := v.FieldByName("db"), v.FieldByName("tls")
	if !fdb.IsValid() || !ftls.IsValid() || fdb.Kind() != reflect.Uintptr ||
		ftls.Type() != reflect.TypeFor[*libc.TLS]() || !fdb.CanAddr() || !ftls.CanAddr() {
		return handle{}, false
	}
	h := handle{
		db:  *(*uintptr)(unsafe.Pointer(fdb.UnsafeAddr())),
		tls: *(**libc.TLS)(unsafe.Pointer(ftls.UnsafeAddr())),
	}
	return h, h.db != 0 && h.tls != nil
}

// Supported reports whether dc is a driver connection this package can
// work with.
func Supported(dc any) bool {
	_, ok := handleOf(dc)
	return ok
}

// Borrow calls fn with the main database of the driver connection dc as
// one contiguous block of SQLite's own memory, without copying it. It
// reports false, having called nothing, when dc is not as expected or the
// database is not held in one block (a database made empty and filled by
// SQL is held in pages; a loaded one is one block). fn must neither change
// nor keep the bytes, and the caller must hold the connection for the whole
// call (sql.Conn.Raw does), so nothing changes the database meanwhile.
func Borrow(dc any, fn func(plain []byte) error) (bool, error) {
	h, ok := handleOf(dc)
	if !ok {
		return false, nil
	}
	schema := sqlite3.Xsqlite3_db_name(h.tls, h.db, 0)
	if schema == 0 {
		return false, nil
	}
	pLen := h.tls.Alloc(8)
	defer h.tls.Free(8)
	// With NOCOPY SQLite returns its own block, or 0 (allocating nothing)
	// when the database is not one block.
	p := sqlite3.Xsqlite3_serialize(h.tls, h.db, schema, pLen, sqlite3.SQLITE_SERIALIZE_NOCOPY)
	n := *(*int64)(at(pLen))
	if p == 0 || n <= 0 {
		return false, nil
	}
	return true, fn(unsafe.Slice((*byte)(at(p)), n))
}

// Room is how large a block Load makes for a database of size bytes: an
// eighth more, at least 1 MiB. When a change needs a page beyond its
// block, SQLite reallocates the block at twice the size and copies the
// whole database into it; the room keeps ordinary edits inside the first
// block. The room is only reserved: the operating system gives it memory
// when pages are written there.
func Room(size int) int { return size + max(1<<20, size/8) }

// Load makes plain the main database of the driver connection dc, copied
// into a block of SQLite's memory of Room(len(plain)) bytes that SQLite
// owns, grows and frees. It reports false, having changed nothing, when dc
// is not as expected.
func Load(dc any, plain []byte) (bool, error) {
	return load(dc, plain, Room(len(plain)))
}

// Reserve makes room for the database of the driver connection dc to grow
// by extra bytes without SQLite reallocating its block: it copies the
// database once into a block of Room(size+extra) bytes. Each time a
// database outgrows its block SQLite copies it into one twice the size,
// and the memory the blocks before it held stays with the process (the C
// allocator keeps it), so a big import that grew a 1 MiB block to 128 MiB
// in six steps took about twice the database's size on top of it; the
// room reserved here is only reserved until pages are written there. It
// reports false, having changed nothing, when dc is not as expected or the
// database is not one block (see Borrow). The connection must be held and
// outside a transaction.
func Reserve(dc any, extra int) (bool, error) {
	loaded := false
	ok, err := Borrow(dc, func(plain []byte) error {
		// load copies the database from its block into the new one before
		// sqlite3_deserialize frees the old block: plain is not read after.
		var err error
		loaded, err = load(dc, plain, Room(len(plain)+max(0, extra)))
		return err
	})
	return ok && loaded, err
}

// load makes plain the main database of dc, in a block of size bytes.
func load(dc any, plain []byte, size int) (bool, error) {
	h, ok := handleOf(dc)
	if !ok {
		return false, nil
	}
	schema := sqlite3.Xsqlite3_db_name(h.tls, h.db, 0)
	if schema == 0 {
		return false, nil
	}
	p := sqlite3.Xsqlite3_malloc64(h.tls, uint64(size))
	if p == 0 {
		return true, fmt.Errorf("cannot allocate %d bytes for the record", size)
	}
	copy(unsafe.Slice((*byte)(at(p)), len(plain)), plain)
	// With FREEONCLOSE SQLite frees the block when the connection closes,
	// and at once if it refuses it.
	rc := sqlite3.Xsqlite3_deserialize(h.tls, h.db, schema, p, int64(len(plain)), int64(size),
		sqlite3.SQLITE_DESERIALIZE_RESIZEABLE|sqlite3.SQLITE_DESERIALIZE_FREEONCLOSE)
	if rc != sqlite3.SQLITE_OK {
		return true, fmt.Errorf("sqlite3_deserialize: %s", libc.GoString(sqlite3.Xsqlite3_errstr(h.tls, rc)))
	}
	return true, nil
}

// at turns an address in SQLite's memory (which the Go collector does not
// manage) into a pointer.
func at(p uintptr) unsafe.Pointer { return unsafe.Add(unsafe.Pointer(nil), p) }
