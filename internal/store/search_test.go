package store

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// oracleSearch is Search's documented order computed the plain, slow way,
// independent of how the search index is kept: two ordinary full-text
// tables built afresh (their own copy of the text, the same columns and
// tokenizer), one of the entries that are not measurements, which gives bm25
// of their matches, and one of the measurements; in Go, the matches that are
// not measurements come first by score, then newest date, then rowid
// descending, followed by the matching measurements by date descending, then
// rowid descending; limit cuts the whole list.
func oracleSearch(t *testing.T, s *Store, query string, limit int) []string {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`DROP TABLE IF EXISTS oracle_others`,
		`DROP TABLE IF EXISTS oracle_readings`,
		`CREATE VIRTUAL TABLE oracle_others USING fts5(title, notes, code_display, code, tokenize='unicode61 remove_diacritics 2')`,
		`CREATE VIRTUAL TABLE oracle_readings USING fts5(title, notes, code_display, code, tokenize='unicode61 remove_diacritics 2')`,
		`INSERT INTO oracle_others(rowid, title, notes, code_display, code)
			SELECT rowid, title, notes, code_display, code FROM entries WHERE category <> 'measurement'`,
		`INSERT INTO oracle_readings(rowid, title, notes, code_display, code)
			SELECT rowid, title, notes, code_display, code FROM entries WHERE category = 'measurement'`,
	} {
		if _, err := s.q.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	type match struct {
		id, date string
		rowid    int64
		score    float64
	}
	var others, readings []match
	m := ftsQuery(query)
	if m != "" {
		for _, q := range []struct {
			table string
			into  *[]match
		}{{"oracle_others", &others}, {"oracle_readings", &readings}} {
			rows, err := s.q.QueryContext(ctx, `SELECT e.id, e.date, e.rowid, bm25(`+q.table+`, 10.0, 1.0, 5.0, 5.0)
				FROM `+q.table+` f JOIN entries e ON e.rowid = f.rowid WHERE `+q.table+` MATCH ?`, m)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var x match
				if err := rows.Scan(&x.id, &x.date, &x.rowid, &x.score); err != nil {
					t.Fatal(err)
				}
				*q.into = append(*q.into, x)
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	newest := func(a, b match) int {
		if c := strings.Compare(b.date, a.date); c != 0 {
			return c
		}
		return cmp.Compare(b.rowid, a.rowid)
	}
	slices.SortFunc(others, func(a, b match) int {
		if c := cmp.Compare(a.score, b.score); c != 0 {
			return c
		}
		return newest(a, b)
	})
	slices.SortFunc(readings, newest)
	var ids []string
	for _, x := range append(others, readings...) {
		ids = append(ids, x.id)
	}
	if limit > 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	return ids
}

// compareSearch checks Search(query, limit) against the oracle, entry for
// entry.
func compareSearch(t *testing.T, s *Store, query string, limit int) {
	t.Helper()
	want := oracleSearch(t, s, query, limit)
	got, err := s.Search(context.Background(), query, limit)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
		if e.Title == "" {
			t.Fatalf("Search(%q, %d): entry %s came back empty", query, limit, e.ID)
		}
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Fatalf("Search(%q, %d):\n got  %d %v\n want %d %v", query, limit, len(ids), ids, len(want), want)
	}
}

var searchWords = []string{"blood", "pressure", "glucose", "fasting", "penicillin", "rash", "weight", "clinic", "review", "home"}

// fillSearchRecord adds n random entries of every kind: titles, notes and
// code displays of the words above, a third of them measurements, dates
// drawn from a small set (so that many tie) or empty, in random order (so
// that the newest readings are not the last added).
func fillSearchRecord(t *testing.T, s *Store, r *rand.Rand, n int) []record.Entry {
	t.Helper()
	ctx := context.Background()
	pick := func(k int) string {
		var out []string
		for range r.IntN(k + 1) {
			out = append(out, searchWords[r.IntN(len(searchWords))])
		}
		return strings.Join(out, " ")
	}
	cats := record.Categories()
	var added []record.Entry
	for i := range n {
		c := cats[r.IntN(len(cats))]
		if r.IntN(3) == 0 {
			c = record.Measurement
		}
		e := record.Entry{Category: c, Title: "Entry " + pick(3), Notes: pick(8)}
		if r.IntN(6) != 0 {
			e.Date = fmt.Sprintf("20%02d-%02d-%02d", 10+r.IntN(4), 1+r.IntN(2), 1+r.IntN(3))
		}
		if r.IntN(3) == 0 {
			e.Code = &record.Code{System: "x", Code: fmt.Sprint(i), Display: pick(4)}
		}
		if err := s.AddEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
		added = append(added, e)
	}
	return added
}

var searchQueries = []string{"blood pressure", "blood", "pressure", "penicillin rash", "glu", "weight home clinic", "entry", "e", "nothing here", "fasting review"}

// TestSearchOrder checks Search against the oracle on a record with both
// kinds of entries, ties of score and date, undated entries and readings
// added out of date order, for many queries and limits, and again after
// entries change category, are edited and are deleted.
func TestSearchOrder(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	r := rand.New(rand.NewPCG(3, 9))
	added := fillSearchRecord(t, s, r, 900)
	// A series added in date order (the readings with the highest rowids are
	// the newest) beside the random ones.
	for i := range 300 {
		add(t, s, record.Entry{Category: record.Measurement, Title: "Home glucose", Value: "5.5",
			Date: fmt.Sprintf("2024-%02d-%02dT08:00:00Z", 1+i/28, 1+i%28)})
	}
	check := func(step string) {
		t.Helper()
		for _, q := range searchQueries {
			for _, limit := range []int{0, 1, 5, 17, 200} {
				t.Run(fmt.Sprintf("%s/%s/%d", step, q, limit), func(t *testing.T) { compareSearch(t, s, q, limit) })
			}
		}
	}
	check("filled")
	for i, e := range added[:200] {
		switch i % 4 {
		case 0:
			if e.Category == record.Measurement {
				e.Category = record.Note
			} else {
				e.Category = record.Measurement
			}
		case 1:
			e.Date = "2030-01-01"
		case 2:
			e.Title = "Blood pressure review"
		case 3:
			if _, err := s.DeleteEntry(ctx, e.ID); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := s.UpdateEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
	}
	check("edited")
	// The rank is unchanged: a title match comes before a notes-only match.
	title := add(t, s, record.Entry{Category: record.Allergy, Title: "Zyxwv allergy", Date: "2001-01-01"})
	add(t, s, record.Entry{Category: record.Note, Title: "Later note", Notes: "mentions zyxwv once", Date: "2025-01-01"})
	got, err := s.Search(ctx, "zyxwv", 1)
	if err != nil || len(got) != 1 || got[0].ID != title.ID {
		t.Fatalf("Search(zyxwv, 1) = %v, %v; want the title match", got, err)
	}
}

// TestSearchPutsReadingsLast checks the order people see: a condition comes
// before thousands of readings with a better score, and readings come newest
// first, undated last.
func TestSearchPutsReadingsLast(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	old := add(t, s, record.Entry{Category: record.Measurement, Title: "Blood pressure", Value: "120/80", Date: "2020-01-01"})
	undated := add(t, s, record.Entry{Category: record.Measurement, Title: "Blood pressure", Value: "121/80"})
	newest := add(t, s, record.Entry{Category: record.Measurement, Title: "Blood pressure", Value: "122/80", Date: "2025-05-05"})
	middle := add(t, s, record.Entry{Category: record.Measurement, Title: "Blood pressure", Value: "123/80", Date: "2023-03-03"})
	cond := add(t, s, record.Entry{Category: record.Condition, Title: "High blood pressure", Notes: "since the pregnancy, see the clinic letter", Date: "2015-01-01"})
	got, err := s.Search(ctx, "blood pressure", 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	want := []string{cond.ID, newest.ID, middle.ID, old.ID, undated.ID}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Fatalf("Search(blood pressure) = %v, want %v", ids, want)
	}
	if got, _ := s.Search(ctx, "blood pressure", 2); len(got) != 2 || got[0].ID != cond.ID || got[1].ID != newest.ID {
		t.Fatalf("Search(blood pressure, 2) = %v", got)
	}
}

// TestSearchIgnoresCategory checks that typing a category's name finds only
// entries whose text has the word, never every entry of that category.
func TestSearchIgnoresCategory(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for _, c := range record.Categories() {
		add(t, s, record.Entry{Category: c, Title: "Plain title", Notes: "plain text", Date: "2024-01-01"})
		add(t, s, record.Entry{Category: c, Title: "Another"})
	}
	named := add(t, s, record.Entry{Category: record.Note, Title: "Which measurement device", Date: "2024-01-01"})
	reading := add(t, s, record.Entry{Category: record.Measurement, Title: "Weight", Notes: "condition: fasting"})
	want := map[string][]string{"measurement": {named.ID}, "meas": {named.ID}, "condition": {reading.ID}, "cond": {reading.ID}}
	for _, c := range record.Categories() {
		for _, q := range []string{string(c), string(c)[:4]} {
			got, err := s.Search(ctx, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(want[q]) {
				t.Errorf("Search(%q) = %v, want %v", q, ids, want[q])
			}
			compareSearch(t, s, q, 0)
		}
	}
}

// TestMigrationKeysSearchIndex writes a record at schema 3 (one search
// index), loads it, and checks that migration 4 split the index so that
// Search follows its order, before and after edits.
func TestMigrationKeysSearchIndex(t *testing.T) {
	ctx := context.Background()
	old := storeAtSchema(t, 3)
	r := rand.New(rand.NewPCG(8, 2))
	added := fillSearchRecord(t, old, r, 400)
	for _, e := range added[:40] {
		if _, err := old.DeleteEntry(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	s := loadMigrated(t, old, 4)
	var n int
	if err := s.q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'entry')
		+ (SELECT count(*) FROM readings_fts WHERE readings_fts MATCH 'entry')`).Scan(&n); err != nil || n != 360 {
		t.Fatalf("index after migration: %d entries match, %v", n, err)
	}
	for _, q := range searchQueries {
		for _, limit := range []int{0, 1, 5, 200} {
			compareSearch(t, s, q, limit)
		}
	}
	for _, e := range added[40:80] {
		e.Category, e.Title = record.Measurement, "Blood pressure"
		if err := s.UpdateEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range searchQueries {
		compareSearch(t, s, q, 0)
		compareSearch(t, s, q, 5)
	}
}

// BenchmarkMigrateSearchIndex measures opening a lifetime record written at
// schema 3 (see benchRecord): Load, that is deserialize and migration 4,
// which builds the two full-text indexes. It runs once, at the first open after
// the upgrade.
func BenchmarkMigrateSearchIndex(b *testing.B) {
	ctx := context.Background()
	old := storeAtSchema(b, 3)
	n := fillDemo(b, old, benchSize(b))
	plain := serializeAsWritten(b, old)
	for b.Loop() {
		s, err := Load(ctx, plain)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "entries")
}
