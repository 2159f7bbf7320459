package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/phrhealth/phr/internal/record"
)

// Filter selects entries for List. Zero fields select everything.
type Filter struct {
	Categories []record.Category
	IDs        []string
	// Since and Until bound the entry's date, inclusive, as canonical dates.
	Since, Until string
	Tag          string
	// Limit caps the number of entries; 0 means no limit.
	Limit int
	// Oldest lists oldest first; the default is newest first.
	Oldest bool
	// Rows reads only what a one-line row of a list shows (ID, Category,
	// Title, Date, Value, Unit, Code, Codings, Range, Interpretation,
	// Sensitive and SensitiveReviewed, and Components where Value is empty;
	// no attachments): fewer than half the columns, for a list that prints
	// rows. Such an entry is for showing only, never to be edited and
	// written back.
	Rows bool
}

// columns is the set of columns f reads.
func (f Filter) columns() columnSet {
	if f.Rows {
		return rowColumns
	}
	return listColumns
}

// List returns the entries that match f, newest first (entries without a
// date last), without their original imported text.
func (s *Store) List(ctx context.Context, f Filter) ([]record.Entry, error) {
	q, args, n, err := s.listQuery(ctx, f)
	if err != nil {
		return nil, err
	}
	return s.queryEntries(ctx, f.columns(), n, q, args...)
}

// EachEntry calls fn with each entry List would return, in the same order,
// one at a time: a list of any length in the memory of one entry (and of
// the record's attachment list). fn must not use the store: the record has
// one connection, busy until EachEntry returns.
func (s *Store) EachEntry(ctx context.Context, f Filter, fn func(record.Entry) error) error {
	q, args, _, err := s.listQuery(ctx, f)
	if err != nil {
		return err
	}
	var atts map[string][]record.Attachment
	if !f.Rows {
		if atts, err = s.AttachmentsByEntry(ctx); err != nil {
			return err
		}
	}
	sc, err := s.newScanner(ctx, f.columns())
	if err != nil {
		return err
	}
	err = s.eachRow(ctx, q, args, func(r rowScanner) error {
		e, err := sc.scan(r)
		if err != nil {
			return err
		}
		e.Attachments = atts[e.ID]
		return fn(e)
	})
	if err != nil {
		return fmt.Errorf("list entries: %w", err)
	}
	return nil
}

