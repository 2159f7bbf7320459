package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// An entry's sources (record.SourceRef) are kept in two places: each
// import's file, format, producer and time once, as a row of imports, and
// on the entry, in entries.sources, the rows it came from: a JSON array of
// [import] (its own source: the id is the entry's source_id) or [import,
// "id"] (another source's id). A whole source on every imported entry made
// a Synthea record 14% larger; a reference is a few bytes.

// newScanner is newEntryScanner with the imports rows entries' sources
// name at hand, read before the query runs (a query cannot run while
// another's rows are open on the record's one connection): for each
// query, or once in a transaction, which also remembers the rows it adds.
// A row of a list (rowColumns) has no sources.
func (s *Store) newScanner(ctx context.Context, set columnSet) (*entryScanner, error) {
	sc := newEntryScanner(set)
	if set == rowColumns {
		return sc, nil
	}
	rows := s.importRows
	switch {
	case rows == nil:
		rows = map[int64]record.SourceRef{}
		if err := s.loadImports(ctx, rows); err != nil {
			return nil, err
		}
	case !s.importsRead:
		if err := s.loadImports(ctx, rows); err != nil {
			return nil, err
		}
		s.importsRead = true
	}
	sc.source = func(id int64) (record.SourceRef, error) {
		r, ok := rows[id]
		if !ok {
			return record.SourceRef{}, fmt.Errorf("no import %d", id)
		}
		return r, nil
	}
	return sc, nil
}

// loadImports reads every imports row into rows.
func (s *Store) loadImports(ctx context.Context, rows map[int64]record.SourceRef) error {
	q, err := s.q.QueryContext(ctx, `SELECT id, file, format, producer, imported FROM imports`)
	if err != nil {
		return fmt.Errorf("read the sources of entries: %w", err)
	}
	defer q.Close()
	for q.Next() {
		var id int64
		var r record.SourceRef
		var at string
		if err := q.Scan(&id, &r.File, &r.Format, &r.Producer, &at); err != nil {
			return fmt.Errorf("read the sources of entries: %w", err)
		}
		r.Imported, _ = time.Parse(time.RFC3339Nano, at)
		rows[id] = r
	}
	return q.Err()
}

// decodeSources reads entries.sources: references to imports rows, or
// (as schema 11 wrote them) whole sources.
func decodeSources(raw string, e *record.Entry, source func(int64) (record.SourceRef, error)) ([]record.SourceRef, error) {
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		return nil, err
	}
	out := make([]record.SourceRef, 0, len(items))
	for _, it := range items {
		if len(it) > 0 && it[0] == '{' {
			var r record.SourceRef
			if err := json.Unmarshal(it, &r); err != nil {
				return nil, err
			}
			out = append(out, r)
			continue
		}
		var ref []any
		dec := json.NewDecoder(strings.NewReader(string(it)))
		dec.UseNumber()
		if err := dec.Decode(&ref); err != nil || len(ref) == 0 {
			return nil, fmt.Errorf("%s is not a source", it)
		}
		n, ok := ref[0].(json.Number)
		if !ok {
			return nil, fmt.Errorf("%s is not a source", it)
		}
		id, err := n.Int64()
		if err != nil {
			return nil, fmt.Errorf("%s is not a source", it)
		}
		r, err := source(id)
		if err != nil {
			return nil, err
		}
		r.ID = e.SourceID
		if len(ref) > 1 {
			r.ID, _ = ref[1].(string)
		}
		out = append(out, r)
	}
	return out, nil
}

// sourcesRefs writes an entry's sources as references to imports rows,
// adding the rows it needs: "[]" for none.
func (s *Store) sourcesRefs(ctx context.Context, e *record.Entry) (string, error) {
	if len(e.Sources) == 0 {
		return "[]", nil
	}
	out := make([]any, 0, len(e.Sources))
	for _, r := range e.Sources {
		id, err := s.importID(ctx, r)
		if err != nil {
			return "", err
		}
		if r.Format == e.Source && r.ID == e.SourceID {
			out = append(out, []any{id})
		} else {
			out = append(out, []any{id, r.ID})
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// importID returns the imports row of a source's file, format, producer
// and time, adding it when new. A transaction remembers the rows it has
// seen (an import of thousands of entries names one file).
func (s *Store) importID(ctx context.Context, r record.SourceRef) (int64, error) {
	at := ""
	if !r.Imported.IsZero() {
		at = r.Imported.UTC().Format(time.RFC3339Nano)
	}
	key := strings.Join([]string{r.File, r.Format, r.Producer, at}, "\x1f")
	if id, ok := s.imports[key]; ok {
		return id, nil
	}
	if _, err := s.q.ExecContext(ctx, `INSERT INTO imports(file, format, producer, imported) VALUES (?,?,?,?)
		ON CONFLICT DO NOTHING`, r.File, r.Format, r.Producer, at); err != nil {
		return 0, fmt.Errorf("save the source of an entry: %w", err)
	}
	var id int64
	if err := s.q.QueryRowContext(ctx, `SELECT id FROM imports WHERE file=? AND format=? AND producer=? AND imported=?`,
		r.File, r.Format, r.Producer, at).Scan(&id); err != nil {
		return 0, fmt.Errorf("save the source of an entry: %w", err)
	}
	if s.imports != nil {
		s.imports[key] = id
		when, _ := time.Parse(time.RFC3339Nano, at)
		s.importRows[id] = record.SourceRef{File: r.File, Format: r.Format, Producer: r.Producer, Imported: when}
	}
	return id, nil
}
