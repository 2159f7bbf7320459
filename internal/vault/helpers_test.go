package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/testkit"
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

// snapshot records every file and folder under dir, keyed by the path
// relative to dir.
func snapshot(t testing.TB, dir string) map[string]testkit.File { return testkit.Snapshot(t, dir) }

// sameSnapshot fails the test if the two snapshots differ, leaving out
// folders' times (which change with any file made and removed in them).
func sameSnapshot(t testing.TB, before, after map[string]testkit.File) {
	t.Helper()
	for _, d := range testkit.Diff(before, after, false) {
		t.Error(d)
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
