package store

import (
	"context"
	"slices"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

func TestTagsAndIDPrefixes(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := add(t, s, record.Entry{Category: record.Note, Title: "one", Tags: []string{"lungs", "home"}})
	add(t, s, record.Entry{Category: record.Note, Title: "two", Tags: []string{"home"}})
	add(t, s, record.Entry{Category: record.Note, Title: "three"})
	tags, err := s.Tags(ctx)
	if err != nil || !slices.Equal(tags, []string{"home", "lungs"}) {
		t.Fatalf("tags %q, %v", tags, err)
	}
	got, err := s.IDsWithPrefix(ctx, a.ID[:3], 10)
	if err != nil || !slices.ContainsFunc(got, func(it IDTitle) bool { return it.ID == a.ID && it.Title == "one" }) {
		t.Fatalf("ids with prefix %q: %v, %v", a.ID[:3], got, err)
	}
	all, err := s.IDsWithPrefix(ctx, "", 2)
	if err != nil || len(all) != 2 || all[0].ID > all[1].ID {
		t.Fatalf("the first two ids: %v, %v", all, err)
	}
	if none, err := s.IDsWithPrefix(ctx, "~", 10); err != nil || len(none) != 0 {
		t.Fatalf("a prefix no id has: %v, %v", none, err)
	}
}
