package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"filippo.io/age"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
)

var space = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}

// TestShareWizard goes through the wizard: a carer, a category holding a
// sensitive entry, the warning (leave them out), the review, and the export.
func TestShareWizard(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := filledVault(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, cfg, w, h)
			u.unlock()
			u.press(char('n'))
			u.waitFor("Who is it for?")
			step := func(k tea.KeyPressMsg) { u.press(k); time.Sleep(formStep) }
			step(enter) // the first carer
			step(down)  // Medications
			step(space)
			step(enter)
			step(enter) // no single entries: the whole category
			step(enter) // from
			step(enter) // until
			step(enter) // 7d
			step(enter) // file
			warning := u.waitFor("sensitive:", "Leave them out")
			t.Run("warning", func(t *testing.T) { golden.RequireEqual(t, warning) })
			// The tests give dialogs no grace (components/confirm tests that keys
			// are ignored during it): enter takes the focused safe choice.
			u.press(enter)
			review := u.waitFor("will be able to read", "Cancel")
			t.Run("review", func(t *testing.T) { golden.RequireEqual(t, review) })
			if strings.Contains(review, "Sertraline") || !strings.Contains(review, "No sensitive entries are included") {
				t.Fatalf("the review does not leave the sensitive entry out:\n%s", review)
			}
			u.press(tea.KeyPressMsg{Code: tea.KeyRight})
			u.press(enter)
			done := u.waitFor("Shared.")
			// A second share the same day gets a name of its own.
			name := map[int]string{80: "phr-share-2026-11-22.age", 120: "phr-share-2026-11-22-2.age"}[w]
			if !strings.Contains(done, name) {
				t.Fatalf("done screen does not name %s:\n%s", name, done)
			}
		})
	}
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sh, _ := s.Shares(context.Background())
	if len(sh) != 2 || len(sh[0].Sensitive) != 0 || sh[0].File == sh[1].File {
		t.Fatalf("shares history = %+v", sh)
	}
}

// TestShareSingleEntry ticks one entry of a category: only that one leaves.
func TestShareSingleEntry(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := filledVault(t)
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('n'))
	u.waitFor("Who is it for?")
	step := func(k tea.KeyPressMsg) { u.press(k); time.Sleep(formStep) }
	step(enter) // the first carer
	step(down)
	step(down) // Allergies
	step(space)
	step(enter)
	u.waitOptions()
	step(space) // the first allergy only
	step(enter)
	// Each field is waited for: under load an enter can land before the
	// form has moved on.
	for _, f := range []string{"┃ From", "┃ Until", "┃ Readable for", "┃ Save the file as"} {
		u.waitFor(f)
		step(enter)
	}
	review := u.waitFor("will be able to read 1 entry", "(allergies 1)")
	if strings.Contains(review, "sensitive:") {
		t.Fatalf("review:\n%s", review)
	}
}

// TestShareByPassphrase shares with someone without a key: the passphrase
// step refuses a weak one, suggests random words (ctrl+g) shown to read out,
// needs the confirmation, and the done screen shows the passphrase only on
// ctrl+s. The file opens with that passphrase.
func TestShareByPassphrase(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	cfg := filledVault(t)
	ctrl := func(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }
	var pass string
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		shot := func(t *testing.T, name, frame string) {
			t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) { golden.RequireEqual(t, frame) })
		}
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, cfg, w, h)
			u.unlock()
			u.press(char('n'))
			u.waitFor("Who is it for?")
			step := func(k tea.KeyPressMsg) { u.press(k); time.Sleep(formStep) }
			step(down) // the passphrase
			step(enter)
			step(down) // Medications
			step(down) // Allergies
			step(space)
			step(enter)
			step(enter)   // no single entries
			for range 4 { // from, until, expiry, file
				step(enter)
			}
			shot(t, "passphrase", u.waitFor("A passphrase for the file", "Type it again"))
			if w != 80 {
				u.press(esc)
				u.waitFor("Home")
				return
			}
			u.typeText("short words")
			u.press(enter)
			u.waitFor("too weak to protect")
			u.press(ctrl('g'))
			u.press(ctrl('s'))
			s := u.waitFor("Suggested: write it down")
			for _, line := range strings.Split(s, "\n") {
				if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Passphrase:"); ok {
					pass = strings.TrimSpace(v)
				}
			}
			if strings.Count(pass, "-") < 4 {
				t.Fatalf("no generated passphrase on screen:\n%s", s)
			}
			u.press(enter)
			u.typeText(pass + "x")
			u.press(enter)
			u.waitFor("two passphrases are different")
			u.typeText(pass)
			u.press(enter)
			review := u.waitFor("Anyone who has the file and its passphrase", "Cancel")
			if strings.Contains(review, "fingerprint") {
				t.Fatalf("a passphrase share shows a key's fingerprint:\n%s", review)
			}
			u.press(tea.KeyPressMsg{Code: tea.KeyRight})
			u.press(enter)
			done := u.waitFor("Shared.", "ctrl+s shows it")
			if strings.Contains(done, strings.Split(pass, "-")[1]) {
				t.Fatalf("the done screen shows the passphrase unasked:\n%s", done)
			}
			u.press(ctrl('s'))
			shown := u.waitFor("word by word")
			for _, word := range strings.Split(pass, "-") {
				if !strings.Contains(shown, word) {
					t.Fatalf("the done screen does not show %q:\n%s", word, shown)
				}
			}
		})
	}
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := s.Shares(context.Background())
	s.Close()
	if len(sh) != 1 || sh[0].File == "" {
		t.Fatalf("shares history = %+v", sh)
	}
	file := sh[0].File
	o, err := app.OpenExtract(context.Background(), cfg, app.OpenRequest{Path: file, Passphrase: []byte(pass),
		PinsFile: filepath.Join(t.TempDir(), "pins.json")})
	if err != nil {
		t.Fatalf("open the extract with its passphrase: %v", err)
	}
	if len(o.Entries) == 0 {
		t.Fatal("the extract is empty")
	}
}