// AttachmentsByEntry returns every attachment's metadata by entry id, each
// entry's in the order they were added.
func (s *Store) AttachmentsByEntry(ctx context.Context) (map[string][]record.Attachment, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT entry_id, id, name, type, size, sha256 FROM attachments ORDER BY added, id`)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	defer rows.Close()
	out := make(map[string][]record.Attachment)
	for rows.Next() {
		var eid string
		var a record.Attachment
		if err := rows.Scan(&eid, &a.ID, &a.Name, &a.Type, &a.Size, &a.SHA256); err != nil {
			return nil, fmt.Errorf("list attachments: %w", err)
		}
		out[eid] = append(out[eid], a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	return out, nil
}

// listQuery builds List's statement for f, and counts its matches.
func (s *Store) listQuery(ctx context.Context, f Filter) (q string, args []any, n int, err error) {
	var where []string
	if len(f.Categories) > 0 {
		where = append(where, "category IN ("+placeholders(len(f.Categories))+")")
		for _, c := range f.Categories {
			args = append(args, string(c))
		}
	}
	if len(f.IDs) > 0 {
		// One JSON array, not one placeholder an id: SQLite takes at most
		// 32,766 placeholders, and a search or a selection can name more.
		list, err := json.Marshal(f.IDs)
		if err != nil {
			return "", nil, 0, fmt.Errorf("list entries: %w", err)
		}
		where = append(where, "id IN (SELECT value FROM json_each(?))")
		args = append(args, string(list))
	}
	if f.Since != "" {
		where = append(where, "date >= ?")
		args = append(args, f.Since)
	}
	if f.Until != "" {
		// A plain date bound includes the whole day.
		where = append(where, "date <> '' AND date <= ?")
		args = append(args, f.Until+"\x7f")
		if len(f.Until) > 10 {
			args[len(args)-1] = f.Until
		}
	}
	// A bound on the date leaves out undated entries (a canonical date is
	// never empty, and '' sorts before every one).
	dated := f.Since != "" || f.Until != ""
	if f.Tag != "" {
		where = append(where, "id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)")
		args = append(args, strings.ToLower(strings.TrimSpace(f.Tag)))
	}
	if f.Limit > 0 && !f.Oldest {
		// The first page of a long list: sorting every match with all its
		// columns to keep a few hundred costs as much as listing them all.
		// The index on (category, date) finds the date of the limit-th
		// newest dated match; only entries from that date on can be in
		// the page, so the sort sees about a page of rows. Where fewer
		// dated entries match than the limit, the page may hold undated
		// ones too and the plain query below runs.
		cq := `SELECT date FROM entries WHERE ` + strings.Join(append(slices.Clone(where), "date <> ''"), " AND ") +
			fmt.Sprintf(` ORDER BY date DESC LIMIT 1 OFFSET %d`, f.Limit-1)
		var cutoff string
		switch err := s.q.QueryRowContext(ctx, cq, args...).Scan(&cutoff); {
		case err == nil:
			where = append(where, "date >= ?")
			args = append(args, cutoff)
			dated = true
		case !errors.Is(err, sql.ErrNoRows):
			return "", nil, 0, fmt.Errorf("list entries: %w", err)
		}
	}
	from := ` FROM entries`
	if len(where) > 0 {
		from += " WHERE " + strings.Join(where, " AND ")
	}
	// Counting the matches first (from the indexes, without reading the
	// rows) lets the list be made at its size once, instead of copied out of
	// chunks.
	if err := s.q.QueryRowContext(ctx, `SELECT count(*)`+from, args...).Scan(&n); err != nil {
		return "", nil, 0, fmt.Errorf("list entries: %w", err)
	}
	if f.Limit > 0 {
		n = min(n, f.Limit)
	}
	q = `SELECT ` + selectColumns(f.columns()) + from
	// Undated entries go last. Where a date bound already leaves them out,
	// the order says so no more: then SQLite walks the (category, date)
	// index in date order and sorts only entries of the same date, instead
	// of sorting every match with all its columns.
	undatedLast := "date = '', "
	if dated {
		undatedLast = ""
	}
	if f.Oldest {
		q += " ORDER BY " + undatedLast + "date, created, id"
	} else {
		q += " ORDER BY " + undatedLast + "date DESC, created DESC, id"
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return q, args, n, nil
}

// queryEntries runs a query of selectColumns(set). size is how many
// entries it is expected to return (0 when not known): the list is made that
// large first. Rows (rowColumns) come without their attachments.
func (s *Store) queryEntries(ctx context.Context, set columnSet, size int, q string, args ...any) ([]record.Entry, error) {
	// Entries are large: collect them in fixed chunks and copy each once
	// into a slice of the right size, instead of growing one slice by
	// doubling (which copied a long list about twice over). When the size
	// is known, the first chunk holds them all and nothing is copied.
	const chunk = 512
	var chunks [][]record.Entry
	cur := make([]record.Entry, 0, max(size, chunk))
	n := 0
	sc, err := s.newScanner(ctx, set)
	if err != nil {
		return nil, err
	}
	err = s.eachRow(ctx, q, args, func(r rowScanner) error {
		e, err := sc.scan(r)
		if err != nil {
			return err
		}
		if len(cur) == cap(cur) {
			chunks = append(chunks, cur)
			cur = make([]record.Entry, 0, chunk)
		}
		cur = append(cur, e)
		n++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	out := cur
	if len(chunks) > 0 {
		out = make([]record.Entry, 0, n)
		for _, c := range append(chunks, cur) {
			out = append(out, c...)
		}
	}
	if set == rowColumns {
		return out, nil
	}
	return out, s.fillAttachments(ctx, out)
}

// eachRow runs q and calls fn for each row, through database/sql.
func (s *Store) eachRow(ctx context.Context, q string, args []any, fn func(r rowScanner) error) error {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// fillAttachments adds attachment metadata to the entries that have any.
func (s *Store) fillAttachments(ctx context.Context, entries []record.Entry) error {
	var n int
	if err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM attachments`).Scan(&n); err != nil || n == 0 {
		return err
	}
	idx := make(map[string]int, len(entries))
	for i, e := range entries {
		idx[e.ID] = i
	}
	rows, err := s.q.QueryContext(ctx, `SELECT entry_id, id, name, type, size, sha256 FROM attachments ORDER BY added, id`)
	if err != nil {
		return fmt.Errorf("list attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var eid string
		var a record.Attachment
		if err := rows.Scan(&eid, &a.ID, &a.Name, &a.Type, &a.Size, &a.SHA256); err != nil {
			return err
		}
		if i, ok := idx[eid]; ok {
			entries[i].Attachments = append(entries[i].Attachments, a)
		}
	}
	return rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// searchRank is the relevance Search ranks the entries that are not
// measurements by: bm25 with the weights title 10, notes 1, code display 5,
// code 5.
const searchRank = `bm25(entries_fts, 10.0, 1.0, 5.0, 5.0)`

// Search finds entries whose title, notes, code or code display contain
// every word of the query (as a word prefix: "penicil" finds "penicillin"),
// in this order: first the entries that are not measurements (conditions,
// medications, results, letters, notes, ...), best match first (bm25, with
// how rare a word is counted among those entries; among equally good matches
// the newest date first, then the most recently added); then the
// measurements, newest date first (undated last; among equal dates the most
// recently added first), not ranked by relevance. limit (> 0) cuts the whole
// list; 0 returns every match. The category is not searched.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]record.Entry, error) {
	m := ftsQuery(query)
	if m == "" {
		return []record.Entry{}, nil
	}
	// Since migration 4 the entries that are not measurements have an index
	// of their own (entries_fts), so bm25 ranks only them: on a lifetime
	// record a common word matches a few hundred of them and tens of
	// thousands of readings (readings_fts), and ranking every match was most
	// of a search's time.
	q := `SELECT e.rowid, e.id, e.date FROM (SELECT rowid AS r, ` + searchRank + ` AS score
			FROM entries_fts WHERE entries_fts MATCH ?) f
		JOIN entries e ON e.rowid = f.r
		ORDER BY f.score, e.date DESC, e.rowid DESC`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	found, err := s.searchMatches(ctx, q, m)
	if err != nil {
		return nil, err
	}
	ids := matchIDs(found)
	if limit == 0 || len(ids) < limit {
		more, err := s.searchMatchs(ctx, m, limit-len(ids))
		if err != nil {
			return nil, err
		}
		ids = append(ids, more...)
	}
	return s.entriesByID(ctx, ids)
}

