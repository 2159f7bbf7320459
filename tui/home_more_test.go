package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
)

// TestHomeAndMoreOpens: "… and 3 more" under a glance list names the key
// that opens the whole list, and the key does (it was a dead end).
func TestHomeAndMoreOpens(t *testing.T) {
	cfg := filledVault(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	var meds []record.Entry
	for _, name := range []string{"Amlodipine 5 mg tablets", "Ramipril 2.5 mg capsules", "Omeprazole 20 mg capsules"} {
		meds = append(meds, record.Entry{Category: record.Medication, Title: name, Date: "2026-01-10", Status: "active"})
	}
	if _, err := s.Add(context.Background(), meds, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	u := start(t, cfg, 120, 40)
	home := u.unlock()
	if !strings.Contains(home, "more: press m") {
		t.Fatalf("the home screen does not say how to see all medications:\n%s", home)
	}
	u.press(char('m'))
	u.waitFor("Medications ·", "Omeprazole")
}
