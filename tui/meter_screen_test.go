package tui

import (
	"strings"
	"testing"
)

// TestWelcomeSaysAdviceOnce: the welcome screen and its strength meter
// give each piece of advice once (the intro and the meter both said
// "three or four random words work well").
func TestWelcomeSaysAdviceOnce(t *testing.T) {
	u := start(t, testConfig(t), 120, 40)
	empty := u.waitFor("Passphrase:")
	for _, s := range []string{empty, func() string { u.typeText("password123"); return u.waitFor("too weak") }()} {
		if n := strings.Count(strings.ToLower(s), "random words work well"); n != 1 {
			t.Fatalf("the tip about random words appears %d times:\n%s", n, s)
		}
		if n := strings.Count(s, "at least 15"); n != 1 {
			t.Fatalf("the length rule appears %d times:\n%s", n, s)
		}
	}
}
