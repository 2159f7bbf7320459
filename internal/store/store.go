// Package store keeps the record in an in-memory SQLite database
// (modernc.org/sqlite, pure Go). It loads the database from plaintext bytes
// that the vault decrypted and serializes it back for the vault to encrypt,
// so nothing readable ever reaches the disk. Start with New or Load; every
// change can run inside Tx so that a group of writes (an import, an entry and
// its audit row) is all or nothing.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/phrhealth/phr/internal/record"
)

// Querier is what both a database and a transaction offer. The audit package
// writes through it so that its rows join the caller's transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store is an open, in-memory record database.
type Store struct {
	db *sql.DB
	q  Querier
	tx bool
	// room is the size of the block of memory the record was last put in
	// by Reserve (0 before): SQLite only ever grows it.
	room int
	// imports remembers, in a transaction, the imports rows of the sources
	// it wrote (see importID); nil outside one. A rolled back transaction
	// takes its rows and this memory with it.
	imports map[string]int64
	// importRows remembers, in a transaction, the imports rows read or
	// written, by id; nil outside one.
	importRows  map[int64]record.SourceRef
	importsRead bool
}

// openMemory opens a private in-memory database on exactly one pinned
// connection: a ":memory:" database belongs to its connection, so the pool
// must never open a second one or close the first.
func openMemory() (*sql.DB, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	// temp_store=MEMORY keeps statement journals and sort files off the disk.
	for _, p := range []string{"PRAGMA temp_store=MEMORY", "PRAGMA foreign_keys=ON", "PRAGMA journal_mode=MEMORY"} {
		if _, err := db.Exec(p); err != nil {
			db.Close()
			return nil, fmt.Errorf("open database: %s: %w", p, err)
		}
	}
	return db, nil
}

// New returns an empty record database with the current schema.
func New(ctx context.Context) (*Store, error) {
	db, err := openMemory()
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, q: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Load opens a database from its serialized bytes (as decrypted from
// record.age) and migrates it forward. SQLite copies the bytes, into a block
// with room for the database to grow (see sqlitemem.Room), so the caller may zero
// plain as soon as Load returns.
func Load(ctx context.Context, plain []byte) (*Store, error) {
	if len(plain) == 0 {
		return nil, errors.New("load record: the decrypted record is empty")
	}
	db, err := openMemory()
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("load record: %w", err)
	}
	err = conn.Raw(func(dc any) error { return deserialize(dc, plain) })
	conn.Close()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("load record: %w", err)
	}
	s := &Store{db: db, q: db}
	// No integrity scan here: the bytes were authenticated by age, so they
	// are exactly what phr wrote. Check (phr doctor) scans the whole file.
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Check scans the whole database for damage (PRAGMA quick_check): slow on a
// large record, so phr doctor runs it, not every open.
func (s *Store) Check(ctx context.Context) error {
	var check string
	if err := s.q.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil {
		return fmt.Errorf("check record: %w", err)
	}
	if check != "ok" {
		return fmt.Errorf("check record: the database is damaged: %s", check)
	}
	return nil
}

// Serialize returns the whole database as bytes, for the vault to encrypt.
// The caller owns the returned plaintext and should zero it after use.
func (s *Store) Serialize(ctx context.Context) ([]byte, error) {
	if s.tx {
		return nil, errors.New("serialize record: inside a transaction")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("serialize record: %w", err)
	}
	defer conn.Close()
	var out []byte
	err = conn.Raw(func(dc any) error {
		s, ok := dc.(serializer)
		if !ok {
			return errors.New("the sqlite driver cannot serialize")
		}
		b, err := s.Serialize()
		out = b
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("serialize record: %w", err)
	}
	return out, nil
}

// Close drops the database from memory.
func (s *Store) Close() error {
	if s.tx {
		return nil
	}
	return s.db.Close()
}

// Querier returns the database or the transaction this store writes through.
func (s *Store) Querier() Querier { return s.q }

// Tx runs fn inside one transaction: if fn returns an error, nothing it did is
// kept. The *Store passed to fn writes through the transaction; do not use
// the outer store inside fn (it would wait for the one connection forever).
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx {
		return fn(s)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	inner := &Store{db: s.db, q: &stmtCache{tx: tx}, tx: true, imports: map[string]int64{},
		importRows: map[int64]record.SourceRef{}}
	if err := fn(inner); err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return fmt.Errorf("%w (and the rollback failed: %v)", err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// maxCachedStmts bounds the statements one transaction keeps prepared:
// queries built for a list of ids or categories differ in their text, and
// only the statements repeated for every entry are worth keeping.
const maxCachedStmts = 64

// stmtCache runs a transaction's statements, preparing each text once and
// reusing it: an import adds tens of thousands of entries in one
// transaction, and compiling the insert (with its full-text and chart
// triggers) again for each one cost about 40% of the import. database/sql
// closes the statements when the transaction commits or rolls back.
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// stmt returns the prepared statement for q, or nil where q is not cached
// (a script of several statements, a full cache, a failed prepare, whose
// error the plain call then reports).
func (c *stmtCache) stmt(ctx context.Context, q string) *sql.Stmt {
	if st, ok := c.stmts[q]; ok {
		return st
	}
	if len(c.stmts) >= maxCachedStmts || strings.Contains(q, ";") {
		return nil
	}
	st, err := c.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[q] = st
	return st
}

// ExecContext implements Querier.
func (c *stmtCache) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := c.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.tx.ExecContext(ctx, q, args...)
}

// QueryContext implements Querier. Queries whose rows stay open are not
// cached: a second use of the same prepared statement before the rows are
// closed would reset them.
func (c *stmtCache) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.tx.QueryContext(ctx, q, args...)
}

// QueryRowContext implements Querier. The row is read and closed by its
// Scan, before the statement can be used again.
func (c *stmtCache) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.tx.QueryRowContext(ctx, q, args...)
}