// searchMatch is a matching entry: its rowid, id and date.
type searchMatch struct {
	rowid int64
	id    string
	date  string
}

// searchMatchs returns the ids of the measurements that match m (an
// ftsQuery), newest date first (ties: higher rowid first), at most n of them
// (n <= 0: all).
//
// With a limit it avoids sorting every match by date: FTS5 hands out the n
// matching readings with the highest rowids cheaply (they are usually the
// newest). Only a reading with a lower rowid and a later date than the n-th
// best of those could belong in the result; the (category, date) index says
// whether any measurement is such, and if one is, the matches from the
// lowest such rowid up are sorted instead, which is exact.
func (s *Store) searchMatchs(ctx context.Context, m string, n int) ([]string, error) {
	byDate := `SELECT e.rowid, e.id, e.date FROM readings_fts f JOIN entries e ON e.rowid = f.rowid
		WHERE readings_fts MATCH ? AND f.rowid >= ?
		ORDER BY e.date DESC, e.rowid DESC`
	if n <= 0 {
		rs, err := s.searchMatches(ctx, byDate, m, 0)
		return matchIDs(rs), err
	}
	rs, err := s.searchMatches(ctx, `SELECT e.rowid, e.id, e.date FROM readings_fts f JOIN entries e ON e.rowid = f.rowid
		WHERE readings_fts MATCH ? ORDER BY f.rowid DESC LIMIT `+fmt.Sprint(n), m)
	if err != nil {
		return nil, err
	}
	lowest := int64(0)
	if len(rs) == n {
		lowest = rs[n-1].rowid
	}
	sortReadings(rs)
	if lowest == 0 {
		return matchIDs(rs), nil
	}
	// A reading below lowest beats the n-th best only with a later date (an
	// equal date loses on rowid).
	var below sql.NullInt64
	err = s.q.QueryRowContext(ctx, `SELECT min(rowid) FROM entries INDEXED BY entries_category_date
		WHERE category = 'measurement' AND date > ? AND rowid < ?`, rs[n-1].date, lowest).Scan(&below)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if !below.Valid {
		return matchIDs(rs), nil
	}
	rs, err = s.searchMatches(ctx, byDate+" LIMIT "+fmt.Sprint(n), m, below.Int64)
	return matchIDs(rs), err
}

