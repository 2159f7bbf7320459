package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TestShareExpiryInWords: the wizard asks how long the file stays readable
// in words and shows the date at once; "1m" (a minute or a month?) is
// refused with what to write instead; the carers screen then says how long
// is left in words.
func TestShareExpiryInWords(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	u := start(t, filledVault(t), 100, 30)
	u.unlock()
	u.press(char('n'))
	u.waitFor("Who is it for?")
	step := func(k tea.KeyPressMsg) { u.press(k); time.Sleep(formStep) }
	step(enter) // the first carer
	step(down)
	step(down) // Allergies
	step(space)
	step(enter)
	u.waitFor("Only some of them?")
	// Each field is waited for: under load an enter can land before the
	// form has moved on.
	step(enter) // the whole category
	u.waitFor("┃ From")
	step(enter)
	u.waitFor("┃ Until")
	step(enter)
	u.waitFor("┃ Readable for", "1 week", "until Sunday 29 November 2026 at 10:00 (7 days from now)")
	ctrlU := tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	step(ctrlU)
	u.typeText("1m")
	u.waitFor("in words, such as 3 days")
	step(enter)
	u.waitFor("could mean minutes or months")
	step(ctrlU)
	u.typeText("2 weeks")
	u.waitFor("until Sunday 6 December 2026 at 10:00 (14 days from now)")
	step(enter)
	u.waitFor("┃ Save the file as")
	step(enter)
	u.waitFor("will be able to read", "until Sunday 6 December 2026, 10:00")
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(enter)
	u.waitFor("Shared.")
	u.press(enter)
	u.waitFor("Home")
	// The carers screen says how long is left, in words.
	u.press(char('h'))
	u.waitFor("What you shared", "readable until 2026-12-06", "(14 days left)")
}
