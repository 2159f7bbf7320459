package viewer

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

var testNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func TestViewer(t *testing.T) {
	time.Local = time.UTC
	x := &share.Opened{
		Manifest: share.Manifest{From: share.Party{Name: "Ada Lovelace"}, Created: testNow, Expires: testNow.Add(7 * 24 * time.Hour),
			SensitiveIncluded: []record.Kind{record.MentalHealth}},
		Entries: []record.Entry{
			{Category: record.Allergy, Title: "Penicillin allergy", Date: "2001-05-01", Notes: "hives"},
			{Category: record.Medication, Title: "Sertraline 50 mg", Date: "2024-01-10", Status: "active", Sensitive: []record.Kind{record.MentalHealth}},
		},
	}
	v := New(x, true)
	v.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	golden.RequireEqual(t, ansi.Strip(v.View().Content))
	_, cmd := v.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if cmd == nil || len(v.lines) != 0 {
		t.Fatal("q does not quit and drop the extract")
	}
}
