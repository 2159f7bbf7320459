package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// oddStrings are texts whose JSON form needs every kind of escape, or none:
// every byte, bytes that are not UTF-8, quotes, backslashes, separators.
func oddStrings() []string {
	var all []byte
	for i := range 256 {
		all = append(all, byte(i))
	}
	return []string{"", string(all), "a\xffb\xc3", "\u2028\u2029é😀", "\x00x", `"`, `\`, `","`, `\"`, "null",
		"[1,2]", "1", ",", "]", `a"b\c/d`, "\t\n\r\b\f", "\u007f", "\ud7ff\ue000\U0010ffff"}
}

// TestListReadsWhatEntryReads checks that List and Search (which leave out
// the original text) return every field exactly as Entry does, for odd texts
// in every field, inside a transaction and outside one.
func TestListReadsWhatEntryReads(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	odd := oddStrings()
	for i, o := range odd {
		e := record.Entry{Category: record.Measurement, Title: "Reading " + o, Date: fmt.Sprintf("2024-01-%02d", i%28+1),
			Value: o, Unit: o, Notes: "note " + o, Range: o, Interpretation: o, Status: o,
			Tags: []string{"t" + o}, Links: []string{"https://example.org/" + o}, Source: "fhir:" + o, SourceID: o}
		switch i % 3 {
		case 0:
			e.Code = &record.Code{System: "http://loinc.org", Code: "85354-9" + o, Display: o}
			e.Components = []record.Component{{Title: "Systolic" + o, Value: "120", Unit: "mmHg",
				Code: &record.Code{System: "s", Code: o}}, {Title: o, Value: o}}
		case 1:
			e.Sensitive = []record.Kind{record.Kinds()[0]}
			e.SensitiveReviewed = true
			e.End = "2025-01-01"
		case 2:
			e.Codings = []record.Code{{System: "http://snomed.info/sct", Code: "1" + o, Display: o}}
			e.Labels = []record.Code{{System: "http://terminology.hl7.org/CodeSystem/v3-ActCode", Code: "PSY"}}
		}
		if o == "" {
			e.Source, e.SourceID = "", ""
		}
		if err := s.AddEntry(ctx, &e, now); err != nil {
			t.Logf("entry %d (%q) refused: %v", i, o, err)
		}
	}
	add(t, s, record.Entry{Category: record.Note, Title: "Undated, plain"})
	list, err := s.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < len(odd)/2 {
		t.Fatalf("only %d entries stored", len(list))
	}
	found, err := s.Search(ctx, "reading", 0)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Tx(ctx, func(tx *Store) error {
		inTx, err := tx.List(ctx, Filter{})
		if err == nil && !reflect.DeepEqual(inTx, list) {
			t.Errorf("List in a transaction differs from List outside one")
		}
		foundTx, err2 := tx.Search(ctx, "reading", 0)
		if err2 == nil && !reflect.DeepEqual(foundTx, found) {
			t.Errorf("Search in a transaction differs from Search outside one")
		}
		return errors.Join(err, err2)
	})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]record.Entry{}
	for _, e := range found {
		byID[e.ID] = e
	}
	rows, err := s.List(ctx, Filter{Rows: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(list) {
		t.Fatalf("List of rows gave %d entries, List %d", len(rows), len(list))
	}
	for i, got := range list {
		want, err := s.Entry(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		want.Original = ""
		if !reflect.DeepEqual(got, want) {
			t.Errorf("List gave\n%#v\nEntry gives\n%#v", got, want)
		}
		if strings.HasPrefix(got.Title, "Reading") && !reflect.DeepEqual(byID[got.ID], want) {
			t.Errorf("Search gave\n%#v\nEntry gives\n%#v", byID[got.ID], want)
		}
		// A row holds exactly what a one-line row shows (Filter.Rows).
		row := record.Entry{ID: want.ID, Category: want.Category, Title: want.Title, Date: want.Date,
			Value: want.Value, Unit: want.Unit, Code: want.Code, Codings: want.Codings,
			Range: want.Range, Interpretation: want.Interpretation, Sensitive: want.Sensitive,
			SensitiveReviewed: want.SensitiveReviewed}
		if want.Value == "" {
			row.Components = want.Components // they make the value's text
		}
		if row.PlainValue() != want.PlainValue() || row.Flag() != want.Flag() {
			t.Errorf("a row shows %q %q, the entry %q %q", row.PlainValue(), row.Flag(), want.PlainValue(), want.Flag())
		}
		if !reflect.DeepEqual(rows[i], row) {
			t.Errorf("List of rows gave\n%#v\nwant\n%#v", rows[i], row)
		}
	}
}

// TestListManyIDs: a list of more ids than SQLite takes placeholders
// (32,766) still works, and finds exactly the entries named.
func TestListManyIDs(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := add(t, s, record.Entry{Category: record.Note, Title: "First", Date: "2024-01-01"})
	b := add(t, s, record.Entry{Category: record.Note, Title: "Second", Date: "2024-01-02"})
	add(t, s, record.Entry{Category: record.Note, Title: "Not named"})
	ids := []string{a.ID}
	for i := range 40000 {
		ids = append(ids, fmt.Sprintf("missing-%d", i))
	}
	ids = append(ids, b.ID)
	got, err := s.List(ctx, Filter{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != b.ID || got[1].ID != a.ID {
		t.Fatalf("List of 40,002 ids = %d entries %v", len(got), got)
	}
}
