package list

import (
	"context"
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/styles"
)

// TestFilterNarrowsAndWidens checks that typing narrows the previous
// matches and erasing widens them again, with the same result as filtering
// from scratch.
func TestFilterNarrowsAndWidens(t *testing.T) {
	var es []record.Entry
	for i := range 1000 {
		es = append(es, record.Entry{ID: fmt.Sprint(i), Title: fmt.Sprintf("Weight %d", i), Value: fmt.Sprint(60 + i%30)})
	}
	l := New(record.Measurement)
	l.SetEntries(es)
	count := func(q string) int {
		l.filter.SetValue(q)
		l.apply()
		return len(l.shown)
	}
	if n := count(""); n != 1000 {
		t.Fatalf("no filter: %d", n)
	}
	if n := count("weight 1"); n != 111 {
		t.Fatalf("weight 1: %d, want 111", n)
	}
	if n := count("weight 12"); n != 11 {
		t.Fatalf("weight 12: %d, want 11", n)
	}
	if n := count("weight 1"); n != 111 {
		t.Fatalf("back to weight 1: %d, want 111", n)
	}
	if n := count("WEIGHT 999"); n != 1 {
		t.Fatalf("case: %d, want 1", n)
	}
}

// TestKeysWaitForTheNewEntry: a form just added an entry and asked the
// list to select it before the reload that shows it came; "+" pressed then
// (as the status says) is held and handed back once the new entry is
// selected, instead of being lost or meaning the old selection.
func TestKeysWaitForTheNewEntry(t *testing.T) {
	st, km := styles.New(true), keys.Default()
	env := screen.Env{Ctx: context.Background(), Keys: &km, Styles: &st, Width: 80, Height: 24}
	old := record.Entry{ID: "old", Category: record.Measurement, Title: "Weight", Date: "2026-11-01"}
	added := record.Entry{ID: "new", Category: record.Measurement, Title: "Weight", Date: "2026-11-08"}
	l := New(record.Measurement)
	l.SetEntries([]record.Entry{old})
	l.Update(env, screen.SelectMsg{ID: "new"})
	plus := tea.KeyPressMsg{Code: '+', Text: "+"}
	if cmd := l.Update(env, plus); cmd != nil {
		t.Fatal("+ before the new entry was there acted on the old selection")
	}
	release := l.Update(env, loadedMsg{cat: record.Measurement, gen: l.gen, entries: []record.Entry{added, old}, complete: true})
	if e, _ := l.current(); e.ID != "new" {
		t.Fatalf("the new entry is not selected: %+v", e)
	}
	if release == nil {
		t.Fatal("the held key was dropped")
	}
	if got := release(); got != plus {
		t.Fatalf("handed back %#v, want the + pressed", got)
	}
	open := l.Update(env, plus)
	if open == nil {
		t.Fatal("+ on the new reading opens nothing")
	}
	if msg, ok := open().(screen.OpenMsg); !ok || msg.Entry.ID != "new" || msg.Name != screen.AddForm {
		t.Fatalf("+ opens %#v, not another reading like the new one", msg)
	}
	// Once there, keys act at once again.
	if cmd := l.Update(env, tea.KeyPressMsg{Code: tea.KeyDown}); cmd != nil || l.cursor != 1 {
		t.Fatalf("down after the reload: cursor %d", l.cursor)
	}
}
