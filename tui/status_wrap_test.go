package tui

import (
	"strings"
	"testing"

	"github.com/phrhealth/phr/tui/screen"
)

// TestLongStatusWraps: a status longer than the terminal is wide wraps
// onto the next lines instead of being cut, and the keys' line stays.
func TestLongStatusWraps(t *testing.T) {
	u := start(t, filledVault(t), 60, 20)
	u.unlock()
	long := `Deleted "Travel insurance" (note, 2025-06-21). To undo it, quit and run phr restore --backup 1 before any other change.`
	u.tm.Send(screen.StatusMsg{Text: long})
	scr := u.waitFor("Deleted")
	flat := strings.Join(strings.Fields(scr), " ")
	if !strings.Contains(flat, "before any other change.") {
		t.Fatalf("the status is cut:\n%s", scr)
	}
	if lines := strings.Split(scr, "\n"); len(lines) != 20 || !strings.Contains(lines[19], "quit") {
		t.Fatalf("the frame is %d lines or lost the keys' line:\n%s", len(lines), scr)
	}
}
