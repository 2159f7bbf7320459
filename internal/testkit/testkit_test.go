package testkit

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestCopySnapshotDiff: a copy snapshots the same as its original (times
// kept), and Diff names a changed, a new and a removed file, and a folder's
// time only when asked.
func TestCopySnapshotDiff(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src")
	if err := os.Mkdir(src, 0o700); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, f := range []string{"a", "sub/b", "sub/c"} {
		p := filepath.Join(src, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	dst := filepath.Join(t.TempDir(), "copy")
	CopyDir(t, src, dst)
	before := Snapshot(t, src)
	if d := Diff(before, Snapshot(t, dst), false); len(d) != 0 {
		t.Fatalf("the copy differs: %v", d)
	}
	if err := os.WriteFile(filepath.Join(dst, "a"), []byte("changed"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "new"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dst, "sub", "c")); err != nil {
		t.Fatal(err)
	}
	after := Snapshot(t, dst)
	want := []string{"mtime of a changed", "new new", "removed " + filepath.Join("sub", "c")}
	if got := Diff(before, after, false); !slices.Equal(got, want) {
		t.Errorf("Diff = %q, want %q", got, want)
	}
	if got := Diff(before, after, true); len(got) <= len(want) {
		t.Errorf("with folders' times, Diff = %q: the folders changed too", got)
	}
	if len(Snapshot(t, filepath.Join(src, "missing"))) != 0 {
		t.Error("a missing root gave a snapshot")
	}
}
