package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// listColumns returns the columns of entryColumns, in its order, for queries
// that return many entries (List, Search), each with the table prefix p
// ("" or "e."). The columns that are usually empty come back as NULL when
// they are: the driver then makes one call into SQLite for the column
// instead of three and allocates nothing. original is always NULL (a list
// leaves out the imported text).
func listColumns(p string) string {
	cols := strings.Fields(strings.ReplaceAll(entryColumns, ",", " "))
	for i, c := range cols {
		switch c {
		case "end_date", "code_display", "notes", "ref_range", "interpretation", "source_id":
			cols[i] = "nullif(" + p + c + ", '')"
		case "original":
			cols[i] = "NULL"
		default:
			cols[i] = p + c
		}
	}
	return strings.Join(cols, ", ")
}

// optString scans a TEXT column that may be NULL into a string ("" for NULL).
type optString struct{ p *string }

// Scan implements sql.Scanner.
func (o optString) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*o.p = ""
	case string:
		*o.p = v
	case []byte:
		*o.p = string(v)
	default:
		return fmt.Errorf("want text, got %T", src)
	}
	return nil
}

// entryScanner reads rows of entryColumns (or listColumns) into entries.
// Its holders and destination list are made once and reused for every row
// of a query.
type entryScanner struct {
	e                                                           record.Entry
	cat, cs, cc, cd, tags, sens, comps, links, created, updated string
	dest                                                        []any
}

func newEntryScanner() *entryScanner {
	sc := &entryScanner{}
	e := &sc.e
	sc.dest = []any{&e.ID, &sc.cat, &e.Title, &e.Date, optString{&e.End}, &e.Status, &e.Value, &e.Unit,
		&sc.cs, &sc.cc, optString{&sc.cd}, optString{&e.Notes}, &sc.tags, &sc.sens, &e.SensitiveReviewed, &sc.comps,
		optString{&e.Range}, optString{&e.Interpretation}, &sc.links, &e.Source, optString{&e.SourceID},
		optString{&e.Original}, &sc.created, &sc.updated}
	return sc
}

// scan reads the current row.
func (sc *entryScanner) scan(r rowScanner) (record.Entry, error) {
	sc.e = record.Entry{}
	if err := r.Scan(sc.dest...); err != nil {
		return record.Entry{}, err
	}
	e := sc.e
	e.Category = record.Category(sc.cat)
	if sc.cs != "" || sc.cc != "" || sc.cd != "" {
		e.Code = &record.Code{System: sc.cs, Code: sc.cc, Display: sc.cd}
	}
	var err error
	if e.Tags, err = decodeStrings(sc.tags); err != nil {
		return e, fmt.Errorf("entry %s: tags: %w", e.ID, err)
	}
	if sc.sens == "[]" {
		e.Sensitive = []record.Kind{}
	} else if err := json.Unmarshal([]byte(sc.sens), &e.Sensitive); err != nil {
		return e, fmt.Errorf("entry %s: sensitive kinds: %w", e.ID, err)
	}
	if sc.comps != "[]" {
		if err := json.Unmarshal([]byte(sc.comps), &e.Components); err != nil {
			return e, fmt.Errorf("entry %s: components: %w", e.ID, err)
		}
		if len(e.Components) == 0 {
			e.Components = nil
		}
	}
	if sc.links != "[]" {
		if e.Links, err = decodeStrings(sc.links); err != nil {
			return e, fmt.Errorf("entry %s: links: %w", e.ID, err)
		}
		if len(e.Links) == 0 {
			e.Links = nil
		}
	}
	e.Created, _ = time.Parse(timeLayout, sc.created)
	e.Updated, _ = time.Parse(timeLayout, sc.updated)
	return e, nil
}

// decodeStrings reads a JSON array of strings as json.Marshal writes it
// (never null: "[]" gives an empty slice). Arrays of plain strings (no
// escapes) are split directly; anything else goes through encoding/json.
func decodeStrings(s string) ([]string, error) {
	if s == "[]" {
		return []string{}, nil
	}
	if inner, ok := strings.CutPrefix(s, `["`); ok {
		if inner, ok = strings.CutSuffix(inner, `"]`); ok && !strings.ContainsRune(inner, '\\') {
			parts := strings.Split(inner, `","`)
			plain := true
			for _, p := range parts {
				if strings.ContainsRune(p, '"') {
					plain = false
					break
				}
			}
			if plain {
				return parts, nil
			}
		}
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	return out, nil
}
