package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestSymlinksRefused: a symbolic link planted as any vault file is never
// followed (issue 16, item 7): reading, locking or restoring through it is
// a *SymlinkError, and the link's target keeps every byte. Before, the lock
// file's target was truncated by a plain read.
func TestSymlinksRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	tests := []struct {
		name string
		op   func(v *Vault) error
	}{
		{"identity.age", func(v *Vault) error { return v.UnlockPassphrase(testPass) }},
		{"record.age", func(v *Vault) error { _, err := v.ReadRecord(); return err }},
		{"record.age.1", func(v *Vault) error { _, err := v.ReadBackup(1); return err }},
		{"lock", func(v *Vault) error { return v.LockForWriting() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, dir := newTestVault(t, []byte("first"), testOpts())
			if err := v.WriteRecord([]byte("second")); err != nil {
				t.Fatal(err)
			}
			v.Close()
			path := filepath.Join(dir, tt.name)
			target := filepath.Join(t.TempDir(), "elsewhere")
			content, err := os.ReadFile(path)
			if errors.Is(err, os.ErrNotExist) || len(content) == 0 {
				content = []byte("a file elsewhere")
			} else if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(target, content, 0o600); err != nil {
				t.Fatal(err)
			}
			os.Remove(path)
			if err := os.Symlink(target, path); err != nil {
				t.Fatal(err)
			}
			w, err := Open(dir, testOpts())
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if tt.name != "identity.age" {
				if err := w.UnlockPassphrase(testPass); err != nil {
					t.Fatal(err)
				}
			}
			err = tt.op(w)
			var se *SymlinkError
			if !errors.As(err, &se) {
				t.Errorf("through a link as %s: %v, want a SymlinkError", tt.name, err)
			}
			w.Close()
			if after, _ := os.ReadFile(target); !bytes.Equal(after, content) {
				t.Errorf("the target of %s changed: %q -> %q", tt.name, content, after)
			}
		})
	}
}
