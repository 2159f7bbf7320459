package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModesThroughTheBinary: with a umask that would make everything
// world-readable (000), the real binary's init (at the default work
// factor), adds with attachments, edits that rotate the backups, passwd,
// remember's refusal, restore and an export leave every vault file 0600 and
// every vault folder 0700; a vault reached through a symlink stays behind
// it. (internal/vault TestModesAndSymlink checks the same in-process.)
func TestModesThroughTheBinary(t *testing.T) {
	requireE2E(t)
	bin := buildPHR(t)
	root := t.TempDir()
	real := filepath.Join(root, "real-vault")
	link := filepath.Join(root, "vault")
	passFile := filepath.Join(root, "pass.txt")
	os.WriteFile(passFile, []byte(pass+"\n"), 0o600)
	r := runner{t: t, bin: bin, dir: link, pass: passFile}
	// umask 000 for every command.
	sh := func(args ...string) result {
		t.Helper()
		c := r.cmd(args...)
		c.Path = "/bin/sh"
		c.Args = append([]string{"sh", "-c", `umask 000; exec "$0" "$@"`, bin}, args...)
		return runCmd(t, c)
	}
	// An empty folder of the person's own, reached through a symlink.
	if err := os.Mkdir(real, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	must := func(args ...string) string {
		t.Helper()
		res := sh(args...)
		if res.code != 0 {
			t.Fatalf("phr %s: exit %d: %s", strings.Join(args, " "), res.code, res.stderr)
		}
		return res.stdout
	}
	must("init")
	letter := filepath.Join(root, "letter.txt")
	os.WriteFile(letter, []byte("a letter"), 0o644)
	for _, title := range []string{"one", "two", "three", "four"} {
		must("add", "document", "--title", title, "--attach", letter)
	}
	id := r.entries()["one"]
	must("edit", id, "--title", "one, edited")
	newPass := filepath.Join(root, "new.txt")
	os.WriteFile(newPass, []byte("quartz-harbour-pepper-ostrich-tundra\n"), 0o600)
	must("passwd", "--new-passphrase-file", newPass)
	r.pass = newPass
	sh("remember") // no keyring here: refused, and it must write no file
	must("restore")
	extract := filepath.Join(root, "self.age")
	shareFile := filepath.Join(root, "share.txt")
	os.WriteFile(shareFile, []byte("glacier-omelette-tundra-pepper-walnut\n"), 0o600)
	must("export", "--share-passphrase-file", shareFile, "--category", "document", "--out", extract)

	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the vault's symlink was replaced: %v %v", fi.Mode(), err)
	}
	n := 0
	filepath.Walk(real, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			t.Error(err)
			return nil
		}
		n++
		want := os.FileMode(0o600)
		if fi.IsDir() {
			want = 0o700 | os.ModeDir
		}
		if fi.Mode() != want {
			t.Errorf("%s is %v, want %v", p, fi.Mode(), want)
		}
		return nil
	})
	if n < 10 {
		t.Errorf("only %d files and folders in the vault", n)
	}
	if fi, err := os.Stat(extract); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("the extract is readable by others: %v %v", fi.Mode(), err)
	}
}
