package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// idEncoding is lower-case base32 without padding: ids are easy to read aloud
// and to type.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random id of 10 characters (50 bits).
func NewID() string {
	var b [7]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the runtime guarantees this never happens
	}
	return idEncoding.EncodeToString(b[:])[:10]
}

// ErrNotFound is returned when no entry has the given id.
var ErrNotFound = errors.New("no such entry")

const entryColumns = `id, category, title, date, end_date, status, value, unit,
	code_system, code, code_display, notes, tags, sensitive, sensitive_reviewed, components, ref_range,
	interpretation, links, source, source_id, original, created, updated, codings, labels, unit_code, stats,
	dose, route, frequency, reaction, severity, criticality, sources`

const timeLayout = time.RFC3339Nano

// AddEntry inserts a new entry. An empty ID gets a fresh one; an empty Source
// becomes "manual"; Created and Updated are set to now when zero. The entry
// is validated first.
func (s *Store) AddEntry(ctx context.Context, e *record.Entry, now time.Time) error {
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.Source == "" {
		e.Source = "manual"
	}
	if e.Created.IsZero() {
		e.Created = now.UTC()
	}
	if e.Updated.IsZero() {
		e.Updated = e.Created
	}
	if err := e.Validate(); err != nil {
		return errs.Wrap(errs.Usage, err)
	}
	args, err := entryArgs(e)
	if err != nil {
		return err
	}
	// sources, just before value_num, names rows of imports.
	if args[len(args)-2], err = s.sourcesRefs(ctx, e); err != nil {
		return err
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO entries (`+entryColumns+`, value_num)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, args...)
	if err != nil {
		return fmt.Errorf("add entry: %w", err)
	}
	if err := s.writeTags(ctx, e.ID, e.Tags); err != nil {
		return err
	}
	for _, a := range e.Attachments {
		if err := s.AddAttachment(ctx, e.ID, a, now); err != nil {
			return err
		}
	}
	return nil
}

