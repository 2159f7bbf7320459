package app

import (
	"context"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestHandEnteredUnitCodes checks that a reading typed by hand takes the
// UCUM code of the unit the person chose, keeps a code it was given, gets
// none for a unit phr does not know, and loses its old code when an edit
// changes the unit.
func TestHandEnteredUnitCodes(t *testing.T) {
	for _, c := range []struct {
		name           string
		in             record.Entry
		want, wantComp string
	}{
		{"weight", record.Entry{Category: record.Measurement, Title: "Weight", Value: "80", Unit: " kg "}, "kg", ""},
		{"pounds", record.Entry{Category: record.Measurement, Title: "Weight", Value: "176", Unit: "lbs"}, "[lb_av]", ""},
		{"pulse", record.Entry{Category: record.Measurement, Title: "Pulse", Value: "62", Unit: "bpm"}, "/min", ""},
		{"kept", record.Entry{Category: record.Measurement, Title: "Glucose", Value: "5.4", Unit: "mmol/l", UnitCode: "mmol/L"}, "mmol/L", ""},
		{"unknown", record.Entry{Category: record.Measurement, Title: "Rice", Value: "2", Unit: "handfuls"}, "", ""},
		{"no unit", record.Entry{Category: record.Measurement, Title: "Mood", Value: "7", UnitCode: "kg"}, "", ""},
		{"components", record.Entry{Category: record.Measurement, Title: "Blood pressure", Value: "142/91", Unit: "mmHg",
			Components: []record.Component{{Title: "Systolic", Value: "142", Unit: "mmHg"}}}, "mm[Hg]", "mm[Hg]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := c.in
			if err := NormalizeEntry(&e); err != nil {
				t.Fatal(err)
			}
			if e.UnitCode != c.want {
				t.Errorf("unit %q: code %q, want %q", e.Unit, e.UnitCode, c.want)
			}
			if len(e.Components) > 0 && e.Components[0].UnitCode != c.wantComp {
				t.Errorf("component code %q, want %q", e.Components[0].UnitCode, c.wantComp)
			}
		})
	}

	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Add(ctx, []record.Entry{{Category: record.Measurement, Title: "Weight", Value: "80", Unit: "kg"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := res[0].Entry
	if e.UnitCode != "kg" {
		t.Fatalf("added: code %q", e.UnitCode)
	}
	e.Unit, e.Value = "lb", "176"
	if err := s.Edit(ctx, &e, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.Entry(ctx, e.ID)
	if err != nil || got.UnitCode != "[lb_av]" {
		t.Fatalf("after changing the unit: code %q, %v", got.UnitCode, err)
	}
}
