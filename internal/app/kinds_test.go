package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// TestStoredKindsFollowTheTables: a vault whose stored kinds were inferred
// by an older phr (simulated: kinds emptied, an older tables version) has
// them inferred again once, at the next unlock, saved with one audit row;
// an entry whose kinds the person chose is left alone; the next unlock
// infers nothing. Every display shows the stored kinds, so this is what
// keeps the ⚑ marks, the detail screen and the share wizard's list equal
// to the gate's EffectiveKinds.
func TestStoredKindsFollowTheTables(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	open := func() *Session {
		t.Helper()
		s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open()
	res, err := s.Add(ctx, []record.Entry{
		{Category: record.Medication, Title: "Sertraline 50 mg", Date: "2024-01-02"},
		{Category: record.Medication, Title: "Fluoxetine 20 mg", Date: "2024-01-03"},
		{Category: record.Medication, Title: "Metformin 500 mg", Date: "2024-01-04"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sert, fluox := res[0].Entry.ID, res[1].Entry.ID
	// What an older phr would have left: no kinds on either, the second
	// reviewed by the person as not sensitive, and an older version.
	err = s.commit(ctx, audit.Edit, "test", func(tx *store.Store) error {
		if err := tx.SetKinds(ctx, sert, nil); err != nil {
			return err
		}
		e, err := tx.Entry(ctx, fluox)
		if err != nil {
			return err
		}
		e.Sensitive, e.SensitiveReviewed = nil, true
		if err := tx.UpdateEntry(ctx, &e, testNow); err != nil {
			return err
		}
		return tx.SetSetting(ctx, settingKindsVersion, "an older phr")
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = open()
	e, err := s.Entry(ctx, sert)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.Sensitive, EffectiveKinds(e)) || len(e.Sensitive) == 0 {
		t.Fatalf("stored kinds %v after the unlock; the gate sees %v", e.Sensitive, EffectiveKinds(e))
	}
	if f, _ := s.Entry(ctx, fluox); len(f.Sensitive) != 0 {
		t.Fatalf("the person's choice was overridden: %v", f.Sensitive)
	}
	rows := kindsRows(t, s)
	if len(rows) != 1 || !strings.Contains(rows[0], `"entries":"1"`) {
		t.Fatalf("audit rows for the new inference: %v", rows)
	}
	s.Close()

	s = open()
	defer s.Close()
	if rows := kindsRows(t, s); len(rows) != 1 {
		t.Fatalf("the kinds were inferred again at the next unlock: %v", rows)
	}
}

func kindsRows(t *testing.T, s *Session) []string {
	t.Helper()
	trail, err := s.AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range trail.Rows {
		if r.Action == audit.Kinds {
			out = append(out, r.Detail)
		}
	}
	return out
}

// TestNewVaultNeedsNoInference: a new vault records the tables its kinds
// are inferred with, so its first unlock writes no inference row.
func TestNewVaultNeedsNoInference(t *testing.T) {
	s, err := Open(context.Background(), newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if rows := kindsRows(t, s); len(rows) != 0 {
		t.Fatalf("a new vault inferred its kinds again: %v", rows)
	}
}
