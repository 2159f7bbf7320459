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
// row marks the columns a one-line row of a list shows (see Filter.Rows).
type entryColumn struct {
	name string
	row  bool
	dest func(sc *entryScanner) any
}

// rowComponents is what a row reads for components: a compound reading's
// parts are its value's text only when it has no value of its own
// (record.Entry.PlainValue), so a row reads them only then, and the JSON of
// most blood pressures is neither read nor decoded.
const rowComponents = "CASE WHEN value = '' THEN components ELSE '[]' END"

// columnSet says which of entryTable's columns a query reads.
type columnSet int

const (
	// rowColumns are what a one-line row shows (Filter.Rows): the id,
	// category, title, date, value and unit, what a value's text and its
	// high or low mark are made from (the codes, the components of an entry
	// without a value, the reference range and interpretation) and the
	// stored sensitive kinds.
	rowColumns columnSet = iota
	// listColumns are every column but original (the imported text, often
	// large), which lists leave out.
	listColumns
	// allColumns are every column: one entry, read whole.
	allColumns
)

// entryTable lists the columns an entry is read from. original is last, so
// lists can leave it out.
var entryTable = []entryColumn{
	{"id", true, func(sc *entryScanner) any { return &sc.e.ID }},
	{"category", true, func(sc *entryScanner) any { return &sc.cat }},
	{"title", true, func(sc *entryScanner) any { return &sc.e.Title }},
	{"date", true, func(sc *entryScanner) any { return &sc.e.Date }},
	{"end_date", false, func(sc *entryScanner) any { return optString{&sc.e.End} }},
	{"status", false, func(sc *entryScanner) any { return &sc.e.Status }},
	{"value", true, func(sc *entryScanner) any { return &sc.e.Value }},
	{"unit", true, func(sc *entryScanner) any { return &sc.e.Unit }},
	{"code_system", true, func(sc *entryScanner) any { return &sc.rest.cs }},
	{"code", true, func(sc *entryScanner) any { return &sc.rest.cc }},
	{"code_display", true, func(sc *entryScanner) any { return optString{&sc.rest.cd} }},
	{"notes", false, func(sc *entryScanner) any { return optString{&sc.e.Notes} }},
	{"tags", false, func(sc *entryScanner) any { return &sc.rest.tags }},
	{"sensitive", true, func(sc *entryScanner) any { return &sc.rest.sens }},
	{"sensitive_reviewed", true, func(sc *entryScanner) any { return &sc.e.SensitiveReviewed }},
	{"components", true, func(sc *entryScanner) any { return &sc.rest.comps }},
	{"ref_range", true, func(sc *entryScanner) any { return optString{&sc.e.Range} }},
	{"interpretation", true, func(sc *entryScanner) any { return optString{&sc.e.Interpretation} }},
	{"links", false, func(sc *entryScanner) any { return &sc.rest.links }},
	{"source", false, func(sc *entryScanner) any { return &sc.e.Source }},
	{"source_id", false, func(sc *entryScanner) any { return optString{&sc.e.SourceID} }},
	{"created", false, func(sc *entryScanner) any { return &sc.rest.created }},
	{"updated", false, func(sc *entryScanner) any { return &sc.rest.updated }},
	{"codings", true, func(sc *entryScanner) any { return &sc.rest.codings }},
	{"labels", false, func(sc *entryScanner) any { return &sc.rest.labels }},
	{"unit_code", false, func(sc *entryScanner) any { return optString{&sc.e.UnitCode} }},
	{"stats", false, func(sc *entryScanner) any { return &sc.rest.stats }},
	{"dose", false, func(sc *entryScanner) any { return optString{&sc.e.Dose} }},
	{"route", false, func(sc *entryScanner) any { return optString{&sc.e.Route} }},
	{"frequency", false, func(sc *entryScanner) any { return optString{&sc.e.Frequency} }},
	{"reaction", false, func(sc *entryScanner) any { return optString{&sc.e.Reaction} }},
	{"severity", false, func(sc *entryScanner) any { return optString{&sc.e.Severity} }},
	{"criticality", false, func(sc *entryScanner) any { return optString{&sc.e.Criticality} }},
	{"sources", false, func(sc *entryScanner) any { return optString{&sc.rest.sources} }},
	{"original", false, func(sc *entryScanner) any { return optString{&sc.e.Original} }},
}

// columns returns the columns of entryTable in set, in the table's order.
func (set columnSet) columns() []entryColumn {
	switch set {
	case allColumns:
		return entryTable
	case listColumns:
		return entryTable[:len(entryTable)-1]
	}
	var out []entryColumn
	for _, c := range entryTable {
		if c.row {
			out = append(out, c)
		}
	}
	return out
}

// selectColumns returns the SELECT list of the columns in set.
func selectColumns(set columnSet) string {
	cols := set.columns()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
		if set == rowColumns && c.name == "components" {
			names[i] = rowComponents
		}
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
	// source finds an imports row, for entries' sources (see sources.go).
	source func(id int64) (record.SourceRef, error)
}

// newEntryScanner returns a scanner for rows of selectColumns(set).
func newEntryScanner(set columnSet) *entryScanner {
	sc := &entryScanner{}
	cols := set.columns()
	sc.dest = make([]any, len(cols))
	for i, c := range cols {
		sc.dest[i] = c.dest(sc)
	}
	return sc
}

// scan reads the current row. The columns a set leaves out are the zero
// value of their fields.
func (sc *entryScanner) scan(r rowScanner) (record.Entry, error) {
	sc.e, sc.rest = record.Entry{}, entryRest{}
	if err := r.Scan(sc.dest...); err != nil {
		return record.Entry{}, err
	}
	e := sc.e
	e.Category = record.Category(sc.cat)
	err := finishEntry(&e, sc.rest)
	if err == nil && sc.rest.sources != "" && sc.rest.sources != "[]" {
		if e.Sources, err = decodeSources(sc.rest.sources, &e, sc.source); err != nil {
			err = fmt.Errorf("entry %s: sources: %w", e.ID, err)
		}
	}
	return e, err
}

// entryRest holds the columns of an entry that are decoded rather than
// copied: the code's parts, the JSON columns and the two times, as stored.
type entryRest struct {
	cs, cc, cd, tags, sens, comps, links, created, updated, codings, labels, stats, sources string
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
	if r.comps != "[]" && r.comps != "" {
		if e.Components, err = decodeComponents(r.comps); err != nil {
			return fmt.Errorf("entry %s: components: %w", e.ID, err)
		}
		if len(e.Components) == 0 {
			e.Components = nil
		}
	}
	if r.links != "[]" && r.links != "" {
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
// (never null: "[]" gives an empty slice; "", a column not read, nil).
func decodeStrings(s string) ([]string, error) {
	switch s {
	case "[]":
		return []string{}, nil
	case "":
		return nil, nil
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
