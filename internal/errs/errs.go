// Package errs classifies phr's errors by what the person can do about them.
// Domain packages return an *Error with a Kind; the command line maps each
// Kind to the exit code of the command contract, and the interface to a
// message. The kinds never change meaning.
package errs

import (
	"errors"
	"fmt"
)

// Kind says which class of failure an error belongs to.
type Kind int

// The kinds, in the order of the contract's exit codes.
const (
	// Failed is any failure that is not one of the others (exit 1).
	Failed Kind = iota + 1
	// Usage is a bad command, flag, category, date or id (exit 2).
	Usage
	// Unlock means the vault could not be unlocked (exit 3).
	Unlock
	// Policy is a refusal by policy: a weak passphrase, unconfirmed sensitive entries (exit 4).
	Policy
	// Extract means an extract is not usable: expired, altered, foreign (exit 5).
	Extract
	// Busy means the vault is held by another process or changed on disk (exit 6).
	Busy
)

// Error is an error with a Kind. Its message is shown to the person as is, so
// it must never contain a secret or a record's contents.
type Error struct {
	Kind Kind
	Msg  string
	Err  error
	// Items names what the error is about, for a script to act on: the
	// ids of the entries a refused export holds, or the one bad item of a
	// batch ("item 3").
	Items []string
}

// Error returns the message. New and Wrap put the whole text, including any
// wrapped error's, into Msg, so Err is not repeated.
func (e *Error) Error() string {
	if e.Msg == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an *Error of the given kind with a formatted message. A %w verb
// wraps the error as usual.
func New(k Kind, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: k, Msg: err.Error(), Err: errors.Unwrap(err)}
}

// Wrap gives err a kind, keeping its message. It returns nil for a nil err.
func Wrap(k Kind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Msg: err.Error(), Err: err}
}

// WithItems returns err, of the same kind and message, with Items naming
// what it is about.
func WithItems(err error, items ...string) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: KindOf(err), Msg: err.Error(), Err: err, Items: append([]string(nil), items...)}
}

// ItemsOf returns the Items of the outermost *Error in err's chain.
func ItemsOf(err error) []string {
	var e *Error
	if errors.As(err, &e) {
		return e.Items
	}
	return nil
}

// String returns the kind's name, as --json errors show it.
func (k Kind) String() string {
	switch k {
	case Failed:
		return "failed"
	case Usage:
		return "usage"
	case Unlock:
		return "unlock"
	case Policy:
		return "policy"
	case Extract:
		return "extract"
	case Busy:
		return "busy"
	}
	return "failed"
}

// KindOf returns the kind of the outermost *Error in err's chain, or Failed.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Failed
}

// Is reports whether err has the given kind.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }
