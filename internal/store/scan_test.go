package store

import (
	"context"
	"fmt"
	"math/rand/v2"
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

// TestUnpackJSONArray reads back what SQLite's json_array writes for texts,
// integers and NULL, for odd and random strings.
func TestUnpackJSONArray(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	r := rand.New(rand.NewPCG(1, 2))
	cases := oddStrings()
	for range 300 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
			if r.IntN(2) == 0 {
				const special = `"\,[]{}:u0aé`
				b[i] = special[r.IntN(len(special))]
			}
		}
		cases = append(cases, string(b))
	}
	for i := 0; i+2 < len(cases); i++ {
		var packed string
		err := s.q.QueryRowContext(ctx, `SELECT json_array(?, ?, 7, NULL, ?, 0)`, cases[i], cases[i+1], cases[i+2]).Scan(&packed)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, 6)
		if err := unpackJSONArray(packed, got); err != nil {
			t.Fatalf("%q: %v", packed, err)
		}
		want := []string{cases[i], cases[i+1], "7", "", cases[i+2], "0"}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("unpack %q = %q, want %q", packed, got, want)
		}
	}
	for _, bad := range []string{"", "[", `["a"`, `["a",`, `["a"]x`, `["a","b","c"]`, `["a\q","b"]`, `["\u12",""]`, `["a`, `x"a","b"]`} {
		if err := unpackJSONArray(bad, make([]string, 2)); err == nil {
			t.Errorf("unpack %q: no error", bad)
		}
	}
}

// TestListReadsWhatEntryReads checks that List and Search (which read packed
// columns) return every field exactly as Entry (which reads each column)
// does, for odd texts in every field.
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
	byID := map[string]record.Entry{}
	for _, e := range found {
		byID[e.ID] = e
	}
	for _, got := range list {
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
	}
}
