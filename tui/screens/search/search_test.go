package search

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/styles"
)

// TestSearchWaitsForTypingToSettle: each key press only schedules a search;
// the search runs for the latest query once its pause has passed, and the
// pauses of earlier key presses start nothing.
func TestSearchWaitsForTypingToSettle(t *testing.T) {
	st, km := styles.New(true), keys.Default()
	env := screen.Env{Ctx: context.Background(), Keys: &km, Styles: &st, Width: 80, Height: 24}
	s := New()
	s.Load(env)
	for _, r := range "blood" {
		if cmd := s.Update(env, tea.KeyPressMsg{Code: r, Text: string(r)}); cmd == nil {
			t.Fatalf("typing %q schedules nothing", r)
		}
	}
	if s.seq != 5 {
		t.Fatalf("5 changes counted as %d", s.seq)
	}
	for seq := 1; seq < 5; seq++ {
		if cmd := s.Update(env, settledMsg{seq}); cmd != nil {
			t.Fatalf("the pause after change %d started a search although typing went on", seq)
		}
	}
	if cmd := s.Update(env, settledMsg{5}); cmd == nil {
		t.Fatal("the pause after the last change started no search")
	}
	// A late answer for an older query, even a failed one, is dropped.
	if cmd := s.Update(env, resultMsg{query: "bl", err: context.Canceled}); cmd != nil {
		t.Fatal("an older query's failure was shown")
	}
	s.Update(env, resultMsg{query: "blood", results: nil})
	if s.query != "blood" {
		t.Fatalf("the latest answer was not kept: %q", s.query)
	}
}

// TestFullPageSaysHowToNarrow: a search that fills the page says these are
// the first matches and how to narrow them; a shorter one gives its count.
func TestFullPageSaysHowToNarrow(t *testing.T) {
	st, km := styles.New(true), keys.Default()
	env := screen.Env{Ctx: context.Background(), Keys: &km, Styles: &st, Width: 100, Height: 24}
	for _, tc := range []struct {
		n    int
		want string
	}{{Limit, "The first 200 matches (add a word to narrow them)"}, {3, "3 matches"}, {1, "1 match"}} {
		s := New()
		s.Load(env)
		for _, r := range "weight" {
			s.Update(env, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		s.Update(env, resultMsg{query: "weight", results: make([]record.Entry, tc.n)})
		if v := s.View(env, env.Width, env.Height); !strings.Contains(v, tc.want+" for “weight”") {
			t.Errorf("%d results: the view lacks %q:\n%s", tc.n, tc.want, v)
		}
	}
}
