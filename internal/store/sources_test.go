package store

import (
	"context"
	"fmt"
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

// TestSourcesStoredOnce keeps an import's file, format, producer and time
// once, in imports, and on each entry only its row (and another source's
// id); a source written whole by schema 11 still reads.
func TestSourcesStoredOnce(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	s := newStore(t)
	ref := record.SourceRef{File: "Vito_Feeney.json", Format: "fhir", Producer: "Synthea", Imported: at}
	err := s.Tx(ctx, func(tx *Store) error {
		for i := range 3 {
			r := ref
			r.ID = fmt.Sprintf("urn:uuid:%d", i)
			e := record.Entry{Category: record.Result, Title: "Glucose", Source: "fhir", SourceID: r.ID, Sources: []record.SourceRef{r}}
			if i == 2 {
				// Another file's fact, kept on this entry.
				e.Sources = append(e.Sources, record.SourceRef{File: "ccd.xml", Format: "ccda", ID: "1.2/3", Imported: at})
			}
			if err := tx.AddEntry(ctx, &e, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM imports`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d imports rows, %v", n, err)
	}
	var stored []string
	rows, err := s.q.QueryContext(ctx, `SELECT sources FROM entries ORDER BY source_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		_ = rows.Scan(&v)
		stored = append(stored, v)
	}
	rows.Close()
	if len(stored) != 3 || stored[0] != "[[1]]" || stored[2] != `[[1],[2,"1.2/3"]]` {
		t.Errorf("stored %q", stored)
	}
	all, err := s.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.Sources[0].File != "Vito_Feeney.json" || e.Sources[0].ID != e.SourceID || e.Sources[0].Producer != "Synthea" || !e.Sources[0].Imported.Equal(at) {
			t.Errorf("%s: %+v", e.SourceID, e.Sources)
		}
		if e.SourceID == "urn:uuid:2" && (len(e.Sources) != 2 || e.Sources[1].File != "ccd.xml" || e.Sources[1].ID != "1.2/3") {
			t.Errorf("two sources: %+v", e.Sources)
		}
	}
	// Schema 11 wrote whole sources.
	whole := `[{"file":"old.xml","format":"ccda","id":"9","imported":"2026-12-07T17:00:00Z"}]`
	if _, err := s.q.ExecContext(ctx, `UPDATE entries SET sources=? WHERE source_id='urn:uuid:0'`, whole); err != nil {
		t.Fatal(err)
	}
	e, ok, err := s.EntryBySource(ctx, "fhir", "urn:uuid:0")
	if err != nil || !ok || len(e.Sources) != 1 || e.Sources[0].File != "old.xml" || e.Sources[0].ID != "9" {
		t.Fatalf("a schema 11 source: %+v %v", e.Sources, err)
	}
}
