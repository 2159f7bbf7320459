package store

import (
	"context"
	"database/sql"
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
}

// List returns the entries that match f, newest first (entries without a
// date last), without their original imported text.
func (s *Store) List(ctx context.Context, f Filter) ([]record.Entry, error) {
	var where []string
	var args []any
	if len(f.Categories) > 0 {
		where = append(where, "category IN ("+placeholders(len(f.Categories))+")")
		for _, c := range f.Categories {
			args = append(args, string(c))
		}
	}
	if len(f.IDs) > 0 {
		where = append(where, "id IN ("+placeholders(len(f.IDs))+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
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
			return nil, fmt.Errorf("list entries: %w", err)
		}
	}
	from := ` FROM entries`
	if len(where) > 0 {
		from += " WHERE " + strings.Join(where, " AND ")
	}
	// Counting the matches first (from the indexes, without reading the
	// rows) lets the list be made at its size once, instead of copied out of
	// chunks.
	var n int
	if err := s.q.QueryRowContext(ctx, `SELECT count(*)`+from, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	if f.Limit > 0 {
		n = min(n, f.Limit)
	}
	q := `SELECT ` + listColumns("") + from
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
	return s.queryEntries(ctx, n, q, args...)
}

// queryEntries runs a query of listColumns. size is how many entries it is
// expected to return (0 when not known): the list is made that large first.
func (s *Store) queryEntries(ctx context.Context, size int, q string, args ...any) ([]record.Entry, error) {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	defer rows.Close()
	// Entries are large: collect them in fixed chunks and copy each once
	// into a slice of the right size, instead of growing one slice by
	// doubling (which copied a long list about twice over). When the size
	// is known, the first chunk holds them all and nothing is copied.
	const chunk = 512
	var chunks [][]record.Entry
	cur := make([]record.Entry, 0, max(size, chunk))
	n := 0
	sc := newListScanner()
	for rows.Next() {
		e, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		if len(cur) == cap(cur) {
			chunks = append(chunks, cur)
			cur = make([]record.Entry, 0, chunk)
		}
		cur = append(cur, e)
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	out := cur
	if len(chunks) > 0 {
		out = make([]record.Entry, 0, n)
		for _, c := range append(chunks, cur) {
			out = append(out, c...)
		}
	}
	return out, s.fillAttachments(ctx, out)
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

// Search finds entries whose title, notes, code or code display contain
// every word of the query (as a word prefix: "penicil" finds "penicillin"),
// best matches first.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]record.Entry, error) {
	m := ftsQuery(query)
	if m == "" {
		return []record.Entry{}, nil
	}
	// FTS5 ranks inside the index (rank is bm25 with the weights title 10,
	// notes 1, code display 5, code 5, set by migration 3) and hands back
	// only the best limit rowids; only those are joined to their entries.
	// Among equally ranked matches the newest come first.
	inner := `SELECT rowid, rank FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rank`
	if limit > 0 {
		inner += fmt.Sprintf(" LIMIT %d", limit)
	}
	q := `SELECT ` + listColumns("e.") + `
		FROM (` + inner + `) f JOIN entries e ON e.rowid = f.rowid
		ORDER BY f.rank, e.date DESC`
	return s.queryEntries(ctx, 0, q, m)
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
