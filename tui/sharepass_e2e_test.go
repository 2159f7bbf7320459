package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/testkit"
)

// TestTmuxSharePassphraseNotTheVaults drives the real binary through the
// share wizard's passphrase step with the vault's own passphrase: it is
// refused in one message, the wizard asks for another passphrase (not the
// whole form again), and nothing is written (issue 16, item 2).
func TestTmuxSharePassphraseNotTheVaults(t *testing.T) {
	bin, home, vault, _ := tmuxPatient(t)

	s := startTmuxIn(t, home, "", bin)
	s.waitFor("Passphrase", 10*time.Second)
	s.text(testPass)
	s.keys("Enter")
	s.waitFor("Home", 30*time.Second)
	before := testkit.Snapshot(t, vault)
	s.keys("n")
	s.waitFor("Who is it for?", 10*time.Second)
	s.keys("Enter") // no carer yet: someone without a key
	s.waitFor("┃ What to share", 10*time.Second)
	s.keys("Space")
	s.keys("Enter")
	for _, f := range []string{"Only some of them?", "From", "Until", "Readable for", "Save the file as"} {
		s.waitFor("┃ "+f, 10*time.Second)
		s.keys("Enter")
	}
	s.waitFor("A passphrase for the file", 10*time.Second)
	s.text(testPass)
	s.keys("Enter")
	s.text(testPass)
	s.keys("Enter")
	scr := s.waitFor("the vault's own passphrase", 30*time.Second)
	flat := strings.Join(strings.Fields(scr), " ")
	if strings.Count(flat, "vault's own passphrase") != 1 || !strings.Contains(flat, "choose another one") {
		t.Fatalf("want one message saying why and what to do:\n%s", scr)
	}
	if !strings.Contains(scr, "Type it again") {
		t.Fatalf("the wizard did not ask for another passphrase:\n%s", scr)
	}
	if strings.Contains(scr, testPass) {
		t.Fatalf("the passphrase is on screen:\n%s", scr)
	}
	if d := testkit.Diff(before, testkit.Snapshot(t, vault), true); len(d) > 0 {
		t.Fatalf("the refused share changed the vault folder: %v", d)
	}
	if m, _ := filepath.Glob(filepath.Join(home, "phr-share-*")); len(m) > 0 {
		t.Fatalf("the refused share wrote %v", m)
	}
}
