package importfile

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/styles"
)

// TestReportScrolls: a report taller than the screen shows its top and
// says how much is below; ↓ reaches its last line and stops there; every
// line fits the width, a long file name wrapped under its own column.
func TestReportScrolls(t *testing.T) {
	st, km := styles.New(true), keys.Default()
	env := screen.Env{Ctx: context.Background(), Keys: &km, Styles: &st, Width: 60, Height: 20}
	rep := &app.ImportReport{}
	for i := range 8 {
		rep.Files = append(rep.Files, app.FileReport{File: fmt.Sprintf("/home/sam/Downloads/from-the-hospital/discharge-summary-%d.xml", i),
			Format: "c-cda", Added: map[record.Category]int{record.Condition: i + 1}})
	}
	m := New()
	m.st, m.rep = done, rep
	const w, h = 58, 12
	first := m.View(env, w, h)
	if !strings.Contains(first, "more below") || strings.Contains(first, "enter or esc: back") {
		t.Fatalf("the top of a long report:\n%s", first)
	}
	for range 40 {
		m.Update(env, tea.KeyPressMsg{Code: tea.KeyDown})
	}
	last := m.View(env, w, h)
	if !strings.Contains(last, "enter or esc: back") || !strings.Contains(last, "more above") {
		t.Fatalf("↓ does not reach the end of the report:\n%s", last)
	}
	m.Update(env, tea.KeyPressMsg{Code: tea.KeyUp})
	if m.View(env, w, h) == last {
		t.Fatal("↑ after the end does not scroll back at once")
	}
	for _, v := range []string{first, last} {
		lines := strings.Split(v, "\n")
		if len(lines) > h {
			t.Errorf("%d lines in %d", len(lines), h)
		}
		for _, l := range lines {
			if n := len([]rune(l)); n > w {
				t.Errorf("a line of %d in %d: %q", n, w, l)
			}
		}
	}
}
