package store

import (
	"context"
	"encoding/json"
	"errors"
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
	for _, bad := range []string{"", "[", `["a"`, `["a",`, `["a"]x`, `["a","b","c"]`, `["a\q","b"]`, `["\u12",""]`, `["a`, `x"a","b"]`,
		`["Hepatitis","B"]x`, `Hepatitis B`, `["Hepatitis"`} {
		err := unpackJSONArray(bad, make([]string, 2))
		if err == nil {
			t.Errorf("unpack %q: no error", bad)
		} else if strings.Contains(err.Error(), "Hepatitis") {
			t.Errorf("unpack %q: the error shows the record's text: %v", bad, err)
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
	// Inside a transaction the rows come through database/sql, outside it
	// from the driver's connection itself: the same entries either way.
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

// TestDecodeComponents checks decodeComponents against encoding/json on what
// json.Marshal writes for odd and random components (with and without codes,
// displays and units), and that the direct split, not the fallback, reads
// the plain ones.
func TestDecodeComponents(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 7))
	texts := append(oddStrings(), "Systolic", "120", "mm[Hg]", "8480-6", "http://loinc.org", "")
	pick := func() string { return texts[r.IntN(len(texts))] }
	plain := 0
	for range 2000 {
		var comps []record.Component
		for range r.IntN(4) {
			c := record.Component{Title: pick(), Value: pick()}
			if r.IntN(2) == 0 {
				c.Unit = pick()
			}
			if r.IntN(2) == 0 {
				c.Code = &record.Code{System: pick(), Code: pick()}
				if r.IntN(2) == 0 {
					c.Code.Display = pick()
				}
			}
			comps = append(comps, c)
		}
		b, err := json.Marshal(comps)
		if err != nil {
			t.Fatal(err)
		}
		checkDecodeComponents(t, string(b))
		if _, ok := splitComponents(string(b)); ok {
			plain++
		}
	}
	if plain < 100 {
		t.Fatalf("only %d of 2000 arrays were split directly", plain)
	}
	for _, s := range []string{`[]`, `null`, `[{"title":"a","value":"1"}]`, `[{"title":"a","value":"1","unit":""}]`,
		`[{"code":{"system":"s","code":"c"},"title":"a","value":"1"}]`, `[{"value":"1","title":"a"}]`,
		`[ {"title":"a","value":"1"} ]`, `[{"title":"a","value":"1"},]`, `[{"title":"a","value":"1"}`, `[{"title":"a\tb","value":"1"}]`,
		"[{\"title\":\"a\xffb\",\"value\":\"1\"}]", `[{"code":null,"title":"a","value":"1"}]`, `[{"title":"a","value":"1"}]x`, ``} {
		checkDecodeComponents(t, s)
	}
}

// checkDecodeComponents checks that decodeComponents gives what
// encoding/json gives for s, error or not.
func checkDecodeComponents(t *testing.T, s string) {
	t.Helper()
	var want []record.Component
	wantErr := json.Unmarshal([]byte(s), &want)
	got, err := decodeComponents(s)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("decodeComponents(%q) error %v, encoding/json %v", s, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("decodeComponents(%q) =\n%#v\nencoding/json:\n%#v", s, got, want)
	}
}

// FuzzDecodeComponents: for any text, decodeComponents agrees with
// encoding/json.
func FuzzDecodeComponents(f *testing.F) {
	for _, s := range []string{`[]`, `[{"code":{"system":"http://loinc.org","code":"8480-6","display":"Systolic"},"title":"Systolic","value":"120","unit":"mm[Hg]"}]`,
		`[{"title":"a","value":"1"},{"title":"b","value":"2","unit":"u"}]`, `[{"title":"a\"","value":"1"}]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkDecodeComponents(t, s) })
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
