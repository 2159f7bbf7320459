// Package audit keeps phr's audit log: an append-only list of every unlock,
// change, import, export and key change, stored inside the record database.
// Each row holds the SHA-256 of the row before it, so a history that was
// rewritten or cut short in the middle shows when the chain is verified.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schema is the audit table and the triggers that keep it append-only.
// The record's first migration (package store) creates them from this
// text, so the table's DDL and every query of it live in this package.
// Like a released migration, it must never change.
const Schema = `CREATE TABLE audit (
	seq    INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	action TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev   TEXT NOT NULL,
	hash   TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
`

// Querier is what both a database and a transaction offer (store.Querier
// has the same methods): the log's rows join the caller's transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// The actions phr records.
const (
	Init         = "init"
	Unlock       = "unlock"
	Add          = "add"
	Edit         = "edit"
	Remove       = "rm"
	Import       = "import"
	Passwd       = "passwd"
	Remember     = "remember"
	Forget       = "forget"
	Restore      = "restore"
	Profile      = "profile"
	CarerAdd     = "carer-add"
	CarerRemove  = "carer-rm"
	Export       = "export"
	Settings     = "settings"
	SigningKeyed = "signing-key"
	// AgentStart is phr unlock handing the vault key to an unlock agent.
	AgentStart = "agent-start"
	// Lock is phr lock ending the unlock agent.
	Lock = "lock"
	// Summary, Card and Archive are a printable summary, an emergency card
	// and a whole-record archive written out, with their SHA-256.
	Summary = "summary"
	Card    = "card"
	Archive = "archive"
	// Kinds is every entry's sensitive kinds inferred again, once, with
	// the sensitive tables of a newer phr.
	Kinds = "sensitive-kinds"
)

// genesis is the "previous hash" of the first row.
var genesis = strings.Repeat("0", 64)

// Row is one line of the audit log.
type Row struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	Detail string    `json:"detail"`
	Prev   string    `json:"-"`
	Hash   string    `json:"-"`
}

// MarshalJSON writes a row as {seq, at, action, detail} with detail always
// an object: the object the row was written with, or {"text": ...} for a
// row written as words (older rows, and a few actions). The stored detail,
// which the hash chain covers, is unchanged.
func (r Row) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Seq    int64           `json:"seq"`
		At     time.Time       `json:"at"`
		Action string          `json:"action"`
		Detail json.RawMessage `json:"detail"`
	}{r.Seq, r.At, r.Action, r.DetailObject()})
}

// DetailObject returns the row's detail as a JSON object (see MarshalJSON).
func (r Row) DetailObject() json.RawMessage {
	d := strings.TrimSpace(r.Detail)
	if strings.HasPrefix(d, "{") && json.Valid([]byte(d)) {
		return json.RawMessage(d)
	}
	var v any
	if d != "" && json.Unmarshal([]byte(d), &v) == nil {
		b, _ := json.Marshal(map[string]any{"value": v})
		return b
	}
	b, _ := json.Marshal(map[string]string{"text": r.Detail})
	return b
}

// hashRow computes a row's hash from the previous hash and its own fields,
// each length-prefixed so that no two different rows encode the same.
func hashRow(prev string, seq int64, at, action, detail string) string {
	h := sha256.New()
	for _, part := range []string{"phr-audit-v1", prev, strconv.FormatInt(seq, 10), at, action, detail} {
		fmt.Fprintf(h, "%d:%s;", len(part), part)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Append adds a row after the last one. detail is either a plain string or
// any value that marshals to JSON; it must not hold secrets.
func Append(ctx context.Context, q Querier, at time.Time, action string, detail any) error {
	var d string
	switch v := detail.(type) {
	case string:
		d = v
	case nil:
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("audit %s: %w", action, err)
		}
		d = string(b)
	}
	var seq int64
	var prev string
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(seq),0), coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), '') FROM audit`).Scan(&seq, &prev)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	if prev == "" {
		prev = genesis
	}
	seq++
	ts := at.UTC().Format(time.RFC3339Nano)
	_, err = q.ExecContext(ctx, `INSERT INTO audit(seq, at, action, detail, prev, hash) VALUES (?,?,?,?,?,?)`,
		seq, ts, action, d, prev, hashRow(prev, seq, ts, action, d))
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// List returns every row, oldest first.
func List(ctx context.Context, q Querier) ([]Row, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, at, action, detail, prev, hash FROM audit ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	out := []Row{}
	for rows.Next() {
		var r Row
		var at string
		if err := rows.Scan(&r.Seq, &at, &r.Action, &r.Detail, &r.Prev, &r.Hash); err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		r.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// BrokenError says where the chain first fails to hold.
type BrokenError struct {
	Seq    int64
	Reason string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("the audit log is broken at row %d: %s", e.Seq, e.Reason)
}

// Verify checks the whole chain and returns a *BrokenError naming the first
// row that does not hold, or nil.
func Verify(rows []Row) error {
	prev := genesis
	var want int64 = 1
	for _, r := range rows {
		if r.Seq != want {
			return &BrokenError{Seq: want, Reason: fmt.Sprintf("row %d is missing", want)}
		}
		if r.Prev != prev {
			return &BrokenError{Seq: r.Seq, Reason: "it does not follow the row before it"}
		}
		at := r.At.UTC().Format(time.RFC3339Nano)
		if hashRow(r.Prev, r.Seq, at, r.Action, r.Detail) != r.Hash {
			return &BrokenError{Seq: r.Seq, Reason: "its contents were changed"}
		}
		prev = r.Hash
		want++
	}
	return nil
}

// Head returns the sequence number and hash of the last row (0 and "" for
// an empty log). The pair names one exact history: a later row's hash
// covers every row before it.
func Head(ctx context.Context, q Querier) (seq int64, hash string, err error) {
	err = q.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read audit log: %w", err)
	}
	return seq, hash, nil
}

// HashAt returns the hash of row seq, and false when there is no such row.
func HashAt(ctx context.Context, q Querier, seq int64) (string, bool, error) {
	var h string
	err := q.QueryRowContext(ctx, `SELECT hash FROM audit WHERE seq = ?`, seq).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read audit log: %w", err)
	}
	return h, true, nil
}