// TestShareWithAttachments chooses to send an attached letter: the review
// says one file travels and its size, and the carer gets it back whole.
func TestShareWithAttachments(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := testConfig(t)
	ctx := context.Background()
	s, err := app.Init(ctx, cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := age.GenerateX25519Identity()
	dir := t.TempDir()
	letter := filepath.Join(dir, "letter.txt")
	body := "Dear Ada, you were seen today. Please rest for a fortnight.\n"
	os.WriteFile(letter, []byte(body), 0o600)
	keyFile := filepath.Join(dir, "carer.key")
	os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600)
	if err := s.SetProfile(ctx, record.Profile{Name: "Ada Lovelace"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCarer(ctx, "Sam", id.Recipient().String(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, []record.Entry{{Category: record.Document, Title: "Discharge letter", Date: "2026-11-01"}}, []string{letter}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	u := start(t, cfg, 80, 24)
	u.unlock()
	u.press(char('n'))
	u.waitFor("Who is it for?")
	step := func(k tea.KeyPressMsg) { u.press(k); time.Sleep(formStep) }
	step(enter) // Sam
	step(space) // Documents, the only category
	step(enter)
	step(enter) // no single entries
	ask := u.waitFor("Send the attached files too?")
	t.Run("ask", func(t *testing.T) { golden.RequireEqual(t, ask) })
	step(tea.KeyPressMsg{Code: tea.KeyLeft}) // Send them
	step(enter)
	for range 4 { // from, until, expiry, file
		step(enter)
	}
	review := u.waitFor("will be able to read 1 entry", "1 attached file (60 bytes) goes inside")
	if strings.Contains(review, "behind") {
		t.Fatalf("review:\n%s", review)
	}
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(enter)
	u.waitFor("Shared.")

	s, err = app.Open(ctx, cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := s.Shares(ctx)
	s.Close()
	if len(sh) != 1 {
		t.Fatalf("shares = %+v", sh)
	}
	o, err := app.OpenExtract(ctx, cfg, app.OpenRequest{Path: sh[0].File, IdentityFile: keyFile, PinsFile: filepath.Join(dir, "pins.json")})
	if err != nil {
		t.Fatal(err)
	}
	saved := t.TempDir()
	paths, err := app.SaveExtractFiles(o, saved)
	if err != nil || len(paths) != 1 {
		t.Fatalf("saved %v, %v", paths, err)
	}
	if got, _ := os.ReadFile(paths[0]); string(got) != body {
		t.Fatalf("the carer's copy differs: %q", got)
	}
}

// entryOption is an option of the share wizard's entry list: a date, then
// a title.
var entryOption = regexp.MustCompile(`\d{4}-\d{2}-\d{2}  \S`)

// waitOptions waits for the wizard's "Only some of them?" list to show its
// entries: huh fills the options on a command of its own, so a key pressed
// as soon as the question shows can land on an empty list.
func (u *ui) waitOptions() string {
	u.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		if s = u.waitFor("Only some of them?"); entryOption.MatchString(s) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	u.t.Fatalf("the wizard never listed the entries to choose from:\n%s", s)
	return ""
}
