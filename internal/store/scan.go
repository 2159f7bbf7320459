package store

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/phrhealth/phr/internal/record"
)

// listPacked names, in order, the plain columns that listColumns packs into
// one JSON array.
var listPacked = [...]string{"id", "category", "title", "date", "end_date", "status", "value", "unit",
	"code_system", "code", "code_display", "notes", "sensitive_reviewed", "ref_range", "interpretation",
	"source", "source_id", "created", "updated", "unit_code"}

// listColumns returns the columns that queries returning many entries (List,
// Search) read, each with the table prefix p ("" or "e."): the entry's plain
// columns packed into one JSON array by SQLite (json_array, in listPacked's
// order), then its six JSON columns (tags, sensitive, components, links,
// codings, labels),
// NULL where they hold "[]". The driver makes three calls into SQLite and one
// allocation for every text column of every row; one packed column instead
// of nineteen makes the list about twice as fast, and the entry's strings
// share the row's one allocation. original is left out (a list leaves out
// the imported text). listScanner reads the rows.
func listColumns(p string) string {
	packed := make([]string, len(listPacked))
	for i, c := range listPacked {
		packed[i] = p + c
	}
	return "json_array(" + strings.Join(packed, ", ") + "), " +
		fmt.Sprintf("nullif(%[1]stags, '[]'), nullif(%[1]ssensitive, '[]'), nullif(%[1]scomponents, '[]'), nullif(%[1]slinks, '[]'), "+
			"nullif(%[1]scodings, '[]'), nullif(%[1]slabels, '[]')", p)
}

// listScanner reads rows of listColumns, as eachRow gives them, into
// entries. Its holders are made once and reused for every row of a query.
type listScanner struct {
	packed                                    string
	fields                                    [len(listPacked)]string
	tags, sens, comps, links, codings, labels string
}

// listColumnCount is how many columns listColumns returns.
const listColumnCount = 7

// scan reads one row.
func (sc *listScanner) scan(vals []driver.Value) (record.Entry, error) {
	var errs [listColumnCount]error
	sc.packed, errs[0] = valueText(vals[0])
	sc.tags, errs[1] = valueText(vals[1])
	sc.sens, errs[2] = valueText(vals[2])
	sc.comps, errs[3] = valueText(vals[3])
	sc.links, errs[4] = valueText(vals[4])
	sc.codings, errs[5] = valueText(vals[5])
	sc.labels, errs[6] = valueText(vals[6])
	for i, err := range errs {
		if err != nil {
			return record.Entry{}, fmt.Errorf("read entry: column %d: %w", i+1, err)
		}
	}
	if err := unpackJSONArray(sc.packed, sc.fields[:]); err != nil {
		return record.Entry{}, fmt.Errorf("read entry: %w", err)
	}
	f := &sc.fields
	e := record.Entry{ID: f[0], Category: record.Category(f[1]), Title: f[2], Date: f[3], End: f[4],
		Status: f[5], Value: f[6], Unit: f[7], Notes: f[11], Range: f[13], Interpretation: f[14],
		Source: f[15], SourceID: f[16], UnitCode: f[19]}
	switch f[12] {
	case "0":
	case "1":
		e.SensitiveReviewed = true
	default:
		return e, fmt.Errorf("entry %s: sensitive_reviewed: want 0 or 1", e.ID)
	}
	orEmpty := func(s string) string {
		if s == "" {
			return "[]"
		}
		return s
	}
	err := finishEntry(&e, entryRest{cs: f[8], cc: f[9], cd: f[10], tags: orEmpty(sc.tags), sens: orEmpty(sc.sens),
		comps: orEmpty(sc.comps), links: orEmpty(sc.links), codings: orEmpty(sc.codings), labels: orEmpty(sc.labels),
		created: f[17], updated: f[18]})
	return e, err
}

// unpackJSONArray reads a flat JSON array as SQLite's json_array writes it
// (no spaces; strings, numbers and null) into out, which must have one place
// per element: strings unescaped, numbers as written, null as "". A string
// without escapes is a substring of s, not a copy. Bytes that are not valid
// UTF-8 are kept as they are (SQLite writes them unchanged).
func unpackJSONArray(s string, out []string) error {
	if len(s) < 2 || s[0] != '[' {
		return fmt.Errorf("packed columns: not a JSON array (%d bytes)", len(s))
	}
	i := 1
	for n := range out {
		if n > 0 {
			if i >= len(s) || s[i] != ',' {
				return fmt.Errorf("packed columns: want %d elements, broken at byte %d of %d", len(out), i, len(s))
			}
			i++
		}
		if i >= len(s) {
			return fmt.Errorf("packed columns: cut short at element %d of %d", n+1, len(out))
		}
		if s[i] != '"' {
			j := i
			for j < len(s) && s[j] != ',' && s[j] != ']' {
				j++
			}
			out[n] = s[i:j]
			if out[n] == "null" {
				out[n] = ""
			}
			i = j
			continue
		}
		i++
		j := i
		for j < len(s) && s[j] != '"' && s[j] != '\\' {
			j++
		}
		if j < len(s) && s[j] == '"' {
			out[n] = s[i:j]
			i = j + 1
			continue
		}
		v, end, err := unescapeJSONString(s, i)
		if err != nil {
			return err
		}
		out[n], i = v, end
	}
	if i != len(s)-1 || s[i] != ']' {
		return fmt.Errorf("packed columns: want %d elements, broken at byte %d of %d", len(out), i, len(s))
	}
	return nil
}

