package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// oracleSearch is the query Search ran before migration 3: bm25 over every
// match, joined to its entry, newest first among equals.
func oracleSearch(ctx context.Context, s *Store, query string, limit int) ([]record.Entry, error) {
	q := `SELECT ` + listColumns("e.") + `
		FROM entries_fts f JOIN entries e ON e.rowid = f.rowid
		WHERE entries_fts MATCH ? ORDER BY bm25(entries_fts, 10.0, 1.0, 5.0, 5.0), e.date DESC`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	return s.queryEntries(ctx, limit, q, ftsQuery(query))
}

// compareSearch checks that Search returns the best matches, best first:
// as many as the old query, with the same relevance scores, every entry the
// old query ranked above the last score it returned, and the newest first
// among equally relevant ones. Which of several equally relevant entries
// make the cut at the limit is not promised.
func compareSearch(t *testing.T, s *Store, query string, limit int) {
	t.Helper()
	ctx := context.Background()
	want, err := oracleSearch(ctx, s, query, limit)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Search(ctx, query, limit)
	if err != nil {
		t.Fatal(err)
	}
	score := map[string]float64{}
	rows, err := s.q.QueryContext(ctx, `SELECT e.id, bm25(entries_fts, 10.0, 1.0, 5.0, 5.0) FROM entries_fts f
		JOIN entries e ON e.rowid = f.rowid WHERE entries_fts MATCH ?`, ftsQuery(query))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var sc float64
		if err := rows.Scan(&id, &sc); err != nil {
			t.Fatal(err)
		}
		score[id] = sc
	}
	rows.Close()
	if len(got) != len(want) {
		t.Fatalf("Search(%q, %d): %d results, the old query %d", query, limit, len(got), len(want))
	}
	var gs, ws []float64
	for i, e := range got {
		sc, ok := score[e.ID]
		if !ok {
			t.Fatalf("Search(%q) returned %s, which does not match", query, e.ID)
		}
		if i > 0 {
			prev := got[i-1]
			if sc < score[prev.ID] || sc == score[prev.ID] && e.Date > prev.Date {
				t.Fatalf("Search(%q): result %d (%s, %g, %s) is out of order after (%g, %s)", query, i, e.ID, sc, e.Date, score[prev.ID], prev.Date)
			}
		}
		gs = append(gs, sc)
	}
	for _, e := range want {
		ws = append(ws, score[e.ID])
	}
	if fmt.Sprint(gs) != fmt.Sprint(ws) {
		t.Fatalf("Search(%q, %d) scores\n got  %v\n want %v", query, limit, gs, ws)
	}
	if len(want) == 0 {
		return
	}
	cut := score[want[len(want)-1].ID]
	for i, e := range want {
		if score[e.ID] < cut && got[i].ID != e.ID {
			t.Fatalf("Search(%q, %d): result %d is %s, the old query's %s (score %g, above the cut %g)", query, limit, i, got[i].ID, e.ID, score[e.ID], cut)
		}
	}
}

// TestSearchRanksBestFirst checks the ranking inside the full-text index
// against the old bm25 query on entries where titles, notes, code displays
// and codes all match with different weights.
func TestSearchRanksBestFirst(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	r := rand.New(rand.NewPCG(3, 9))
	words := []string{"blood", "pressure", "glucose", "fasting", "penicillin", "rash", "weight", "clinic", "review", "home"}
	pick := func(n int) string {
		var out []string
		for range r.IntN(n + 1) {
			out = append(out, words[r.IntN(len(words))])
		}
		return fmt.Sprint(out)
	}
	for i := range 600 {
		e := record.Entry{Category: record.Note, Title: "Entry " + pick(3), Notes: pick(12),
			Date: fmt.Sprintf("20%02d-%02d-%02d", 10+i%15, 1+i%12, 1+i%28)}
		if r.IntN(3) == 0 {
			e.Code = &record.Code{System: "x", Code: fmt.Sprint(i), Display: pick(4)}
		}
		if err := s.AddEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"blood pressure", "blood", "penicillin rash", "glu", "weight home clinic", "nothing here"} {
		for _, limit := range []int{0, 1, 10, 200} {
			compareSearch(t, s, q, limit)
		}
	}
	// The fixed rank must order a title match above a notes-only match.
	title := add(t, s, record.Entry{Category: record.Allergy, Title: "Zyxwv allergy", Date: "2001-01-01"})
	add(t, s, record.Entry{Category: record.Note, Title: "Later note", Notes: "mentions zyxwv once", Date: "2025-01-01"})
	got, err := s.Search(ctx, "zyxwv", 1)
	if err != nil || len(got) != 1 || got[0].ID != title.ID {
		t.Fatalf("Search(zyxwv, 1) = %v, %v; want the title match", got, err)
	}
}
