package store

import (
	"context"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestStatsRoundTrip: a day's summary of samples (mean, lowest, highest,
// count) is kept with the entry, read back by Entry and List, changed by
// an edit, and absent for a single reading and for an entry written
// before schema 9.
func TestStatsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	e := record.Entry{Category: record.Measurement, Title: "Heart rate", Value: "71.4", Unit: "/min", Date: "2024-03-01",
		Stats: &record.Stats{Of: "mean", Count: 96, Min: "52", Max: "141"}}
	if err := s.AddEntry(ctx, &e, now); err != nil {
		t.Fatal(err)
	}
	one := record.Entry{Category: record.Measurement, Title: "Weight", Value: "80", Unit: "kg"}
	if err := s.AddEntry(ctx, &one, now); err != nil {
		t.Fatal(err)
	}
	got, err := s.Entry(ctx, e.ID)
	if err != nil || got.Stats == nil || *got.Stats != *e.Stats {
		t.Fatalf("entry: %+v %v", got.Stats, err)
	}
	list, err := s.List(ctx, Filter{})
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v", err)
	}
	for _, l := range list {
		if l.ID == one.ID && l.Stats != nil {
			t.Errorf("a single reading has stats %+v", l.Stats)
		}
		if l.ID == e.ID && (l.Stats == nil || l.Stats.Count != 96) {
			t.Errorf("list: stats %+v", l.Stats)
		}
	}
	got.Stats.Count, got.Stats.Max = 97, "150"
	if err := s.UpdateEntry(ctx, &got, now); err != nil {
		t.Fatal(err)
	}
	if again, err := s.Entry(ctx, e.ID); err != nil || again.Stats == nil || again.Stats.Count != 97 || again.Stats.Max != "150" {
		t.Errorf("edit: %+v %v", again.Stats, err)
	}

	old := storeAtSchema(t, statsSchema-1)
	plain := record.Entry{Category: record.Measurement, Title: "Steps", Value: "8000"}
	if err := old.AddEntry(ctx, &plain, now); err != nil {
		t.Fatal(err)
	}
	migrated := loadMigrated(t, old, statsSchema)
	if got, err := migrated.Entry(ctx, plain.ID); err != nil || got.Stats != nil {
		t.Fatalf("entry from schema 8: stats %+v, %v", got.Stats, err)
	}
}