// searchMatches runs a query of (rowid, id, date) and returns its rows.
func (s *Store) searchMatches(ctx context.Context, q string, args ...any) ([]searchMatch, error) {
	var out []searchMatch
	err := s.eachRow(ctx, q, args, func(r rowScanner) error {
		var m searchMatch
		if err := r.Scan(&m.rowid, &m.id, &m.date); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return out, nil
}

// sortReadings orders readings as Search lists them: date descending, then
// rowid descending (SQLite compares dates as text, as Go does bytes).
func sortReadings(rs []searchMatch) {
	slices.SortFunc(rs, func(a, b searchMatch) int {
		if c := strings.Compare(b.date, a.date); c != 0 {
			return c
		}
		return cmp.Compare(b.rowid, a.rowid)
	})
}

func matchIDs(rs []searchMatch) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.id
	}
	return ids
}

// entriesByID reads the entries with these ids, in this order.
func (s *Store) entriesByID(ctx context.Context, ids []string) ([]record.Entry, error) {
	if len(ids) == 0 {
		return []record.Entry{}, nil
	}
	es, err := s.List(ctx, Filter{IDs: ids})
	if err != nil {
		return nil, err
	}
	at := make(map[string]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	if len(es) != len(ids) {
		return nil, fmt.Errorf("list entries: %d of %d matches found", len(es), len(ids))
	}
	out := make([]record.Entry, len(ids))
	for _, e := range es {
		out[at[e.ID]] = e
	}
	return out, nil
}

// ftsQuery turns what a person typed into a safe FTS5 query: each run of
// letters and digits becomes a quoted prefix term, all of them required.
func ftsQuery(in string) string {
	words := strings.FieldsFunc(in, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	terms := make([]string, 0, len(words))
	for _, w := range words {
		terms = append(terms, `"`+w+`"*`)
	}
	return strings.Join(terms, " ")
}

// Counts returns how many entries each category holds; every category is
// present, with zero where it is empty.
func (s *Store) Counts(ctx context.Context) (map[record.Category]int, error) {
	out := map[record.Category]int{}
	for _, c := range record.Categories() {
		out[c] = 0
	}
	rows, err := s.q.QueryContext(ctx, `SELECT category, count(*) FROM entries GROUP BY category`)
	if err != nil {
		return nil, fmt.Errorf("count entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[record.Category(c)] = n
	}
	return out, rows.Err()
}

// Total returns the number of entries.
func (s *Store) Total(ctx context.Context) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM entries`).Scan(&n)
	return n, err
}
