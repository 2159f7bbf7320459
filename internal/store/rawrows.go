package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawRow is the current row of a query that eachRawRow runs: its columns
// are read with SQLite's C API (sqlite3_column_*) and are valid until fn
// returns.
type rawRow struct {
	tls  *libc.TLS
	stmt uintptr
}

// columnType is the column's SQLite storage class (sqlite3.SQLITE_TEXT...).
func (r rawRow) columnType(i int) int32 {
	return sqlite3.Xsqlite3_column_type(r.tls, r.stmt, int32(i))
}

// text returns column i as text ("" for NULL), copied into Go memory.
func (r rawRow) text(i int) string {
	p := sqlite3.Xsqlite3_column_text(r.tls, r.stmt, int32(i))
	n := sqlite3.Xsqlite3_column_bytes(r.tls, r.stmt, int32(i))
	if p == 0 || n <= 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), p)), n))
}

// float returns column i as a float64.
func (r rawRow) float(i int) float64 {
	return sqlite3.Xsqlite3_column_double(r.tls, r.stmt, int32(i))
}

// value returns column i as modernc's driver gives it: int64, float64,
// string, []byte (nil when empty) or nil for NULL.
func (r rawRow) value(i int) driver.Value {
	switch r.columnType(i) {
	case sqlite3.SQLITE_INTEGER:
		return sqlite3.Xsqlite3_column_int64(r.tls, r.stmt, int32(i))
	case sqlite3.SQLITE_FLOAT:
		return r.float(i)
	case sqlite3.SQLITE_TEXT:
		return r.text(i)
	case sqlite3.SQLITE_BLOB:
		p := sqlite3.Xsqlite3_column_blob(r.tls, r.stmt, int32(i))
		n := sqlite3.Xsqlite3_column_bytes(r.tls, r.stmt, int32(i))
		if p == 0 || n <= 0 {
			return []byte(nil)
		}
		return append([]byte(nil), unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), p)), n)...)
	}
	return nil
}

// eachRawRow runs q (ncol columns) with SQLite's C API on modernc's driver
// connection dc itself (see rawHandle) and calls fn for each row. Below the
// driver, a row costs one call into SQLite per column instead of the
// driver's two or three, each behind the connection's mutex, and no
// boxing of every value: reading the 35,000 readings of a series took 15 ms
// this way against 19 ms through the driver (phr-bench, lifetime record;
// docs/BENCH.md). It reports false, having run nothing, when dc is not the
// connection it expects or an argument is of a type it does not bind (the
// caller then goes through the driver). The context is checked every 1024
// rows.
func eachRawRow(ctx context.Context, dc any, q string, args []any, ncol int, fn func(r rawRow) error) (bool, error) {
	db, tls, ok := rawHandle(dc)
	if !ok {
		return false, nil
	}
	vals := make([]driver.Value, len(args))
	for i, a := range args {
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return true, fmt.Errorf("argument %d: %w", i+1, err)
		}
		switch v.(type) {
		case nil, int64, float64, bool, string, []byte:
		default:
			return false, nil
		}
		vals[i] = v
	}
	if err := ctx.Err(); err != nil {
		return true, err
	}
	zSQL, err := libc.CString(q)
	if err != nil {
		return true, err
	}
	defer libc.Xfree(tls, zSQL)
	// Text and blobs are copied into SQLite's memory and bound without a
	// destructor; this defer, made before the one that finalizes the
	// statement, runs after it and frees them.
	var held []uintptr
	defer func() {
		for _, p := range held {
			libc.Xfree(tls, p)
		}
	}()
	pStmt := tls.Alloc(int(unsafe.Sizeof(uintptr(0))))
	defer tls.Free(int(unsafe.Sizeof(uintptr(0))))
	if rc := sqlite3.Xsqlite3_prepare_v2(tls, db, zSQL, -1, pStmt, 0); rc != sqlite3.SQLITE_OK {
		return true, rawError(tls, db, rc)
	}
	stmt := *(*uintptr)(unsafe.Add(unsafe.Pointer(nil), pStmt))
	if stmt == 0 {
		return true, errors.New("the query is empty")
	}
	defer sqlite3.Xsqlite3_finalize(tls, stmt)
	if n := int(sqlite3.Xsqlite3_column_count(tls, stmt)); n != ncol {
		return true, fmt.Errorf("query returns %d columns, want %d", n, ncol)
	}
	if n := int(sqlite3.Xsqlite3_bind_parameter_count(tls, stmt)); n != len(vals) {
		return true, fmt.Errorf("query takes %d arguments, got %d", n, len(vals))
	}
	for i, v := range vals {
		idx := int32(i + 1)
		var rc int32
		switch v := v.(type) {
		case nil:
			rc = sqlite3.Xsqlite3_bind_null(tls, stmt, idx)
		case int64:
			rc = sqlite3.Xsqlite3_bind_int64(tls, stmt, idx, v)
		case bool:
			b := int64(0)
			if v {
				b = 1
			}
			rc = sqlite3.Xsqlite3_bind_int64(tls, stmt, idx, b)
		case float64:
			rc = sqlite3.Xsqlite3_bind_double(tls, stmt, idx, v)
		case string:
			p, err := libc.CString(v)
			if err != nil {
				return true, err
			}
			held = append(held, p)
			rc = sqlite3.Xsqlite3_bind_text(tls, stmt, idx, p, int32(len(v)), 0)
		case []byte:
			if v == nil {
				rc = sqlite3.Xsqlite3_bind_null(tls, stmt, idx)
				break
			}
			p := libc.Xmalloc(tls, uint64(max(1, len(v))))
			if p == 0 {
				return true, errors.New("out of memory binding an argument")
			}
			held = append(held, p)
			copy(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), p)), len(v)), v)
			rc = sqlite3.Xsqlite3_bind_blob(tls, stmt, idx, p, int32(len(v)), 0)
		}
		if rc != sqlite3.SQLITE_OK {
			return true, rawError(tls, db, rc)
		}
	}
	row := rawRow{tls: tls, stmt: stmt}
	for n := 0; ; n++ {
		if n%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return true, err
			}
		}
		switch rc := sqlite3.Xsqlite3_step(tls, stmt); rc {
		case sqlite3.SQLITE_ROW:
			if err := fn(row); err != nil {
				return true, err
			}
		case sqlite3.SQLITE_DONE:
			return true, nil
		default:
			return true, rawError(tls, db, rc)
		}
	}
}

// rawError is SQLite's message for the connection's last error.
func rawError(tls *libc.TLS, db uintptr, rc int32) error {
	msg := libc.GoString(sqlite3.Xsqlite3_errmsg(tls, db))
	if msg == "" {
		msg = libc.GoString(sqlite3.Xsqlite3_errstr(tls, rc))
	}
	return fmt.Errorf("sqlite: %s (%d)", msg, rc)
}
