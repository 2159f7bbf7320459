package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWrongPassphraseTouchesNothing: 100 runs of the real binary with a
// wrong passphrase, from a file and from a command, across the commands that
// read, change, share, rekey and restore. Each is exit 3 saying "wrong
// passphrase", and afterwards every file and folder under the vault, $HOME
// and the work folder is unchanged: content, mode and modification time
// (so nothing was even created and removed again). 1,000 tries in-process
// are in internal/app TestWrongPassphraseWritesNothing.
func TestWrongPassphraseTouchesNothing(t *testing.T) {
	requireE2E(t)
	r := newRunner(t)
	root := filepath.Dir(r.dir)
	if err := os.MkdirAll(r.homeDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	letter := filepath.Join(root, "letter.txt")
	os.WriteFile(letter, []byte("a letter"), 0o600)
	for i := 0; i < 4; i++ {
		r.must("add", "document", "--title", fmt.Sprintf("letter %d", i), "--attach", letter)
	}
	id := r.entries()["letter 0"]
	recipient := strings.TrimSpace(r.must("keygen", "--out", filepath.Join(root, "carer.key")))
	r.must("carer", "add", "Sam", "--recipient", recipient)
	newPass := filepath.Join(root, "new.txt")
	os.WriteFile(newPass, []byte("quartz-harbour-pepper-ostrich-tundra\n"), 0o600)
	csv := filepath.Join(root, "bp.csv")
	os.WriteFile(csv, []byte("Date,Type,Reading,Unit\n2025-01-02,weight,82.5,kg\n"), 0o600)

	wrong := r
	wrong.pass = filepath.Join(root, "wrong.txt")
	os.WriteFile(wrong.pass, []byte("correct-horse-lantern-meadow-viola\n"), 0o600)
	commands := [][]string{
		{"list"}, {"list", "--json"}, {"show", id}, {"search", "letter"},
		{"add", "note", "--title", "x"}, {"edit", id, "--title", "y"}, {"rm", id},
		{"import", csv}, {"profile", "set", "--name", "Ada"},
		{"export", "--to", "Sam", "--category", "document", "--out", filepath.Join(root, "x.age")},
		{"passwd", "--new-passphrase-file", newPass},
		{"remember"}, {"restore"}, {"doctor"}, {"audit"}, {"shares"}, {"carer", "list"},
	}
	before := snapshot(t, root)
	for i := 0; i < 100; i++ {
		args := commands[i%len(commands)]
		w := wrong
		if i%3 == 1 {
			// The same wrong passphrase from PHR_PASSPHRASE_COMMAND.
			w.pass = ""
			w.extraEnv = []string{"PHR_PASSPHRASE_COMMAND=cat " + wrong.pass}
		}
		res := w.run(args...)
		if res.code != 3 || !strings.Contains(res.stderr, "wrong passphrase") {
			t.Errorf("phr %s with a wrong passphrase: want exit 3 saying so, got %d: %s", strings.Join(args, " "), res.code, res.stderr)
		}
	}
	if d := diffSnapshots(before, snapshot(t, root)); len(d) > 0 {
		t.Errorf("wrong passphrases changed files:\n%s", strings.Join(d, "\n"))
	}
	// The right one still opens it.
	if len(r.entries()) != 4 {
		t.Error("the vault lost entries")
	}
}