// unescapeJSONString reads a JSON string whose contents start at s[i] (after
// the opening quote) and returns it with its escapes replaced, and the index
// after its closing quote. Other bytes are copied unchanged, valid UTF-8 or
// not.
func unescapeJSONString(s string, i int) (string, int, error) {
	var b strings.Builder
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), i + 1, nil
		case c != '\\':
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(s) {
			break
		}
		switch s[i+1] {
		case '"', '\\', '/':
			b.WriteByte(s[i+1])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(s, i+2)
			if !ok {
				return "", 0, errors.New(`packed columns: bad \u escape`)
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(s, i+2); ok && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 6
					}
				}
			}
			b.WriteRune(r)
			continue
		default:
			return "", 0, fmt.Errorf(`packed columns: bad escape \%c`, s[i+1])
		}
		i += 2
	}
	return "", 0, errors.New("packed columns: unterminated string")
}

// hex4 reads four hexadecimal digits at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s[i:i+4], 16, 16)
	return rune(v), err == nil
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

// entryScanner reads rows of entryColumns into entries. Its holders and
// destination list are made once and reused for every row of a query.
type entryScanner struct {
	e    record.Entry
	cat  string
	rest entryRest
	dest []any
}

func newEntryScanner() *entryScanner {
	sc := &entryScanner{}
	e, r := &sc.e, &sc.rest
	sc.dest = []any{&e.ID, &sc.cat, &e.Title, &e.Date, optString{&e.End}, &e.Status, &e.Value, &e.Unit,
		&r.cs, &r.cc, optString{&r.cd}, optString{&e.Notes}, &r.tags, &r.sens, &e.SensitiveReviewed, &r.comps,
		optString{&e.Range}, optString{&e.Interpretation}, &r.links, &e.Source, optString{&e.SourceID},
		optString{&e.Original}, &r.created, &r.updated, &r.codings, &r.labels, optString{&e.UnitCode}}
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
	cs, cc, cd, tags, sens, comps, links, created, updated, codings, labels string
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

// decodeComponents reads a JSON array of components. The store writes it
// with json.Marshal, whose output for texts without escapes is split here
// directly (a year of blood pressures spent a quarter of its listing time
// in encoding/json); anything else, such as a text with an escape, text
// that is not UTF-8, spacing or another key order, goes through
// encoding/json, so the result is the same either way.
func decodeComponents(s string) ([]record.Component, error) {
	if out, ok := splitComponents(s); ok {
		return out, nil
	}
	var out []record.Component
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// splitComponents reads exactly what json.Marshal writes for components
// whose texts have no escapes, and reports false for anything else.
func splitComponents(s string) ([]record.Component, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' || s[i] < 0x20 {
			return nil, false
		}
	}
	if !utf8.ValidString(s) {
		return nil, false
	}
	c := jsonCursor{s: s}
	if !c.lit("[") {
		return nil, false
	}
	out := make([]record.Component, 0, 2)
	for !c.lit("]") {
		if len(out) > 0 && !c.lit(",") {
			return nil, false
		}
		var comp record.Component
		if !c.lit("{") {
			return nil, false
		}
		if c.lit(`"code":{"system":`) {
			var code record.Code
			ok := c.str(&code.System) && c.lit(`,"code":`) && c.str(&code.Code)
			if ok && c.lit(`,"display":`) {
				ok = c.str(&code.Display)
			}
			if !ok || !c.lit("},") {
				return nil, false
			}
			comp.Code = &code
		}
		if !c.lit(`"title":`) || !c.str(&comp.Title) || !c.lit(`,"value":`) || !c.str(&comp.Value) {
			return nil, false
		}
		if c.lit(`,"unit":`) && !c.str(&comp.Unit) {
			return nil, false
		}
		if c.lit(`,"unit_code":`) && !c.str(&comp.UnitCode) {
			return nil, false
		}
		if !c.lit("}") {
			return nil, false
		}
		out = append(out, comp)
	}
	return out, c.i == len(c.s)
}

// jsonCursor reads JSON without escapes from s at i.
type jsonCursor struct {
	s string
	i int
}

// lit moves past x if it comes next.
func (c *jsonCursor) lit(x string) bool {
	if strings.HasPrefix(c.s[c.i:], x) {
		c.i += len(x)
		return true
	}
	return false
}

// str reads a string without escapes into to.
func (c *jsonCursor) str(to *string) bool {
	if c.i >= len(c.s) || c.s[c.i] != '"' {
		return false
	}
	j := strings.IndexByte(c.s[c.i+1:], '"')
	if j < 0 {
		return false
	}
	*to = c.s[c.i+1 : c.i+1+j]
	c.i += j + 2
	return true
}
