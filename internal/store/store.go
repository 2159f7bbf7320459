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

	_ "modernc.org/sqlite" // registers the "sqlite" driver
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
}

// serializer is the part of modernc's driver connection that the store uses.
type serializer interface {
	Serialize() ([]byte, error)
	Deserialize([]byte) error
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
// record.age) and migrates it forward. SQLite copies the bytes, so the caller
// may zero plain as soon as Load returns.
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
	err = conn.Raw(func(dc any) error {
		s, ok := dc.(serializer)
		if !ok {
			return errors.New("the sqlite driver cannot deserialize")
		}
		return s.Deserialize(plain)
	})
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
	inner := &Store{db: s.db, q: tx, tx: true}
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
