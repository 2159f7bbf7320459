package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/phrhealth/phr/internal/sqlitemem"
)

// serializer is the part of modernc's driver connection that copies the
// database out and in (its exported Serialize and Deserialize).
type serializer interface {
	Serialize() ([]byte, error)
	Deserialize([]byte) error
}

// deserialize makes plain the database of the driver connection dc: in a
// block with room to grow (package sqlitemem), or, where that cannot be had,
// through the driver (a block exactly the database's size).
func deserialize(dc any, plain []byte) error {
	if done, err := sqlitemem.Load(dc, plain); done {
		return err
	}
	s, ok := dc.(serializer)
	if !ok {
		return errors.New("the sqlite driver cannot deserialize")
	}
	return s.Deserialize(plain)
}

// WithSerialized calls fn with the whole database as bytes, for the vault to
// encrypt, without copying it when it can: a record loaded with Load lives
// in one block of SQLite's memory, which fn then reads itself (package
// sqlitemem). Serializing a lifetime record by copy costs tens of
// milliseconds and a second copy of the record in memory (docs/BENCH.md).
//
// fn must not change or keep plain: it is the live database. The connection
// is held for the whole call, so nothing else can change the database while
// fn reads it. When borrowing is not possible (a database made with New and
// never loaded), fn gets a copy, which is cleared after fn returns.
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
		if done, err := sqlitemem.Borrow(dc, fn); done {
			return err
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

// Reserve makes room in memory for the database to grow by about extra
// bytes at once (sqlitemem.Reserve), before a change as large as an Apple
// Health export's tens of thousands of readings: grown a step at a time,
// the database would leave every smaller block it outgrew with the
// process. It does nothing where the database is not one block of SQLite's
// memory (a database made with New and never loaded).
func (s *Store) Reserve(ctx context.Context, extra int) error {
	if s.tx {
		return errors.New("reserve memory for the record: inside a transaction")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("reserve memory for the record: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		size := 0
		if ok, _ := sqlitemem.Borrow(dc, func(b []byte) error { size = len(b); return nil }); !ok {
			return nil
		}
		if sqlitemem.Room(size+extra) <= s.room {
			// The room reserved before is enough (a dry run, then the
			// import): the record stays where it is.
			return nil
		}
		ok, err := sqlitemem.Reserve(dc, extra)
		if err != nil {
			return fmt.Errorf("reserve memory for the record: %w", err)
		}
		if ok {
			s.room = sqlitemem.Room(size + extra)
		}
		return nil
	})
}
