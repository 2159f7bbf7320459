package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/testkit"
)

// TestTmuxShareRefusesVaultFolder drives the real binary through the share
// wizard and names a file inside the vault folder, first directly, then
// through a symlink to the folder: each time the form shows one line saying
// why and what to do (naming no command-line flag) and keeps the focus on
// the name, nothing is written, and the vault folder is byte for byte what
// it was (issue 16, item 3).
func TestTmuxShareRefusesVaultFolder(t *testing.T) {
	bin, home, vault, env := tmuxPatient(t)
	carer := t.TempDir()
	recipient := strings.TrimSpace(runPHR(t, bin, []string{"HOME=" + carer}, "", "keygen", "--out", filepath.Join(carer, "key.txt")))
	runPHR(t, bin, env, "", "carer", "add", "Sam", "--recipient", recipient)
	link := filepath.Join(home, "elsewhere")
	if err := os.Symlink(vault, link); err != nil {
		t.Fatal(err)
	}

	s := startTmuxIn(t, home, "", bin)
	s.waitFor("Passphrase", 10*time.Second)
	s.text(testPass)
	s.keys("Enter")
	s.waitFor("Home", 30*time.Second)
	// The unlock's audit row is saved before Home shows: from here on
	// nothing may change in the vault folder.
	before := testkit.Snapshot(t, vault)

	s.keys("n")
	s.waitFor("Who is it for?", 10*time.Second)
	s.keys("Enter") // Sam
	s.waitFor("┃ What to share", 10*time.Second)
	s.keys("Space") // Medications, the only category
	s.keys("Enter")
	s.waitFor("┃ Only some of them?", 10*time.Second)
	s.keys("Enter") // the whole category
	for _, f := range []string{"From", "Until", "Readable for"} {
		s.waitFor("┃ "+f, 10*time.Second)
		s.keys("Enter")
	}
	s.waitFor("┃ Save the file as", 10*time.Second)
	// The same field twice: the vault folder directly, then through a link.
	for _, out := range []string{filepath.Join(vault, "share.age"), filepath.Join(link, "share.age")} {
		s.keys("C-u")
		s.text(out)
		s.waitFor(filepath.Base(filepath.Dir(out))+"/share.age", 5*time.Second)
		s.keys("Enter")
		scr := s.waitFor("inside the vault folder", 30*time.Second)
		// The message may wrap at 80 columns: read it as one line.
		flat := strings.Join(strings.Fields(scr), " ")
		if !strings.Contains(flat, "* that file is inside the vault folder "+vault+": choose a file elsewhere") ||
			strings.Count(flat, "inside the vault folder") != 1 {
			t.Fatalf("%s: want one line saying why and what to do; the screen shows:\n%s", out, scr)
		}
		if strings.Contains(scr, "--") {
			t.Fatalf("%s: the interface names a command-line flag:\n%s", out, scr)
		}
		if !strings.Contains(scr, "┃ Save the file as") {
			t.Fatalf("%s: the form did not keep the focus on the name:\n%s", out, scr)
		}
		if _, err := os.Lstat(out); err == nil {
			t.Fatalf("%s was written", out)
		}
	}
	// Compared while the interface still runs: quitting empties the lock.
	if d := testkit.Diff(before, testkit.Snapshot(t, vault), true); len(d) > 0 {
		t.Fatalf("the refused shares changed the vault folder: %v", d)
	}
	s.keys("C-c")
	time.Sleep(500 * time.Millisecond)
	// And the vault still opens with everything in it.
	if out := runPHR(t, bin, env, "", "list"); !strings.Contains(out, "Metformin 500 mg") {
		t.Fatalf("phr list after the refusals:\n%s", out)
	}
}

// tmuxPatient builds phr and makes a vault in a fresh home with one
// medication, for the tmux tests of the share wizard; env unlocks it from
// a passphrase file.
func tmuxPatient(t *testing.T) (bin, home, vault string, env []string) {
	t.Helper()
	needTmux(t)
	bin = buildPHR(t)
	home = t.TempDir()
	vault = filepath.Join(home, "vault")
	passFile := filepath.Join(home, "pass.txt")
	os.WriteFile(passFile, []byte(testPass+"\n"), 0o600)
	env = []string{"HOME=" + home, "XDG_DATA_HOME=" + home + "/data", "PHR_VAULT=" + vault, "PHR_PASSPHRASE_FILE=" + passFile}
	runPHR(t, bin, env, "", "init")
	runPHR(t, bin, env, `[{"category": "medication", "title": "Metformin 500 mg", "date": "2024-03-01"}]`, "add", "--json")
	return bin, home, vault, env
}
