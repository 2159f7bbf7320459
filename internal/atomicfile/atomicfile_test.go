package atomicfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/atomicfile/faultfs"
)

// TestWriteFaults fails every step of a write with a full disk and with an
// input/output error: the file keeps its old bytes, no temporary file is
// left, the error names the step and the reason, and nothing is renamed
// after a failure before the rename.
func TestWriteFaults(t *testing.T) {
	steps := []struct {
		op, want string
		replaced bool // the new file is in place despite the error
	}{
		{"create", "create a temporary file", false},
		{"write", "write the temporary file", false},
		{"shortwrite", "short write", false},
		{"fsync", "fsync the temporary file", false},
		{"close", "close the temporary file", false},
		{"rename", "put ", false},
		{"syncdir", "may not survive a crash", true},
	}
	for _, step := range steps {
		for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EIO} {
			t.Run(step.op+"/"+errno.Error(), func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "file")
				if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				fsys := &faultfs.FS{}
				fsys.Arm(step.op, 1, errno)
				err := atomicfile.WriteBytes(fsys, path, ".x-*.tmp", []byte("new contents"))
				if err == nil {
					t.Fatalf("the write succeeded with %s failing", step.op)
				}
				if !strings.Contains(err.Error(), step.want) {
					t.Errorf("%q does not say %q", err, step.want)
				}
				if step.op != "shortwrite" && !errors.Is(err, errno) {
					t.Errorf("%q does not wrap %v", err, errno)
				}
				if errno == syscall.ENOSPC && step.op != "shortwrite" && !strings.Contains(err.Error(), "disk is full") {
					t.Errorf("%q does not say the disk is full", err)
				}
				want := "old"
				if step.replaced {
					want = "new contents"
				}
				if got, _ := os.ReadFile(path); string(got) != want {
					t.Errorf("the file holds %q, want %q", got, want)
				}
				failed := false
				for _, e := range fsys.Entries() {
					failed = failed || strings.HasPrefix(e, "FAIL ")
					if failed && !step.replaced && strings.HasPrefix(e, "rename") {
						t.Errorf("renamed after a failure: %v", fsys.Entries())
					}
				}
				entries, _ := os.ReadDir(dir)
				if len(entries) != 1 {
					t.Errorf("left behind: %v", entries)
				}
			})
		}
	}
}

// TestWriteOrder checks the steps of a write: the temporary file in the
// same folder, written, fsynced and closed, then renamed, then the folder
// fsynced; and that a check sees the whole file and can refuse it.
func TestWriteOrder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "file")
	fsys := &faultfs.FS{}
	fsys.Disarm()
	if err := atomicfile.WriteBytes(fsys, path, ".x-*.tmp", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, e := range fsys.Entries() {
		if op := strings.Fields(e)[0]; len(ops) == 0 || ops[len(ops)-1] != op && op != "shortwrite" && op != "corrupt" {
			ops = append(ops, op) // a write is logged as write, shortwrite and corrupt
		}
	}
	if got, want := strings.Join(ops, " "), "create write fsync close rename syncdir"; got != want {
		t.Errorf("steps %q, want %q", got, want)
	}
	if got, _ := os.ReadFile(path); string(got) != "hello" {
		t.Errorf("read back %q", got)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600", fi.Mode(), err)
	}

	refused := errors.New("not what was meant")
	var seen string
	_, err := atomicfile.WriteTemp(nil, dir, ".x-*.tmp", func(w io.Writer) error {
		_, err := w.Write([]byte("checked"))
		return err
	}, func(name string) error {
		b, _ := os.ReadFile(name)
		seen = string(b)
		return refused
	})
	if !errors.Is(err, refused) || !strings.Contains(err.Error(), "check the temporary file") {
		t.Errorf("a refused check gave %v", err)
	}
	if seen != "checked" {
		t.Errorf("the check read %q", seen)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a refused file was left: %v", entries)
	}
}
