package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestQAndEscMeanBack: q does what esc does on every screen (back; it
// closes the help too), and on the home screen both quit; the help says
// so. q quit phr from any screen before.
func TestQAndEscMeanBack(t *testing.T) {
	u := start(t, filledVault(t), 100, 30)
	u.unlock()
	u.press(down)
	u.press(enter)
	u.waitFor("Medications ·")
	u.press(char('q'))
	u.waitFor("Home")
	u.press(char('c'))
	u.waitFor("chart 1 of")
	u.press(char('q'))
	home := u.waitFor("Home")
	if !strings.Contains(home, "q quit") {
		t.Fatalf("the home screen's keys do not say q quits:\n%s", home)
	}
	u.press(char('?'))
	help := u.waitFor("Keys on this screen")
	if flat := strings.Join(strings.Fields(help), " "); !strings.Contains(flat, "esc or q: back one screen; on the home screen, quit.") {
		t.Fatalf("the help does not say what esc and q do:\n%s", help)
	}
	u.press(char('q'))
	u.waitGone("Keys on this screen")
	u.waitFor("Home")
	u.press(esc)
	u.tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}
