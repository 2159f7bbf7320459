package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// mountTmpfs mounts a small tmpfs (root only). Without it the test skips,
// unless PHR_E2E=1 asked for every end-to-end test to run.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("cannot mount a tmpfs to fill (needs root): %v %s", err, out)
		if os.Getenv("PHR_E2E") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file until the file system is full.
func fill(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int64
	for _, chunk := range []int{1 << 16, 4096, 1} {
		buf := make([]byte, chunk)
		for {
			w, err := f.Write(buf)
			n += int64(w)
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return n
}

// TestFullDisk puts the vault on a real, small file system, fills it, and
// frees a little more room each time: a save that does not fit fails with
// a clear message, leaves record.age and its backups byte-identical, and
// leaves no temporary or empty file; once there is room it works again and
// nothing reported done was lost.
func TestFullDisk(t *testing.T) {
	requireE2E(t)
	disk := mountTmpfs(t, "2m")
	dir, passFile := newVaultIn(t, t.TempDir(), filepath.Join(disk, "vault"))
	r := runner{t: t, bin: buildPHR(t), dir: dir, pass: passFile}
	for i := 0; i < 3; i++ {
		r.must("add", "note", "--title", fmt.Sprintf("before-%d", i), "--note", strings.Repeat("health ", 500))
	}
	recSize := func() int64 {
		fi, err := os.Stat(filepath.Join(dir, "record.age"))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	letter := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(letter, bytes.Repeat([]byte("scan "), 100_000), 0o600); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(disk, "filler")
	filled := fill(t, filler)
	t.Logf("record.age is %d bytes; the disk filled up with %d more", recSize(), filled)

	saved := map[string]bool{}
	failed := 0
	for _, free := range []int64{0, 512, 4096, 16 << 10, 64 << 10, recSize() / 2, recSize() - 8192, recSize() + 64<<10, 900 << 10} {
		free := free
		if err := os.Truncate(filler, filled-free); err != nil {
			t.Fatal(err)
		}
		for _, attach := range []bool{false, true} {
			title := fmt.Sprintf("full-%d-%v", free, attach)
			before := snapshot(t, dir)
			args := []string{"add", "note", "--title", title, "--note", strings.Repeat("x", 2000)}
			if attach {
				args = []string{"add", "document", "--title", title, "--attach", letter}
			}
			res := r.run(args...)
			if res.code == 0 {
				saved[title] = true
			} else {
				failed++
				if res.code != 1 || !strings.Contains(res.stderr, "disk is full") || (!attach && !strings.Contains(res.stderr, "not changed")) {
					t.Errorf("%s: a full disk should be exit 1 saying so and that nothing changed: exit %d: %s", title, res.code, res.stderr)
				}
				if strings.Count(res.stderr, "save vault") > 1 {
					t.Errorf("%s: the message repeats itself: %s", title, res.stderr)
				}
				// No file may change; the folders' own times do (a temporary
				// file came and went) and so does the lock (the pid).
				var files []string
				for _, x := range diffSnapshots(before, snapshot(t, dir)) {
					if x != "mtime of "+dir+" changed" && x != "mtime of "+filepath.Join(dir, "files")+" changed" && x != "mtime of "+filepath.Join(dir, "lock")+" changed" {
						files = append(files, x)
					}
				}
				if len(files) > 0 {
					t.Errorf("%s: a failed save changed the vault: %v", title, files)
				}
			}
			if left := temps(dir); len(left) > 0 {
				t.Errorf("%s: temporary files left: %v", title, left)
			}
			filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
				if err == nil && fi.Mode().IsRegular() && fi.Size() == 0 && fi.Name() != "lock" {
					t.Errorf("%s: empty file %s", title, p)
				}
				return nil
			})
			t.Logf("%d bytes free, attachment %v: exit %d %s", free, attach, res.code, firstLine(res.stderr))
		}
	}
	if failed == 0 {
		t.Error("no save failed: the disk was never full")
	}
	// Reading still works on the full disk: the unlock's audit row does not
	// fit, so the entries are printed, the command succeeds, and a warning
	// says the access went unlogged.
	if err := os.Truncate(filler, filled); err != nil {
		t.Fatal(err)
	}
	fill(t, filler) // the saves above used some of the room again
	res := r.run("list", "--json")
	var es []listed
	if err := json.Unmarshal([]byte(res.stdout), &es); err != nil || len(es) == 0 {
		t.Errorf("list on a full disk printed no entries: exit %d %s", res.code, res.stderr)
	}
	if res.code != 0 {
		t.Errorf("list on a full disk: exit %d, want 0 with a warning: %s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "warning: this access could not be written to the audit log") {
		t.Errorf("list on a full disk did not warn that the access went unlogged: %q", res.stderr)
	}
	// An extract goes through the same writer: on the full disk the export
	// fails saying so and leaves no extract and no temporary file.
	shareFile := filepath.Join(t.TempDir(), "share.txt")
	if err := os.WriteFile(shareFile, []byte("glacier-omelette-SHAREr8Nq-pepper-walnut\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	extract := filepath.Join(disk, "extract.age")
	res = r.run("export", "--share-passphrase-file", shareFile, "--category", "note", "--out", extract)
	if res.code != 1 || !strings.Contains(res.stderr, "disk is full") {
		t.Errorf("export to a full disk: exit %d, want 1 saying the disk is full: %s", res.code, res.stderr)
	}
	if _, err := os.Lstat(extract); err == nil {
		t.Error("a failed export left its extract")
	}
	if left := temps(disk); len(left) > 0 {
		t.Errorf("export: temporary files left: %v", left)
	}
	// With room again, saves work and everything reported done is there.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	r.must("add", "note", "--title", "after")
	got := r.entries()
	for title := range saved {
		if _, ok := got[title]; !ok {
			t.Errorf("%s was saved on the nearly full disk but is gone", title)
		}
	}
	for title := range got {
		if strings.HasPrefix(title, "full-") && !saved[title] {
			t.Errorf("%s failed to save but is in the record", title)
		}
	}
	if res := r.run("doctor", "--read-data"); res.code != 0 {
		t.Errorf("doctor after the full disk: exit %d: %s%s", res.code, res.stdout, res.stderr)
	}
	t.Logf("%d saves failed on the full disk, %d fitted", failed, len(saved))
}

// TestFullDiskPasswdAndRestore changes the passphrase and restores a backup
// on a nearly full disk (issue 16, item 4). A phr passwd is one outcome:
// with no room at all, and with room for the new identity.age but not for
// the record that carries the change's audit row (where phr used to replace
// identity.age and then fail, so that the old passphrase no longer opened
// the vault while it said nothing changed), it fails saying the old
// passphrase still opens the vault, which is true, and identity.age is
// byte-identical; with room it succeeds, the new passphrase opens the vault
// and the change is in the audit log. A restore that does not fit changes
// nothing and says so; one that fits is in the audit log. The successful
// passwd runs last: its identity.age has phr's real scrypt work factor,
// which makes every later unlock take a second.
func TestFullDiskPasswdAndRestore(t *testing.T) {
	requireE2E(t)
	disk := mountTmpfs(t, "2m")
	work := t.TempDir()
	dir, passFile := newVaultIn(t, work, filepath.Join(disk, "vault"))
	r := runner{t: t, bin: buildPHR(t), dir: dir, pass: passFile}
	for i := 0; i < 4; i++ {
		r.must("add", "note", "--title", fmt.Sprintf("note-%d", i), "--note", strings.Repeat("health ", 2000))
	}
	fi, err := os.Stat(filepath.Join(dir, "record.age"))
	if err != nil {
		t.Fatal(err)
	}
	recSize := fi.Size()
	if recSize < 64<<10 {
		t.Fatalf("record.age is %d bytes: too small to leave room for identity.age alone", recSize)
	}
	filler := filepath.Join(disk, "filler")

	for i, free := range []int64{0, 32 << 10, recSize + 256<<10} {
		// Fill the disk anew each time: a file truncated and grown again
		// is sparse and takes no room.
		os.Remove(filler)
		filled := fill(t, filler)
		if err := os.Truncate(filler, filled-free); err != nil {
			t.Fatal(err)
		}
		newPass := filepath.Join(work, fmt.Sprintf("new-%d.txt", i))
		os.WriteFile(newPass, []byte(fmt.Sprintf("quartz-harbour-pepper-ostrich-tundra-%d\n", i)), 0o600)
		idBefore, _ := os.ReadFile(filepath.Join(dir, "identity.age"))
		res := r.run("passwd", "--new-passphrase-file", newPass)
		idAfter, _ := os.ReadFile(filepath.Join(dir, "identity.age"))
		if left := temps(dir); len(left) > 0 {
			t.Errorf("%d bytes free: temporary files left: %v", free, left)
		}
		t.Logf("%d bytes free: passwd exit %d %s", free, res.code, firstLine(res.stderr))
		// Room to check with: the read's own audit row may not fit.
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
		rNew := r
		rNew.pass = newPass
		if free < recSize {
			if res.code != 1 || !strings.Contains(res.stderr, "the old one still opens the vault") {
				t.Errorf("%d bytes free: a failed passwd must say the old passphrase still opens the vault: exit %d: %s", free, res.code, res.stderr)
			}
			if !bytes.Equal(idBefore, idAfter) {
				t.Errorf("%d bytes free: passwd failed but identity.age changed", free)
			}
			if res := rNew.run("list"); res.code != 3 {
				t.Errorf("%d bytes free: passwd failed but the new passphrase gives exit %d", free, res.code)
			}
			if out := r.must("audit", "--json"); strings.Contains(out, `"action": "passwd"`) {
				t.Errorf("%d bytes free: passwd failed but the audit log holds a passwd row", free)
			}
			continue
		}
		if res.code != 0 {
			t.Fatalf("%d bytes free: passwd failed: %s", free, res.stderr)
		}
		if res := r.run("list"); res.code != 3 {
			t.Errorf("passwd succeeded but the old passphrase gives exit %d", res.code)
		}
		if out := rNew.must("audit", "--json"); strings.Count(out, `"action": "passwd"`) != 1 {
			t.Errorf("passwd succeeded but the audit log holds %d passwd rows, want 1", strings.Count(out, `"action": "passwd"`))
		}
		r = rNew
	}

	// restore on a full disk: nothing changes, and the message says so.
	fill(t, filler)
	before := snapshot(t, dir)
	res := r.run("restore")
	if res.code != 1 || !strings.Contains(res.stderr, "disk is full") || !strings.Contains(res.stderr, "record.age was not changed") ||
		strings.Contains(res.stderr, "was put back") {
		t.Errorf("restore on a full disk: want exit 1 saying the disk is full and nothing changed: exit %d: %s", res.code, res.stderr)
	}
	var files []string
	for _, x := range diffSnapshots(before, snapshot(t, dir)) {
		if x != "mtime of "+dir+" changed" && x != "mtime of "+filepath.Join(dir, "lock")+" changed" {
			files = append(files, x)
		}
	}
	if len(files) > 0 {
		t.Errorf("a restore that did not fit changed the vault: %v", files)
	}
	if left := temps(dir); len(left) > 0 {
		t.Errorf("restore: temporary files left: %v", left)
	}
	// With room, the restore is in the restored record's audit log.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	r.must("restore")
	if out := r.must("audit", "--json"); !strings.Contains(out, `"action": "restore"`) {
		t.Errorf("the restore is not in the audit log: %s", out)
	}
}