// UpdateEntry replaces every field of an existing entry except its id,
// created time and attachments, and sets Updated to now.
func (s *Store) UpdateEntry(ctx context.Context, e *record.Entry, now time.Time) error {
	if err := e.Validate(); err != nil {
		return errs.Wrap(errs.Usage, err)
	}
	e.Updated = now.UTC()
	args, err := entryArgs(e)
	if err != nil {
		return err
	}
	// sources, just before value_num, names rows of imports.
	if args[len(args)-2], err = s.sourcesRefs(ctx, e); err != nil {
		return err
	}
	// args follow entryColumns then value_num: skip id and created, end with id.
	res, err := s.q.ExecContext(ctx, `UPDATE entries SET category=?, title=?, date=?, end_date=?,
		status=?, value=?, unit=?, code_system=?, code=?, code_display=?, notes=?, tags=?, sensitive=?,
		sensitive_reviewed=?, components=?, ref_range=?, interpretation=?, links=?, source=?, source_id=?, original=?,
		updated=?, codings=?, labels=?, unit_code=?, stats=?, dose=?, route=?, frequency=?, reaction=?, severity=?,
		criticality=?, sources=?, value_num=? WHERE id=?`,
		append(append(args[1:22:22], args[23:36]...), args[0])...)
	if err != nil {
		return fmt.Errorf("edit entry: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Usage, "no entry with id %q: see phr list", e.ID)
	}
	return s.writeTags(ctx, e.ID, e.Tags)
}

// SetKinds replaces an entry's sensitive kinds, leaving everything else
// (its Updated time too) as it is: phr's own inference, not a change of
// the person's.
func (s *Store) SetKinds(ctx context.Context, id string, kinds []record.Kind) error {
	if kinds == nil {
		kinds = []record.Kind{}
	}
	b, err := json.Marshal(kinds)
	if err != nil {
		return err
	}
	if _, err := s.q.ExecContext(ctx, `UPDATE entries SET sensitive=? WHERE id=?`, string(b), id); err != nil {
		return fmt.Errorf("set kinds: %w", err)
	}
	return nil
}

// DeleteEntry removes an entry and returns the ids of its attachment files,
// which the caller releases (they are deleted from disk only once no kept
// backup names them).
func (s *Store) DeleteEntry(ctx context.Context, id string) ([]string, error) {
	e, err := s.Entry(ctx, id)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, a := range e.Attachments {
		files = append(files, a.ID)
	}
	if _, err := s.q.ExecContext(ctx, `DELETE FROM entries WHERE id=?`, id); err != nil {
		return nil, fmt.Errorf("remove entry: %w", err)
	}
	return files, nil
}

func (s *Store) writeTags(ctx context.Context, id string, tags []string) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM entry_tags WHERE entry_id=?`, id); err != nil {
		return fmt.Errorf("save tags: %w", err)
	}
	for _, t := range tags {
		if _, err := s.q.ExecContext(ctx, `INSERT INTO entry_tags(entry_id, tag) VALUES (?,?)`, id, t); err != nil {
			return fmt.Errorf("save tags: %w", err)
		}
	}
	return nil
}

// entryArgs returns the column values in entryColumns order, then value_num;
// sources is "[]" there, for the caller to fill (sourcesRefs).
func entryArgs(e *record.Entry) ([]any, error) {
	tags, err := json.Marshal(orEmpty(e.Tags))
	if err != nil {
		return nil, err
	}
	kinds := e.Sensitive
	if kinds == nil {
		kinds = []record.Kind{}
	}
	sens, err := json.Marshal(kinds)
	if err != nil {
		return nil, err
	}
	comps := e.Components
	if comps == nil {
		comps = []record.Component{}
	}
	compJSON, err := json.Marshal(comps)
	if err != nil {
		return nil, err
	}
	links, err := json.Marshal(orEmpty(e.Links))
	if err != nil {
		return nil, err
	}
	codings, err := codesJSON(e.Codings)
	if err != nil {
		return nil, err
	}
	labels, err := codesJSON(e.Labels)
	if err != nil {
		return nil, err
	}
	var cs, cc, cd string
	if e.Code != nil {
		cs, cc, cd = e.Code.System, e.Code.Code, e.Code.Display
	}
	stats := ""
	if e.Stats != nil {
		b, err := json.Marshal(e.Stats)
		if err != nil {
			return nil, err
		}
		stats = string(b)
	}
	var num any
	if f, ok := Numeric(e.Value); ok {
		num = f
	}
	return []any{e.ID, string(e.Category), e.Title, e.Date, e.End, e.Status, e.Value, e.Unit,
		cs, cc, cd, e.Notes, string(tags), string(sens), e.SensitiveReviewed, string(compJSON), e.Range,
		e.Interpretation, string(links), e.Source, e.SourceID, e.Original,
		e.Created.UTC().Format(timeLayout), e.Updated.UTC().Format(timeLayout), codings, labels, e.UnitCode, stats,
		e.Dose, e.Route, e.Frequency, e.Reaction, e.Severity, e.Criticality, "[]", num}, nil
}

// codesJSON writes codes as a JSON array ("[]" for none).
func codesJSON(c []record.Code) (string, error) {
	if len(c) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(c)
	return string(b), err
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Numeric reads the leading number of a value (see record.Numeric): the
// number charted for it, if any.
func Numeric(v string) (float64, bool) { return record.Numeric(v) }

type rowScanner interface{ Scan(dest ...any) error }

// queryEntry reads the one row of every column a query of them returns
// (sql.ErrNoRows when none). The scanner is made first: it may read the
// imports rows, which it cannot while the row is open.
func (s *Store) queryEntry(ctx context.Context, query string, args ...any) (record.Entry, error) {
	sc, err := s.newScanner(ctx, allColumns)
	if err != nil {
		return record.Entry{}, err
	}
	return sc.scan(s.q.QueryRowContext(ctx, query, args...))
}

// Entry returns the entry with the given id, or a unique entry whose id
// starts with it (at least four characters), with its attachments.
func (s *Store) Entry(ctx context.Context, id string) (record.Entry, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	e, err := s.queryEntry(ctx, `SELECT `+selectColumns(allColumns)+` FROM entries WHERE id=?`, id)
	if errors.Is(err, sql.ErrNoRows) && len(id) >= 4 {
		e, err = s.entryByPrefix(ctx, id)
	}
	if errors.Is(err, sql.ErrNoRows) || errors.Is(err, ErrNotFound) {
		return e, errs.New(errs.Usage, "no entry with id %q: see phr list for the ids", id)
	}
	if err != nil {
		return e, err
	}
	e.Attachments, err = s.Attachments(ctx, e.ID)
	return e, err
}

func (s *Store) entryByPrefix(ctx context.Context, prefix string) (record.Entry, error) {
	sc, err := s.newScanner(ctx, allColumns)
	if err != nil {
		return record.Entry{}, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+selectColumns(allColumns)+` FROM entries WHERE id >= ? AND id < ? LIMIT 2`,
		prefix, prefix+"\x7f")
	if err != nil {
		return record.Entry{}, err
	}
	defer rows.Close()
	var found []record.Entry
	for rows.Next() {
		e, err := sc.scan(rows)
		if err != nil {
			return e, err
		}
		found = append(found, e)
	}
	if err := rows.Err(); err != nil {
		return record.Entry{}, err
	}
	switch len(found) {
	case 0:
		return record.Entry{}, ErrNotFound
	case 1:
		return found[0], nil
	}
	return record.Entry{}, errs.New(errs.Usage, "id %q matches more than one entry: type more of it", prefix)
}

// HasSource reports whether an entry with this source and source id exists.
// An empty source id never matches (entries without one are not unique).
func (s *Store) HasSource(ctx context.Context, source, sourceID string) (bool, error) {
	var n int
	// "source_id <> ''" lets SQLite use the partial index entries_source;
	// without it every look-up scanned the table, which made an import
	// quadratic in the size of the record.
	err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE source=? AND source_id=? AND source_id <> ''`, source, sourceID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up source: %w", err)
	}
	return n > 0, nil
}

