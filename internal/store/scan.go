package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

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

// entryColumn is one column of the entries table and where an
// entryScanner puts it: the SELECT list and the scan destinations are made
// from the same table, so a column can never be read into another's field.
type entryColumn struct {
	name string
	dest func(sc *entryScanner) any
}

// entryTable lists the columns an entry is read from. original (the
// imported text, often large) is last, so lists can leave it out.
var entryTable = []entryColumn{
	{"id", func(sc *entryScanner) any { return &sc.e.ID }},
	{"category", func(sc *entryScanner) any { return &sc.cat }},
	{"title", func(sc *entryScanner) any { return &sc.e.Title }},
	{"date", func(sc *entryScanner) any { return &sc.e.Date }},
	{"end_date", func(sc *entryScanner) any { return optString{&sc.e.End} }},
	{"status", func(sc *entryScanner) any { return &sc.e.Status }},
	{"value", func(sc *entryScanner) any { return &sc.e.Value }},
	{"unit", func(sc *entryScanner) any { return &sc.e.Unit }},
	{"code_system", func(sc *entryScanner) any { return &sc.rest.cs }},
	{"code", func(sc *entryScanner) any { return &sc.rest.cc }},
	{"code_display", func(sc *entryScanner) any { return optString{&sc.rest.cd} }},
	{"notes", func(sc *entryScanner) any { return optString{&sc.e.Notes} }},
	{"tags", func(sc *entryScanner) any { return &sc.rest.tags }},
	{"sensitive", func(sc *entryScanner) any { return &sc.rest.sens }},
	{"sensitive_reviewed", func(sc *entryScanner) any { return &sc.e.SensitiveReviewed }},
	{"components", func(sc *entryScanner) any { return &sc.rest.comps }},
	{"ref_range", func(sc *entryScanner) any { return optString{&sc.e.Range} }},
	{"interpretation", func(sc *entryScanner) any { return optString{&sc.e.Interpretation} }},
	{"links", func(sc *entryScanner) any { return &sc.rest.links }},
	{"source", func(sc *entryScanner) any { return &sc.e.Source }},
	{"source_id", func(sc *entryScanner) any { return optString{&sc.e.SourceID} }},
	{"created", func(sc *entryScanner) any { return &sc.rest.created }},
	{"updated", func(sc *entryScanner) any { return &sc.rest.updated }},
	{"codings", func(sc *entryScanner) any { return &sc.rest.codings }},
	{"labels", func(sc *entryScanner) any { return &sc.rest.labels }},
	{"unit_code", func(sc *entryScanner) any { return optString{&sc.e.UnitCode} }},
	{"stats", func(sc *entryScanner) any { return &sc.rest.stats }},
	{"dose", func(sc *entryScanner) any { return optString{&sc.e.Dose} }},
	{"route", func(sc *entryScanner) any { return optString{&sc.e.Route} }},
	{"frequency", func(sc *entryScanner) any { return optString{&sc.e.Frequency} }},
	{"reaction", func(sc *entryScanner) any { return optString{&sc.e.Reaction} }},
	{"severity", func(sc *entryScanner) any { return optString{&sc.e.Severity} }},
	{"criticality", func(sc *entryScanner) any { return optString{&sc.e.Criticality} }},
	{"original", func(sc *entryScanner) any { return optString{&sc.e.Original} }},
}

// selectColumns returns the SELECT list of entryTable, each name with the
// table prefix p ("" or "e."); withOriginal says whether to read original.
func selectColumns(p string, withOriginal bool) string {
	cols := entryTable
	if !withOriginal {
		cols = cols[:len(cols)-1]
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = p + c.name
	}
	return strings.Join(names, ", ")
}

// entryScanner reads rows of selectColumns into entries. Its holders and
// destination list are made once and reused for every row of a query.
type entryScanner struct {
	e    record.Entry
	cat  string
	rest entryRest
	dest []any
}

// newEntryScanner returns a scanner for rows of selectColumns(_, withOriginal).
func newEntryScanner(withOriginal bool) *entryScanner {
	sc := &entryScanner{}
	cols := entryTable
	if !withOriginal {
		cols = cols[:len(cols)-1]
	}
	sc.dest = make([]any, len(cols))
	for i, c := range cols {
		sc.dest[i] = c.dest(sc)
	}
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
	err := finishEntry(&e, sc.rest)
	return e, err
}

// entryRest holds the columns of an entry that are decoded rather than
// copied: the code's parts, the JSON columns and the two times, as stored.
type entryRest struct {
	cs, cc, cd, tags, sens, comps, links, created, updated, codings, labels, stats string
}

// finishEntry sets the fields of e that r holds.
func finishEntry(e *record.Entry, r entryRest) error {
	if r.cs != "" || r.cc != "" || r.cd != "" {
		e.Code = &record.Code{System: r.cs, Code: r.cc, Display: r.cd}
	}
	var err error
	if e.Tags, err = decodeStrings(r.tags); err != nil {
		return fmt.Errorf("entry %s: tags: %w", e.ID, err)
	}
	if r.sens == "[]" {
		e.Sensitive = []record.Kind{}
	} else if err := json.Unmarshal([]byte(r.sens), &e.Sensitive); err != nil {
		return fmt.Errorf("entry %s: sensitive kinds: %w", e.ID, err)
	}
	if r.comps != "[]" {
		if e.Components, err = decodeComponents(r.comps); err != nil {
			return fmt.Errorf("entry %s: components: %w", e.ID, err)
		}
		if len(e.Components) == 0 {
			e.Components = nil
		}
	}
	if r.links != "[]" {
		if e.Links, err = decodeStrings(r.links); err != nil {
			return fmt.Errorf("entry %s: links: %w", e.ID, err)
		}
		if len(e.Links) == 0 {
			e.Links = nil
		}
	}
	if e.Codings, err = decodeCodes(r.codings); err != nil {
		return fmt.Errorf("entry %s: codings: %w", e.ID, err)
	}
	if e.Labels, err = decodeCodes(r.labels); err != nil {
		return fmt.Errorf("entry %s: labels: %w", e.ID, err)
	}
	if r.stats != "" {
		e.Stats = &record.Stats{}
		if err := json.Unmarshal([]byte(r.stats), e.Stats); err != nil {
			return fmt.Errorf("entry %s: stats: %w", e.ID, err)
		}
	}
	e.Created, _ = time.Parse(timeLayout, r.created)
	e.Updated, _ = time.Parse(timeLayout, r.updated)
	return nil
}

// decodeCodes reads a JSON array of codes; "[]" or "" gives nil.
func decodeCodes(s string) ([]record.Code, error) {
	if s == "[]" || s == "" {
		return nil, nil
	}
	var out []record.Code
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// decodeStrings reads a JSON array of strings as json.Marshal writes it
// (never null: "[]" gives an empty slice).
func decodeStrings(s string) ([]string, error) {
	if s == "[]" {
		return []string{}, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// decodeComponents reads a JSON array of components.
func decodeComponents(s string) ([]record.Component, error) {
	var out []record.Component
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	return out, nil
}
