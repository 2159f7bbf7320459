package tui

import (
	"strings"
	"testing"
)

// TestLockSaysItOnce: the locked screen says it is locked once (its
// heading), then what to do; it said "Your record is locked." and
// "Locked. Type your passphrase…" one under the other.
func TestLockSaysItOnce(t *testing.T) {
	u := start(t, filledVault(t), 80, 24)
	u.unlock()
	u.press(ctrlL)
	scr := u.waitFor("Your record is locked.", "Passphrase:")
	_, body, _ := strings.Cut(scr, "\n") // the header names the screen
	if n := strings.Count(strings.ToLower(body), "locked"); n != 1 {
		t.Fatalf("the locked screen says it %d times:\n%s", n, scr)
	}
	if !strings.Contains(body, "Type your passphrase to open it again.") {
		t.Fatalf("the locked screen does not say what to do:\n%s", scr)
	}
}
