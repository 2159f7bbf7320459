package tui

import "testing"

// TestErrorClearsWhenTyping: an error about what was typed goes away as
// soon as the person types again (it stayed until the next enter).
func TestErrorClearsWhenTyping(t *testing.T) {
	t.Run("unlock", func(t *testing.T) {
		u := start(t, filledVault(t), 80, 24)
		u.waitFor("Passphrase:")
		u.typeText("not-the-right-passphrase-at-all")
		u.press(enter)
		u.waitFor("does not open")
		u.typeText("c")
		u.waitGone("does not open")
	})
	t.Run("welcome", func(t *testing.T) {
		u := start(t, testConfig(t), 80, 24)
		u.waitFor("Passphrase:")
		u.typeText(testPass)
		u.press(enter)
		u.typeText("something else")
		u.press(enter)
		u.waitFor("are different")
		u.press(backspace)
		u.waitGone("are different")
	})
}
