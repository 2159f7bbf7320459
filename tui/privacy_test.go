package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
)

// TestPrivacyEveryScreen: in privacy mode a sensitive entry stays hidden on
// the details (not even its kind), cannot be edited or removed before it is
// revealed, is hidden again once its details are closed, and the share
// wizard shows neither its title nor its kind.
func TestPrivacyEveryScreen(t *testing.T) {
	cfg := filledVault(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	on, after := true, "2m"
	if err := s.SaveSettings(context.Background(), &on, &after); err != nil {
		t.Fatal(err)
	}
	s.Close()
	leaks := func(where, frame string) {
		t.Helper()
		for _, secret := range []string{"Depression", "mental health", "Sertraline", "Chlamydia", "sexual and reproductive"} {
			if strings.Contains(frame, secret) {
				t.Fatalf("%s shows %q in privacy mode:\n%s", where, secret, frame)
			}
		}
	}
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(enter) // Conditions
	list := u.waitFor("sensitive, hidden")
	leaks("the list", list)
	// Move the cursor down to the hidden row.
	lines := strings.Split(list, "\n")
	at, hidden := -1, -1
	for i, l := range lines {
		if strings.Contains(l, "›") && at < 0 {
			at = i
		}
		if strings.Contains(l, "sensitive, hidden") && hidden < 0 {
			hidden = i
		}
	}
	for range hidden - at {
		u.press(down)
	}
	u.press(enter)
	detail := u.waitFor("Privacy mode hides this entry")
	leaks("the details", detail)
	for _, k := range []rune{'e', 'd'} {
		u.press(char(k))
		f := u.waitFor("reveal it first")
		leaks("edit or remove", f)
	}
	u.press(char('r'))
	u.waitFor("Chlamydia")
	u.press(esc)
	back := u.waitFor("sensitive, hidden")
	leaks("the list after a reveal", back)
	u.press(esc)
	u.waitFor("Home")

	u.press(char('n'))
	u.waitFor("Who is it for?")
	step := func(k rune) { u.press(char(k)); time.Sleep(formStep) }
	u.press(enter) // the carer
	time.Sleep(formStep)
	step(' ') // Conditions
	u.press(enter)
	opts := u.waitFor("Only some of them?", "sensitive, hidden")
	leaks("the wizard's entries", opts)
	for range 5 { // no single entries, from, until, expiry, file
		u.press(enter)
		time.Sleep(formStep)
	}
	warn := u.waitFor("privacy mode hides them", "Leave them out")
	leaks("the sensitive warning", warn)
}

// TestSettingsRefuseShortLock: Settings refuses a lock under 30 seconds
// (it would lock the person out after every unlock) and says a saved one in
// words.
func TestSettingsRefuseShortLock(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('o'))
	u.waitFor("┃ Start in privacy mode?")
	u.press(enter)
	u.waitFor("┃ Lock after")
	for range 8 {
		u.press(backspace)
	}
	u.typeText("1s")
	u.press(enter)
	u.waitFor("between 30s and 24h")
	u.press(backspace)
	u.press(backspace)
	u.typeText("90s")
	u.press(enter)
	// The Units page, left as it is.
	u.waitFor("┃ Weight in")
	for range record.UnitKinds {
		u.press(enter)
	}
	u.waitFor("phr locks after 1 minute 30 seconds without a key press")
}

// TestEscAsksBeforeDiscarding: esc on a form with typed data asks first,
// with "Keep editing" focused; an untouched form closes at once.
func TestEscAsksBeforeDiscarding(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 80, 24)
	u.unlock()
	u.press(enter) // Conditions
	// The list's own header: "Conditions" alone is also on the home menu,
	// and a key sent before the list is open reaches the home screen.
	u.waitFor("Conditions · 7")
	u.press(char('a'))
	u.waitFor("┃ Condition")
	u.press(esc) // nothing typed: closes
	u.waitFor("Conditions · 7", "Press / to filter")
	u.press(char('a'))
	u.waitFor("┃ Condition")
	time.Sleep(formStep) // huh focuses the field asynchronously
	u.typeText("Migraine")
	u.waitFor("Migraine")
	u.press(esc)
	ask := u.waitFor("Discard what you typed?", "Keep editing")
	t.Run("ask", func(t *testing.T) { golden.RequireEqual(t, ask) })
	u.press(enter) // Keep editing
	u.waitFor("┃ Condition", "Migraine")
	u.press(esc)
	u.waitFor("Discard what you typed?")
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(enter)
	if s := u.waitFor("Conditions · 7", "Press / to filter"); strings.Contains(s, "Migraine") {
		t.Fatalf("the discarded entry was saved:\n%s", s)
	}
}

