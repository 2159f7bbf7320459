package store

import (
	"context"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestUnitCodeKept checks that the UCUM code of an entry's unit and of its
// components' units survives a save, an edit and both read paths (one entry,
// and the list).
func TestUnitCodeKept(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	e := add(t, s, record.Entry{Category: record.Measurement, Title: "Blood pressure", Date: "2025-01-02",
		Value: "142/91", Unit: "mmHg", UnitCode: "mm[Hg]",
		Components: []record.Component{{Title: "Systolic", Value: "142", Unit: "mmHg", UnitCode: "mm[Hg]"},
			{Title: "Diastolic", Value: "91", Unit: "mmHg", UnitCode: "mm[Hg]"}}})
	add(t, s, record.Entry{Category: record.Measurement, Title: "Weight", Value: "80", Unit: "kg", UnitCode: "kg"})
	check := func(how string, got record.Entry) {
		t.Helper()
		if got.UnitCode != "mm[Hg]" || len(got.Components) != 2 || got.Components[1].UnitCode != "mm[Hg]" {
			t.Errorf("%s: unit code %q, components %+v", how, got.UnitCode, got.Components)
		}
	}
	got, err := s.Entry(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	check("entry", got)
	list, err := s.List(ctx, Filter{Categories: []record.Category{record.Measurement}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range list {
		if l.ID == e.ID {
			check("list", l)
		} else if l.UnitCode != "kg" {
			t.Errorf("list: weight unit code %q", l.UnitCode)
		}
	}
	got.Unit, got.UnitCode = "cmHg", ""
	if err := s.UpdateEntry(ctx, &got, now); err != nil {
		t.Fatal(err)
	}
	if again, err := s.Entry(ctx, e.ID); err != nil || again.UnitCode != "" || again.Unit != "cmHg" {
		t.Errorf("edit: %q %q %v", again.Unit, again.UnitCode, err)
	}
}

// TestUnitCodeMigration loads a record written at schema 6, before
// entries.unit_code, and checks that its entries read with no unit code and
// take one from then on.
func TestUnitCodeMigration(t *testing.T) {
	ctx := context.Background()
	old := storeAtSchema(t, unitCodeSchema-1)
	plain := record.Entry{Category: record.Measurement, Title: "Weight", Value: "80", Unit: "kg"}
	if err := old.AddEntry(ctx, &plain, now); err != nil {
		t.Fatal(err)
	}
	s := loadMigrated(t, old, unitCodeSchema)
	got, err := s.Entry(ctx, plain.ID)
	if err != nil || got.UnitCode != "" || got.Unit != "kg" {
		t.Fatalf("entry from schema 6: unit %q code %q, %v", got.Unit, got.UnitCode, err)
	}
	got.UnitCode = "kg"
	if err := s.UpdateEntry(ctx, &got, now); err != nil {
		t.Fatal(err)
	}
	if again, err := s.Entry(ctx, plain.ID); err != nil || again.UnitCode != "kg" {
		t.Fatalf("after an edit: code %q, %v", again.UnitCode, err)
	}
}
