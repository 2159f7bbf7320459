package share

import "github.com/phrhealth/phr/internal/errs"

// withKind gives err a kind and keeps err's own message and chain. (errs.Wrap
// would repeat the message: its Msg and Err both print.)
func withKind(k errs.Kind, err error) error {
	if err == nil {
		return nil
	}
	return &errs.Error{Kind: k, Err: err}
}

// withKindExtract classifies err as an unusable extract (exit 5).
func withKindExtract(err error) error { return withKind(errs.Extract, err) }

// refuse returns an errs.Extract error with a plain one-line message; cause,
// if any, stays reachable with errors.Is and errors.As but is not printed.
func refuse(msg string, cause error) error {
	return &quietError{kind: &errs.Error{Kind: errs.Extract, Msg: msg}, cause: cause}
}

// quietError carries an *errs.Error (so errs.KindOf works) and a cause kept for
// errors.Is/As but left out of the message, so the person reads one plain line.
type quietError struct {
	kind  *errs.Error
	cause error
}

func (q *quietError) Error() string { return q.kind.Msg }

// Unwrap returns the classified error and the cause.
func (q *quietError) Unwrap() []error {
	if q.cause == nil {
		return []error{q.kind}
	}
	return []error{q.kind, q.cause}
}
