package store

import (
	"context"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestDetailsKept checks that a medication's dose, route and frequency and
// an allergy's reaction, severity and criticality survive a save, an edit
// and both read paths, and that a record from before their columns reads
// with none and takes them from then on.
func TestDetailsKept(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	med := add(t, s, record.Entry{Category: record.Medication, Title: "Metformin", Dose: "500mg", Route: "by mouth",
		Frequency: "twice a day"})
	al := add(t, s, record.Entry{Category: record.Allergy, Title: "Penicillin", Reaction: "hives", Severity: "Moderate",
		Criticality: "high"})
	got, err := s.Entry(ctx, med.ID)
	if err != nil || got.Dose != "500 mg" || got.Route != "by mouth" || got.Frequency != "twice a day" {
		t.Fatalf("medication: %q %q %q %v", got.Dose, got.Route, got.Frequency, err)
	}
	list, err := s.List(ctx, Filter{Categories: []record.Category{record.Allergy}})
	if err != nil || len(list) != 1 || list[0].Reaction != "hives" || list[0].Severity != "moderate" || list[0].Criticality != "high" {
		t.Fatalf("allergy in the list: %+v %v", list, err)
	}
	got.Frequency = "once a day"
	if err := s.UpdateEntry(ctx, &got, now); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Entry(ctx, med.ID); again.Frequency != "once a day" || again.Dose != "500 mg" {
		t.Fatalf("edit: %+v", again)
	}
	if again, _ := s.Entry(ctx, al.ID); again.Reaction != "hives" {
		t.Fatalf("the allergy changed: %+v", again)
	}

	old := storeAtSchema(t, detailsSchema-1)
	plain := record.Entry{Category: record.Medication, Title: "Aspirin"}
	if err := old.AddEntry(ctx, &plain, now); err != nil {
		t.Fatal(err)
	}
	migrated := loadMigrated(t, old, detailsSchema)
	got, err = migrated.Entry(ctx, plain.ID)
	if err != nil || got.Dose != "" || got.Frequency != "" {
		t.Fatalf("entry from schema 9: %+v, %v", got, err)
	}
	got.Dose = "75 mg"
	if err := migrated.UpdateEntry(ctx, &got, now); err != nil {
		t.Fatal(err)
	}
	if again, _ := migrated.Entry(ctx, plain.ID); again.Dose != "75 mg" {
		t.Fatalf("after an edit: %q", again.Dose)
	}
}
