package entryform

import (
	"context"
	"errors"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/styles"
)

func testEnv() screen.Env {
	st, km := styles.New(true), keys.Default()
	return screen.Env{Ctx: context.Background(), Keys: &km, Styles: &st, Width: 80, Height: 24}
}

// TestSavedFormSavesOnce: once the save came back, the completed form waits
// to be closed; a message that reaches it first (a stop request, a resize)
// must not start a second save of the same entry.
func TestSavedFormSavesOnce(t *testing.T) {
	env := testEnv()
	f := New(record.Note)
	f.Load(env)
	f.title = "Asked about the inhaler"
	f.form.State = huh.StateCompleted
	f.saving = true
	if cmd := f.Update(env, savedMsg{text: "Added."}); cmd == nil {
		t.Fatal("a saved form does not close")
	}
	for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: 90, Height: 30}, tea.InterruptMsg{}, tea.KeyPressMsg{Code: tea.KeyEnter}} {
		if cmd := f.Update(env, msg); cmd != nil {
			t.Fatalf("%T after the save returned a command (a second save)", msg)
		}
	}
}

// TestFailedSaveCanBeRetried: a failed save keeps the answers and the form
// can be completed and saved again.
func TestFailedSaveCanBeRetried(t *testing.T) {
	env := testEnv()
	f := New(record.Note)
	f.Load(env)
	f.title = "Asked about the inhaler"
	f.saving = true
	f.Update(env, savedMsg{err: errors.New("disk full")})
	if f.saving || f.saved || f.failed == "" {
		t.Fatalf("after a failed save: saving %v saved %v failed %q", f.saving, f.saved, f.failed)
	}
	if f.title != "Asked about the inhaler" {
		t.Fatalf("the answers were lost: %q", f.title)
	}
	f.form.State = huh.StateCompleted
	if cmd := f.Update(env, tea.KeyPressMsg{Code: tea.KeyEnter}); cmd == nil || !f.saving {
		t.Fatal("a completed form after a failure does not save again")
	}
}

// TestAnotherReadingKeepsNameAndUnit: "+" opens a new form with the
// reading's name, unit and code, and no value, date or id of its own.
func TestAnotherReadingKeepsNameAndUnit(t *testing.T) {
	prev := record.Entry{ID: "abc", Category: record.Measurement, Title: "Weight", Value: "82.5", Unit: "lb",
		UnitCode: "[lb_av]", Date: "2026-11-01", Code: &record.Code{System: "loinc", Code: "29463-7"}, Notes: "after lunch"}
	f := NewLike(prev)
	e, _ := f.entry("", time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	if f.edit || e.ID != "" || e.Title != "Weight" || e.Unit != "lb" || e.UnitCode != "[lb_av]" || e.Code == nil ||
		e.Value != "" || e.Date != "" || e.Notes != "" {
		t.Fatalf("another reading: %+v", e)
	}
	if _, _, ok := f.Draft(); ok {
		t.Fatal("an untouched form for another reading counts as typed in")
	}
}

// TestFormEntry: the answers become the entry's fields, dates read as
// typed, and an edit that moves an entry to another category drops the
// details that category has not.
func TestFormEntry(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	f := New(record.Medication)
	f.title, f.dose, f.freq, f.route, f.date, f.end = "Metformin", "500 mg", "twice a day", "by mouth", "1 March 2024", "yesterday"
	e, _ := f.entry("", now)
	if e.Dose != "500 mg" || e.Frequency != "twice a day" || e.Route != "by mouth" || e.Date != "2024-03-01" || e.End != "2026-11-21" {
		t.Fatalf("medication: %+v", e)
	}
	m := NewEdit(record.Entry{ID: "x", Category: record.Allergy, Title: "Cats", Reaction: "sneezing", Severity: "mild"})
	m.cat = record.Condition
	if e, _ := m.entry("", now); e.Reaction != "" || e.Severity != "" || e.Category != record.Condition {
		t.Fatalf("moved to conditions, the allergy's details stay: %+v", e)
	}
}

// TestDraftKeepsTheDetails: a half-typed form's details survive the lock,
// and a draft from before them (eight answers) still opens.
func TestDraftKeepsTheDetails(t *testing.T) {
	f := New(record.Allergy)
	f.title, f.reaction, f.severity, f.crit = "Penicillin", "hives", "severe", "high"
	name, b, ok := f.Draft()
	if !ok || name != screen.AddForm {
		t.Fatalf("no draft: %q %v", name, ok)
	}
	g, err := FromDraft(b)
	if err != nil || g.reaction != "hives" || g.severity != "severe" || g.crit != "high" || g.title != "Penicillin" {
		t.Fatalf("draft: %+v %v", g, err)
	}
	old := `{"edit":false,"orig":{"category":"note"},"answers":["Old","2024-01-01","","","","","","" ],"kinds":[],"cat":"note","start":""}`
	if g, err := FromDraft([]byte(old)); err != nil || g.title != "Old" || g.dose != "" {
		t.Fatalf("an older draft: %+v %v", g, err)
	}
}

// TestUnitListsLeaveTheAnswer: the unit lists of every common reading are
// made with the form; only the one the title names may set the unit, so
// building the form keeps a reading's own unit and leaves a new one empty.
func TestUnitListsLeaveTheAnswer(t *testing.T) {
	env := testEnv()
	for _, tc := range []struct {
		e    record.Entry
		want string
	}{
		{record.Entry{Category: record.Measurement, Title: "Weight", Unit: "lb"}, "lb"},
		{record.Entry{Category: record.Measurement, Title: "Weight", Unit: "stone"}, "stone"},
		{record.Entry{Category: record.Measurement}, ""},
		{record.Entry{Category: record.Result, Title: "Ferritin", Unit: "ug/L"}, "ug/L"},
	} {
		f := NewLike(tc.e)
		f.Load(env)
		if f.unit != tc.want {
			t.Errorf("%q in %q: the built form holds unit %q", tc.e.Title, tc.e.Unit, f.unit)
		}
	}
}
