package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// TestSourcesKept checks that the imports an entry's fact came from survive
// a save, an edit and both read paths, and that a record from before their
// column reads with none and takes them from then on.
func TestSourcesKept(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	two := []record.SourceRef{
		{File: "CCD-2.xml", Format: "ccda", Producer: "Good Health HIE", ID: "2.16.840.1.113883.19#1", Imported: at},
		{File: "ccd-2.fhir.json", Format: "fhir", ID: "urn:uuid:5f1", Imported: at.Add(time.Hour)},
	}
	s := newStore(t)
	e := add(t, s, record.Entry{Category: record.Condition, Title: "Asthma", Source: "ccda", SourceID: "x", Sources: two})
	got, err := s.Entry(ctx, e.ID)
	if err != nil || !reflect.DeepEqual(got.Sources, two) {
		t.Fatalf("entry: %+v, %v", got.Sources, err)
	}
	list, err := s.List(ctx, Filter{})
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0].Sources, two) {
		t.Fatalf("list: %+v, %v", list, err)
	}
	got.Title = "Asthma, mild"
	if err := s.UpdateEntry(ctx, &got, now); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Entry(ctx, e.ID); !reflect.DeepEqual(again.Sources, two) || again.Title != "Asthma, mild" {
		t.Fatalf("edit: %+v", again)
	}
	typed := add(t, s, record.Entry{Category: record.Note, Title: "typed"})
	if got, _ := s.Entry(ctx, typed.ID); got.Sources != nil {
		t.Fatalf("an entry typed in has sources %+v", got.Sources)
	}

	old := storeAtSchema(t, sourcesSchema-1)
	plain := record.Entry{Category: record.Condition, Title: "Asthma", Source: "fhir", SourceID: "Condition/1"}
	if err := old.AddEntry(ctx, &plain, now); err != nil {
		t.Fatal(err)
	}
	migrated := loadMigrated(t, old, sourcesSchema)
	got, err = migrated.Entry(ctx, plain.ID)
	if err != nil || got.Sources != nil {
		t.Fatalf("entry from schema 10: %+v, %v", got, err)
	}
	got.AddSource(two[0])
	if err := migrated.UpdateEntry(ctx, &got, now); err != nil {
		t.Fatal(err)
	}
	if again, _ := migrated.Entry(ctx, plain.ID); len(again.Sources) != 1 || again.Sources[0] != two[0] {
		t.Fatalf("after an edit: %+v", again.Sources)
	}
}
