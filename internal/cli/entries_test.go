package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// TestRunAddEditRm calls the run functions of phr add, edit and rm on one
// entry: added (its id printed, a suggested kind said on stderr), changed
// (only what the change sets), removed.
func TestRunAddEditRm(t *testing.T) {
	ctx := context.Background()
	s, r, out, errOut, _ := readSession(t)
	add := addOptions{Entries: []record.Entry{{Category: record.Medication, Title: "Fluoxetine 20 mg", Date: "2024-02-03"}}}
	if err := add.check(); err != nil {
		t.Fatal(err)
	}
	if err := r.runAdd(ctx, s, add); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(out.String())
	if e, err := s.Entry(ctx, id); err != nil || e.Title != "Fluoxetine 20 mg" {
		t.Fatalf("added %q: %+v, %v", id, e, err)
	}
	if !strings.Contains(errOut.String(), id+" marked mental-health") {
		t.Errorf("stderr %q names no suggested kind", errOut)
	}

	out.Reset()
	edit := editOptions{ID: id[:6], JSON: true, Change: func(e *record.Entry) error { e.Status = "stopped"; return nil }}
	if err := r.runEdit(ctx, s, edit); err != nil {
		t.Fatal(err)
	}
	var got struct{ ID, Title, Status string }
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.ID != id || got.Status != "stopped" || got.Title != "Fluoxetine 20 mg" {
		t.Fatalf("edit --json printed %q (%v)", out, err)
	}

	out.Reset()
	if err := r.runRm(ctx, s, rmOptions{ID: id}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "removed "+id+" (medication: Fluoxetine 20 mg)") {
		t.Fatalf("rm printed %q", out)
	}
	if _, err := s.Entry(ctx, id); !errs.Is(err, errs.Usage) {
		t.Fatalf("the entry is still there: %v", err)
	}

	// What add refuses before the vault is unlocked.
	for _, o := range []addOptions{
		{Entries: []record.Entry{{Category: record.Note}}},
		{Entries: []record.Entry{{Category: record.Note, Title: "x", Date: "not a date"}}, JSON: true},
	} {
		if err := o.check(); !errs.Is(err, errs.Usage) {
			t.Errorf("%+v: %v, want a usage error", o.Entries[0], err)
		}
	}
}

// TestRunProfile calls phr profile set's and phr profile's run functions:
// only the fields given change, trimmed; a set of nothing is refused.
func TestRunProfile(t *testing.T) {
	ctx := context.Background()
	s, r, out, errOut, _ := readSession(t)
	name, blood := "  Ada Lovelace ", "O+"
	if err := r.runProfileSet(ctx, s, profileSetOptions{Name: &name, BloodType: &blood}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "profile saved") {
		t.Errorf("stderr %q", errOut)
	}
	born := "1815-12-10"
	if err := r.runProfileSet(ctx, s, profileSetOptions{Born: &born, JSON: true}); err != nil {
		t.Fatal(err)
	}
	var p record.Profile
	if err := json.Unmarshal(out.Bytes(), &p); err != nil || p.Name != "Ada Lovelace" || p.BloodType != "O+" || p.Born != born {
		t.Fatalf("profile set --json printed %q (%v)", out, err)
	}
	out.Reset()
	if err := r.runProfile(ctx, s, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "name               Ada Lovelace\n") || !strings.Contains(out.String(), "emergency contact  -\n") {
		t.Fatalf("profile printed\n%s", out)
	}
	if err := r.runProfileSet(ctx, s, profileSetOptions{JSON: true}); !errs.Is(err, errs.Usage) {
		t.Fatalf("a set of nothing: %v", err)
	}
}
