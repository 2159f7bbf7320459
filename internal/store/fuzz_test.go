package store

import (
	"context"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// FuzzSearch checks that no query a person can type makes the full-text
// search fail or panic (FTS5 has its own query syntax; phr quotes words).
func FuzzSearch(f *testing.F) {
	s, err := New(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	e := record.Entry{Category: record.Allergy, Title: "Penicillin allergy", Notes: "rash \"quoted\" NEAR(x y) *"}
	if err := s.AddEntry(context.Background(), &e, now); err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"penicil", `"`, "NEAR(a b)", "a OR b", "*", "-x", "title:x", "^", "'", "ü", "\x00"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.Search(context.Background(), q, 10); err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
	})
}
