package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/errs"
)

var testPass = []byte("correct horse battery staple tonic")

func testOpts() Options { return Options{ScryptLog2: 10} }

// newTestVault creates a vault in a fresh folder with initial as its record.
func newTestVault(t testing.TB, initial []byte, opts Options) (*Vault, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(dir, testPass, initial, opts)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	return v, dir
}

// openUnlocked opens dir with a new Vault, unlocked with testPass.
func openUnlocked(t testing.TB, dir string, opts Options) *Vault {
	t.Helper()
	v, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.UnlockPassphrase(testPass); err != nil {
		t.Fatalf("UnlockPassphrase: %v", err)
	}
	return v
}

// readBack opens dir afresh and returns its record's plaintext.
func readBack(t testing.TB, dir string) []byte {
	t.Helper()
	v := openUnlocked(t, dir, testOpts())
	defer v.Close()
	b, err := v.ReadRecord()
	if err != nil {
		t.Fatalf("ReadRecord: %v", err)
	}
	return b
}

func randBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// fileSnap is what a test compares of one file.
type fileSnap struct {
	data  []byte
	mtime time.Time
	mode  fs.FileMode
}

// snapshot records every file and folder under dir.
func snapshot(t testing.TB, dir string) map[string]fileSnap {
	t.Helper()
	out := map[string]fileSnap{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		s := fileSnap{mode: st.Mode(), mtime: st.ModTime()}
		if st.Mode().IsRegular() {
			if s.data, err = os.ReadFile(p); err != nil {
				return err
			}
		} else {
			s.mtime = time.Time{} // folder times change with any entry
		}
		out[rel] = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameSnapshot fails the test if the two snapshots differ.
func sameSnapshot(t testing.TB, before, after map[string]fileSnap) {
	t.Helper()
	for name, b := range before {
		a, ok := after[name]
		switch {
		case !ok:
			t.Errorf("%s disappeared", name)
		case !bytes.Equal(a.data, b.data):
			t.Errorf("%s changed content", name)
		case !a.mtime.Equal(b.mtime):
			t.Errorf("%s changed modification time", name)
		case a.mode != b.mode:
			t.Errorf("%s changed mode %v -> %v", name, b.mode, a.mode)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s appeared", name)
		}
	}
}

func wantKind(t testing.TB, err error, k errs.Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want kind %d", k)
	}
	if got := errs.KindOf(err); got != k {
		t.Fatalf("error kind %d, want %d: %v", got, k, err)
	}
}

// tempFiles lists leftover temporary files under dir.
func tempFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func mustContain(t testing.TB, err error, subs ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", subs)
	}
	for _, s := range subs {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
}

var _ = errors.New
var _ = fmt.Sprint

// flip returns a copy of b with one bit of byte i changed.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x40
	return c
}
