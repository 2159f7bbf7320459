package e2e

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOlderCopyWhileRunning: record.age is replaced by an older copy (cp -p,
// which keeps the copy's modification time, as a backup tool or sync client
// putting back an old version would) while phr import is running, after phr
// read the record and before it saves. The save must refuse with exit 6,
// leave the older copy in place, and keep the person's edits in a
// record.conflict-*.age that opens with all of them.
//
// phr import reads its files after it has opened the vault; a named pipe
// holds it there until the copy is in place.
func TestOlderCopyWhileRunning(t *testing.T) {
	requireE2E(t)
	r := newRunner(t)
	r.must("add", "note", "--title", "A")
	older := filepath.Join(t.TempDir(), "older.age")
	rec := filepath.Join(r.dir, "record.age")
	if out, err := exec.Command("cp", "-p", rec, older).CombinedOutput(); err != nil {
		t.Fatalf("cp -p: %v %s", err, out)
	}
	time.Sleep(20 * time.Millisecond) // a visibly different modification time
	r.must("add", "note", "--title", "B")

	fifo := filepath.Join(t.TempDir(), "monitor.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	c := r.cmd("import", fifo)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// Opening the pipe for writing returns once phr opened it for reading:
	// phr has read record.age by then.
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-p", older, rec).CombinedOutput(); err != nil {
		t.Fatalf("cp -p: %v %s", err, out)
	}
	io.WriteString(w, "Date,Type,Reading,Unit\n2025-01-02,weight,82.5,kg\n")
	w.Close()
	err = c.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != 6 {
		t.Fatalf("a save over a record replaced on disk: want exit 6, got %d: %s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "changed on disk") || !strings.Contains(stderr.String(), "record.conflict-") {
		t.Errorf("the refusal should say the file changed and where the edits went: %s", stderr.String())
	}
	want, _ := os.ReadFile(older)
	if got, _ := os.ReadFile(rec); !bytes.Equal(got, want) {
		t.Error("record.age was overwritten")
	}
	conflicts, _ := filepath.Glob(filepath.Join(r.dir, "record.conflict-*.age"))
	if len(conflicts) != 1 {
		t.Fatalf("want one conflict file, got %v", conflicts)
	}
	if !strings.Contains(stderr.String(), filepath.Base(conflicts[0])) {
		t.Errorf("the message does not name %s: %s", filepath.Base(conflicts[0]), stderr.String())
	}
	// The conflict file is a whole record: put it in place in a copy of the
	// vault and it opens with A, B and the import.
	other := filepath.Join(t.TempDir(), "vault")
	if out, err := exec.Command("cp", "-a", r.dir, other).CombinedOutput(); err != nil {
		t.Fatalf("cp -a: %v %s", err, out)
	}
	for _, f := range []string{"record.age", "record.age.1", "record.age.2", "record.age.3"} {
		os.Remove(filepath.Join(other, f))
	}
	if err := os.Rename(filepath.Join(other, filepath.Base(conflicts[0])), filepath.Join(other, "record.age")); err != nil {
		t.Fatal(err)
	}
	r2 := r
	r2.dir = other
	got := r2.entries()
	for _, title := range []string{"A", "B", "weight"} {
		if _, ok := got[title]; !ok {
			t.Errorf("the conflict file lacks %q: %v", title, titles(got))
		}
	}
	// The vault itself still opens, with the older copy's content.
	if got := r.entries(); len(got) != 1 {
		t.Errorf("the vault should hold the older copy (A only): %v", titles(got))
	}
}
