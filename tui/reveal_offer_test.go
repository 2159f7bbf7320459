package tui

import (
	"strings"
	"testing"
)

// TestRevealOfferedOnlyWhenHidden: "reveal" is in the keys only while the
// entry in front is hidden by privacy mode (it was offered on every entry,
// sensitive or not, privacy on or off).
func TestRevealOfferedOnlyWhenHidden(t *testing.T) {
	u := start(t, filledVault(t), 120, 40)
	u.unlock()
	u.press(down)
	u.press(enter)
	u.waitFor("Medications ·", "Sertraline") // the first row is sensitive
	help := func() string {
		u.press(char('?'))
		s := u.waitFor("Keys on this screen")
		u.press(esc)
		u.waitGone("Keys on this screen")
		return s
	}
	if s := help(); strings.Contains(s, "reveal") {
		t.Fatalf("reveal offered with privacy mode off:\n%s", s)
	}
	u.press(char('p'))
	u.waitFor("sensitive, hidden")
	if s := help(); !strings.Contains(s, "reveal sensitive") {
		t.Fatalf("reveal not offered on a hidden entry:\n%s", s)
	}
	u.press(down) // Atorvastatin: not sensitive
	u.waitFor("› 2020-07-11")
	if s := help(); strings.Contains(s, "reveal") {
		t.Fatalf("reveal offered on an entry that is not hidden:\n%s", s)
	}
}
