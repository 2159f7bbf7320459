package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/errs"
)

// DefaultQueryTimeout bounds a read-only query when the caller gives no
// limit: long enough for any statement over a lifetime record, short enough
// that a runaway recursive one gives the terminal back.
const DefaultQueryTimeout = 30 * time.Second

// Query runs one read-only SQL statement against the record in memory (see
// store.ReadOnlyQuery, and docs/QUERY.md for the schema) and calls row for
// each result row. The record is never written to disk for it; the session's
// unlock is audited as for any read. A statement that is not a read, or that
// SQLite cannot run, is an errs.Usage error; one that runs past timeout is
// stopped.
func (s *Session) Query(ctx context.Context, stmt string, timeout time.Duration, row func(cols []string, vals []any) error) error {
	if strings.TrimSpace(stmt) == "" {
		return errs.New(errs.Usage, "say what to query: phr query 'SELECT category, title FROM entries' (docs/QUERY.md lists the tables)")
	}
	if timeout <= 0 {
		timeout = DefaultQueryTimeout
	}
	st, err := s.db()
	if err != nil {
		return err
	}
	qctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err = st.ReadOnlyQuery(qctx, stmt, row)
	if err != nil && errors.Is(qctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		return errs.New(errs.Failed, "query: stopped after %s: narrow the statement, or allow longer with --timeout", timeout)
	}
	return err
}
