package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// WithSerialized calls fn with the whole database as bytes, for the vault to
// encrypt, without copying it when it can: a record loaded with Load lives
// in one contiguous block of SQLite's memory (its "memdb"), and fn then
// reads that block itself (sqlite3_serialize with SQLITE_SERIALIZE_NOCOPY).
// Serializing a lifetime record (60 MiB) by copy costs 25-50 ms and a second
// copy of the record in memory; borrowing costs nothing.
//
// fn must not change or keep plain: it is the live database. The connection
// is held for the whole call, so nothing else can change the database while
// fn reads it. When borrowing is not possible (a database made with New and
// never loaded, or a driver whose connection does not look as expected),
// fn gets a copy, which is cleared after fn returns.
func (s *Store) WithSerialized(ctx context.Context, fn func(plain []byte) error) error {
	if s.tx {
		return errors.New("serialize record: inside a transaction")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("serialize record: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		if plain, ok := borrow(dc); ok {
			return fn(plain)
		}
		ser, ok := dc.(serializer)
		if !ok {
			return errors.New("serialize record: the sqlite driver cannot serialize")
		}
		plain, err := ser.Serialize()
		if err != nil {
			return fmt.Errorf("serialize record: %w", err)
		}
		defer clear(plain)
		return fn(plain)
	})
}

// rawHandle returns the SQLite handle and the thread state of modernc's
// driver connection dc, which keeps them in two unexported fields, db and
// tls; they are read through reflection, checked for their types first, so
// a driver that changes them makes the caller decline rather than misbehave
// (TestWithSerializedBorrows and TestLoadLeavesRoom notice).
func rawHandle(dc any) (uintptr, *libc.TLS, bool) {
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return 0, nil, false
	}
	v = v.Elem()
	fdb, ftls := v.FieldByName("db"), v.FieldByName("tls")
	if !fdb.IsValid() || !ftls.IsValid() || fdb.Kind() != reflect.Uintptr ||
		ftls.Type() != reflect.TypeFor[*libc.TLS]() || !fdb.CanAddr() || !ftls.CanAddr() {
		return 0, nil, false
	}
	db := *(*uintptr)(unsafe.Pointer(fdb.UnsafeAddr()))
	tls := *(**libc.TLS)(unsafe.Pointer(ftls.UnsafeAddr()))
	if db == 0 || tls == nil {
		return 0, nil, false
	}
	return db, tls, true
}

// borrow returns the database's own memory when it is one contiguous block.
func borrow(dc any) ([]byte, bool) {
	db, tls, ok := rawHandle(dc)
	if !ok {
		return nil, false
	}
	pLen := tls.Alloc(8)
	defer tls.Free(8)
	schema := sqlite3.Xsqlite3_db_name(tls, db, 0)
	if schema == 0 {
		return nil, false
	}
	// With NOCOPY, SQLite returns its own block, or 0 when the database is
	// not held in one block (it then allocates nothing).
	p := sqlite3.Xsqlite3_serialize(tls, db, schema, pLen, sqlite3.SQLITE_SERIALIZE_NOCOPY)
	n := *(*int64)(unsafe.Add(unsafe.Pointer(nil), pLen))
	if p == 0 || n <= 0 {
		return nil, false
	}
	return unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), p)), n), true
}

// roomFor is how much larger than the database Load makes SQLite's block:
// an eighth more, at least 1 MiB. When a change needs a page beyond its
// block, SQLite reallocates the block at twice the size needed and copies
// the database: on a lifetime record (66 MiB) that made the change 250 ms
// slower and its save 150 ms slower (the new block's pages are all touched
// for the first time). The room is only reserved: the operating system
// gives it memory when pages are written there.
func roomFor(size int) int { return size + max(1<<20, size/8) }

// deserializeWithRoom loads plain as the connection's database in a block
// of SQLite's memory of roomFor(len(plain)) bytes, which SQLite owns,
// grows and frees. It reports false when the connection is not modernc's
// as expected, for the caller to use the driver's Deserialize instead
// (which makes the block exactly as large as the database).
func deserializeWithRoom(dc any, plain []byte) (bool, error) {
	db, tls, ok := rawHandle(dc)
	if !ok {
		return false, nil
	}
	schema := sqlite3.Xsqlite3_db_name(tls, db, 0)
	if schema == 0 {
		return false, nil
	}
	size := roomFor(len(plain))
	p := sqlite3.Xsqlite3_malloc64(tls, uint64(size))
	if p == 0 {
		return true, fmt.Errorf("cannot allocate %d bytes for the record", size)
	}
	copy(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), p)), len(plain)), plain)
	// With FREEONCLOSE, SQLite frees the block when the connection closes,
	// and at once if it refuses it.
	rc := sqlite3.Xsqlite3_deserialize(tls, db, schema, p, int64(len(plain)), int64(size),
		sqlite3.SQLITE_DESERIALIZE_RESIZEABLE|sqlite3.SQLITE_DESERIALIZE_FREEONCLOSE)
	if rc != sqlite3.SQLITE_OK {
		return true, fmt.Errorf("sqlite3_deserialize: %s", libc.GoString(sqlite3.Xsqlite3_errstr(tls, rc)))
	}
	return true, nil
}