// EntryBySource returns the entry with this source and source id, with its
// attachments, and whether there is one. An empty source id never matches.
func (s *Store) EntryBySource(ctx context.Context, source, sourceID string) (record.Entry, bool, error) {
	if sourceID == "" {
		return record.Entry{}, false, nil
	}
	e, err := s.queryEntry(ctx, `SELECT `+selectColumns(allColumns)+` FROM entries WHERE source=? AND source_id=? AND source_id <> ''`, source, sourceID)
	if errors.Is(err, sql.ErrNoRows) {
		return record.Entry{}, false, nil
	}
	if err != nil {
		return e, false, fmt.Errorf("look up source: %w", err)
	}
	e.Attachments, err = s.Attachments(ctx, e.ID)
	return e, err == nil, err
}

// AddAttachment records an attachment file that the vault already wrote.
func (s *Store) AddAttachment(ctx context.Context, entryID string, a record.Attachment, now time.Time) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO attachments(id, entry_id, name, type, size, sha256, added)
		VALUES (?,?,?,?,?,?,?)`, a.ID, entryID, a.Name, a.Type, a.Size, a.SHA256, now.UTC().Format(timeLayout))
	if err != nil {
		return fmt.Errorf("add attachment: %w", err)
	}
	return nil
}

// Attachments lists an entry's attachments in the order they were added.
func (s *Store) Attachments(ctx context.Context, entryID string) ([]record.Attachment, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, name, type, size, sha256 FROM attachments
		WHERE entry_id=? ORDER BY added, id`, entryID)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	defer rows.Close()
	var out []record.Attachment
	for rows.Next() {
		var a record.Attachment
		if err := rows.Scan(&a.ID, &a.Name, &a.Type, &a.Size, &a.SHA256); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentIDs returns the ids of every attachment the record names.
func (s *Store) AttachmentIDs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id FROM attachments`)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// ReleaseFiles notes that attachment files are no longer named by the
// record as of save generation gen. They may be deleted from disk once every
// kept backup is newer than gen (see ReleasedBefore).
func (s *Store) ReleaseFiles(ctx context.Context, ids []string, gen int64) error {
	for _, id := range ids {
		if _, err := s.q.ExecContext(ctx, `INSERT OR REPLACE INTO files_released(id, released_at) VALUES (?,?)`, id, gen); err != nil {
			return fmt.Errorf("release attachment: %w", err)
		}
	}
	return nil
}

// ReleasedBefore returns released files whose release generation is at most gen.
func (s *Store) ReleasedBefore(ctx context.Context, gen int64) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id FROM files_released WHERE released_at <= ?`, gen)
	if err != nil {
		return nil, fmt.Errorf("list released files: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ForgetReleased drops the note of a released file once it is deleted.
func (s *Store) ForgetReleased(ctx context.Context, id string) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM files_released WHERE id=?`, id)
	return err
}

// Released returns the ids of all files noted as released.
func (s *Store) Released(ctx context.Context) (map[string]bool, error) {
	ids, err := s.ReleasedBefore(ctx, 1<<62)
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}
