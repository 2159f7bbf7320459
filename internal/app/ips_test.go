package app

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

// TestExportSaysWhatWasWithheld exports only allergies by passphrase and
// opens the extract: the medicines and problems sections say they were not
// shared, and a hand-entered blood pressure exported beside them comes back
// as its parts with their UCUM code.
func TestExportSaysWhatWasWithheld(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetProfile(ctx, record.Profile{Name: "Ada Lovelace", Born: "1815-12-10"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, []record.Entry{
		{Category: record.Allergy, Title: "Penicillin", Date: "2020-01-01", SensitiveReviewed: true},
		{Category: record.Measurement, Title: "Blood pressure", Date: "2026-01-02", Value: "142/91", Unit: "mmHg", SensitiveReviewed: true},
		{Category: record.Medication, Title: "Amlodipine 5 mg", SensitiveReviewed: true},
	}, nil); err != nil {
		t.Fatal(err)
	}
	pass := []byte("orchard-velvet-compass-thunder-maple")
	out := filepath.Join(t.TempDir(), "extract.age")
	sel := share.Selection{Categories: []record.Category{record.Allergy, record.Measurement, record.Condition}}
	if _, err := s.Export(ctx, ExportRequest{Passphrase: pass, Selection: sel, Out: out}); err != nil {
		t.Fatal(err)
	}
	op, err := OpenExtract(ctx, cfg, OpenRequest{Path: out, Passphrase: pass, PinsFile: filepath.Join(t.TempDir(), "pins")})
	if err != nil {
		t.Fatal(err)
	}
	// Medicines were not chosen; problems were, and the record holds none.
	if !slices.Equal(op.Withheld, []record.Category{record.Medication}) {
		t.Fatalf("withheld %v, want medication only", op.Withheld)
	}
	for _, e := range op.Entries {
		if e.Category != record.Measurement {
			continue
		}
		// Its parts alone, shown joined ("142/91" is not written twice).
		if e.Value != "" || e.PlainValue() != "142/91 mmHg" || e.Components[0].UnitCode != "mm[Hg]" || len(e.Components) != 2 || e.Code == nil || e.Code.Code != "85354-9" {
			t.Fatalf("blood pressure read back as %+v", e)
		}
	}
}
