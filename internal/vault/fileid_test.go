package vault

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

// TestChangedOnDiskIdentity checks the changed-on-disk check's shortcut:
// record.age with the identity (device, inode, change time) the vault last
// saw is not hashed again, and anything that changes the identity makes it
// hash: a chmod alone is no change, a same-size rewrite in place or a
// same-size replacement with the old modification time is.
func TestChangedOnDiskIdentity(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("record.age is always hashed here")
	}
	v, dir := newTestVault(t, []byte("v0"), testOpts())
	if err := v.WriteRecord([]byte("v1")); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(dir, "record.age")
	if !v.read.hasID {
		t.Fatal("no identity kept after a save")
	}
	// The shortcut: a wrong hash is not noticed while the identity holds...
	was := *v.read
	was.sum[0] ^= 1
	if changed, err := changedOnDisk(rec, was); err != nil || changed {
		t.Fatalf("unchanged file with its identity: changed=%v, %v", changed, err)
	}
	// ...and is, without it.
	was.hasID = false
	if changed, err := changedOnDisk(rec, was); err != nil || !changed {
		t.Fatalf("hash mismatch without identity: changed=%v, %v", changed, err)
	}

	// A chmod changes the change time but not the bytes: the save goes on.
	if err := os.Chmod(rec, 0o400); err != nil {
		t.Fatal(err)
	}
	if err := v.WriteRecord([]byte("v2")); err != nil {
		t.Fatalf("save after a chmod: %v", err)
	}

	// The same bytes of another version, rewritten in place at once, with
	// the modification time put back: refused.
	v1 := filepath.Join(dir, "record.age.1")
	other, err := os.ReadFile(v1)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(rec)
	if int64(len(other)) != st.Size() {
		t.Fatalf("sizes differ: %d %d", len(other), st.Size())
	}
	if err := os.WriteFile(rec, other, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(rec, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	wantKind(t, v.WriteRecord([]byte("v3")), errs.Busy)

	// A same-size file renamed over record.age with its modification time:
	// refused too.
	v2, dir2 := newTestVault(t, []byte("w0"), testOpts())
	if err := v2.WriteRecord([]byte("w1")); err != nil {
		t.Fatal(err)
	}
	rec2 := filepath.Join(dir2, "record.age")
	st2, _ := os.Stat(rec2)
	other2, _ := os.ReadFile(filepath.Join(dir2, "record.age.1"))
	tmp := filepath.Join(dir2, "replacement")
	if err := os.WriteFile(tmp, other2, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, st2.ModTime(), st2.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, rec2); err != nil {
		t.Fatal(err)
	}
	wantKind(t, v2.WriteRecord([]byte("w2")), errs.Busy)
}
