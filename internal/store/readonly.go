package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"modernc.org/sqlite"

	"github.com/phrhealth/phr/internal/errs"
)

// schemaPragmas are the pragmas a read-only query may use: they describe the
// schema, and their argument names a table or an index, never a setting.
// PRAGMA user_version may be read too, without a value.
var schemaPragmas = []string{"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
	"foreign_key_list"}

// deniedFunctions are SQL functions a read-only query may not call: they
// reach outside the database (load_extension, and the file functions some
// builds of SQLite carry) or change how it parses (fts3_tokenizer).
var deniedFunctions = []string{"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}

// readOnlyAuthorizer lets a statement read the record and nothing else (and
// not the settings table, which holds the signing key): no writes of any kind, no ATTACH (which could open or create a file), no
// transactions, no pragma that sets something, no extension loading.
func readOnlyAuthorizer(action sqlite.AuthorizerActionCode, arg1, arg2, _, _ string) sqlite.AuthorizerReturnCode {
	switch action {
	case sqlite.AuthRead:
		// The settings hold the key that signs extracts: a query never
		// prints it.
		if strings.EqualFold(arg1, "settings") {
			return sqlite.AuthorizerDeny
		}
		return sqlite.AuthorizerOK
	case sqlite.AuthSelect, sqlite.AuthRecursive:
		return sqlite.AuthorizerOK
	case sqlite.AuthFunction:
		if slices.Contains(deniedFunctions, strings.ToLower(arg2)) {
			return sqlite.AuthorizerDeny
		}
		return sqlite.AuthorizerOK
	case sqlite.AuthPragma:
		name := strings.ToLower(arg1)
		if slices.Contains(schemaPragmas, name) || name == "user_version" && arg2 == "" {
			return sqlite.AuthorizerOK
		}
	}
	return sqlite.AuthorizerDeny
}

// ReadOnlyQuery runs one SQL statement a person wrote against the record,
// read-only (PRAGMA query_only and an authorizer that allows reading and
// nothing else), and calls row for each result row with the column names
// and the values (int64, float64, string, []byte or nil). The caller bounds
// the time with ctx. The connection is given back as it was, authorizer off
// and query_only off, whatever the statement did.
func (s *Store) ReadOnlyQuery(ctx context.Context, stmt string, row func(cols []string, vals []any) error) (err error) {
	if s.tx {
		return errors.New("query: inside a transaction")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only=1"); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer func() {
		// The connection is the record's only one: it must write again
		// after this, or every later save fails.
		if _, rerr := conn.ExecContext(context.Background(), "PRAGMA query_only=0"); rerr != nil {
			err = errors.Join(err, fmt.Errorf("query: make the record writable again: %w", rerr))
		}
	}()
	if err := setAuthorizer(conn, readOnlyAuthorizer); err != nil {
		return err
	}
	defer func() {
		if rerr := setAuthorizer(conn, nil); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}()
	rows, err := conn.QueryContext(ctx, stmt)
	if err != nil {
		return queryErr(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return queryErr(err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return queryErr(err)
		}
		if err := row(cols, vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return queryErr(err)
	}
	return nil
}

func setAuthorizer(conn *sql.Conn, fn sqlite.AuthorizerFn) error {
	err := conn.Raw(func(dc any) error {
		r, ok := dc.(sqlite.AuthorizerRegisterer)
		if !ok {
			return fmt.Errorf("the SQLite driver (%T) cannot restrict a query", dc)
		}
		return r.RegisterAuthorizer(fn)
	})
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return nil
}

// queryErr says a refused statement in words: SQLite's "not authorized"
// means the statement tried something other than reading.
// A statement SQLite refuses to prepare or run is the person's to fix
// (errs.Usage); running out of time is not.
func queryErr(err error) error {
	msg := err.Error()
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || strings.Contains(msg, "interrupted") {
		return fmt.Errorf("query: %w", err)
	}
	if strings.Contains(msg, "not authorized") || strings.Contains(msg, "prohibited") || strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only") {
		return errs.New(errs.Usage, "query: only reading is allowed (SELECT, WITH, and schema pragmas such as table_info; not the settings table): %v", err)
	}
	return errs.New(errs.Usage, "query: %v", err)
}