// TestDraftAcrossLock: a half-typed form survives the lock, sealed to the
// vault's key meanwhile, and comes back after the unlock.
func TestDraftAcrossLock(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 80, 24)
	u.unlock()
	u.press(enter) // Conditions
	u.waitFor("Conditions · 7")
	u.press(char('a'))
	u.waitFor("┃ Condition")
	time.Sleep(formStep)
	u.typeText("Migraine with aura")
	u.waitFor("Migraine with aura")
	u.press(ctrlL)
	locked := u.waitFor("Locked")
	if strings.Contains(locked, "Migraine") {
		t.Fatalf("the locked screen shows the draft:\n%s", locked)
	}
	time.Sleep(200 * time.Millisecond) // the draft is sealed as the record closes
	u.typeText(testPass)
	u.press(enter)
	back := u.waitFor("Add to Conditions", "Migraine with aura")
	if !strings.Contains(back, "the form you were filling in") {
		t.Fatalf("no word about the restored form:\n%s", back)
	}
	// It is the same form: esc still asks before discarding it.
	u.press(esc)
	u.waitFor("Discard what you typed?")
}

// TestDraftAcrossLockEveryForm: the profile, the add-carer form and the
// share wizard keep what was typed across the lock the same way as the
// entry form (screen.Drafter), sealed meanwhile; nothing of it shows while
// locked; esc asks before throwing it away.
func TestDraftAcrossLockEveryForm(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := filledVault(t)
	for _, tc := range []struct {
		name string
		// fill opens the form and types; it returns what the form shows
		// again after the unlock.
		fill func(u *ui) []string
	}{
		{"profile", func(u *ui) []string {
			u.press(char('i'))
			u.waitFor("┃ Your name")
			time.Sleep(formStep)
			u.press(enter)
			u.waitFor("┃ Date of birth")
			u.press(enter)
			u.waitFor("┃ Blood type")
			u.press(enter)
			u.waitFor("┃ Emergency contact")
			time.Sleep(formStep)
			u.typeText("Morwenna, 07700 900456")
			u.waitFor("Morwenna, 07700 900456")
			u.press(enter) // the answer is in once the field is left
			u.waitFor("┃ Languages you speak")
			// The draft reopens on this, the form's second page.
			return []string{"Your profile and emergency details", "Morwenna, 07700 900456"}
		}},
		{"add carer", func(u *ui) []string {
			u.press(char('h'))
			u.waitFor("Sam Carter", "What you shared")
			u.press(char('a'))
			u.waitFor("┃ Their name")
			time.Sleep(formStep)
			u.typeText("Morwenna Kerr")
			u.waitFor("Morwenna Kerr")
			u.press(enter)
			u.waitFor("┃ Who they are to you")
			return []string{"Add a carer", "Morwenna Kerr"}
		}},
		{"share", func(u *ui) []string {
			u.press(char('n'))
			u.waitFor("┃ Who is it for?")
			time.Sleep(formStep)
			u.press(enter)
			u.waitFor("┃ What to share")
			time.Sleep(formStep)
			u.press(down)
			u.press(space)
			u.waitFor("> [•] Medications")
			return []string{"What to share", "[•] Medications"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := start(t, cfg, 80, 24)
			u.unlock()
			wants := tc.fill(u)
			u.press(ctrlL)
			locked := u.waitFor("Locked")
			if strings.Contains(locked, wants[1]) {
				t.Fatalf("the locked screen shows the draft:\n%s", locked)
			}
			time.Sleep(200 * time.Millisecond) // the draft is sealed as the record closes
			u.typeText(testPass)
			u.press(enter)
			u.waitFor(wants[0], "the form you were filling in")
			u.waitFor(wants...)
			// It is the same form, and esc asks before discarding it
			// (components/discard), "Keep editing" focused.
			u.press(esc)
			u.waitFor("Discard", "› [ Keep editing ]")
			u.press(enter)
			u.waitFor(wants...)
		})
	}
}

// TestPrivacyFilterAndSearch: in privacy mode a hidden entry matches
// neither the list's filter nor search (a match would say what it holds);
// with privacy mode off it does.
func TestPrivacyFilterAndSearch(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('p'))
	u.waitFor("Privacy mode on")
	u.press(enter) // Conditions
	u.waitFor("sensitive, hidden")
	u.press(char('/'))
	u.waitFor("Filter:")
	u.typeText("chlam")
	if f := u.waitFor("Nothing matches the filter"); strings.Contains(f, "Chlamydia") {
		t.Fatalf("the filter shows the hidden entry:\n%s", f)
	}
	u.press(esc) // clears the filter
	u.waitFor("sensitive, hidden")
	u.press(esc)
	u.waitFor("Home")
	u.press(char('s'))
	u.waitFor("Search:")
	u.typeText("chlamydia")
	u.waitFor("Nothing matches “chlamydia”")
	u.press(esc)
	u.waitFor("Home")
	u.press(char('p'))
	u.waitFor("Privacy mode off")
	u.press(char('s'))
	u.waitFor("Search:")
	u.typeText("chlamydia")
	u.waitFor("2 matches", "Chlamydia infection")
}
