package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

// faultFS wraps the real file system; it can fail the n-th call of one
// operation and records every operation in order.
type faultFS struct {
	mu     sync.Mutex
	op     string // operation to fail: mkdir create write shortwrite corrupt fsync close rename link remove syncdir open
	at     int    // which call of op fails (1 = the first after arming)
	err    error
	counts map[string]int
	log    []string
}

func (f *faultFS) arm(op string, at int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.op, f.at, f.err, f.counts, f.log = op, at, err, map[string]int{}, nil
}

func (f *faultFS) disarm() { f.arm("", 0, nil) }

// hit counts a call of op and says whether it must fail.
func (f *faultFS) hit(op, detail string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.counts == nil {
		f.counts = map[string]int{}
	}
	f.counts[op]++
	fail := f.op == op && f.counts[op] == f.at
	entry := op + " " + detail
	if fail {
		entry = "FAIL " + entry
	}
	f.log = append(f.log, entry)
	return fail
}

func (f *faultFS) entries() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

func (f *faultFS) pathErr(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: f.err}
}

func (f *faultFS) Mkdir(name string, perm os.FileMode) error {
	if f.hit("mkdir", name) {
		return f.pathErr("mkdir", name)
	}
	return OSFS{}.Mkdir(name, perm)
}

func (f *faultFS) CreateTemp(dir, pattern string) (File, error) {
	if f.hit("create", dir) {
		return nil, f.pathErr("open", filepath.Join(dir, pattern))
	}
	file, err := OSFS{}.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultFile{File: file, fs: f}, nil
}

func (f *faultFS) Open(name string) (io.ReadCloser, error) {
	if f.hit("open", name) {
		return nil, f.pathErr("open", name)
	}
	return OSFS{}.Open(name)
}

func (f *faultFS) Rename(oldpath, newpath string) error {
	if f.hit("rename", filepath.Base(oldpath)+" -> "+filepath.Base(newpath)) {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: f.err}
	}
	return OSFS{}.Rename(oldpath, newpath)
}

func (f *faultFS) Link(oldname, newname string) error {
	if f.hit("link", filepath.Base(oldname)+" -> "+filepath.Base(newname)) {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: f.err}
	}
	return OSFS{}.Link(oldname, newname)
}

func (f *faultFS) Remove(name string) error {
	if f.hit("remove", filepath.Base(name)) {
		return f.pathErr("remove", name)
	}
	return OSFS{}.Remove(name)
}

func (f *faultFS) SyncDir(dir string) error {
	if f.hit("syncdir", dir) {
		return f.pathErr("sync", dir)
	}
	return OSFS{}.SyncDir(dir)
}

type faultFile struct {
	File
	fs *faultFS
}

func (f *faultFile) Write(p []byte) (int, error) {
	name := filepath.Base(f.Name())
	if f.fs.hit("write", name) {
		return 0, f.fs.pathErr("write", f.Name())
	}
	if f.fs.hit("shortwrite", name) && len(p) > 1 {
		// A lying file system: fewer bytes, no error.
		return f.File.Write(p[:len(p)/2])
	}
	if f.fs.hit("corrupt", name) && len(p) > 0 {
		q := bytes.Clone(p)
		q[len(q)/2] ^= 0x01
		return f.File.Write(q)
	}
	return f.File.Write(p)
}

func (f *faultFile) Sync() error {
	if f.fs.hit("fsync", filepath.Base(f.Name())) {
		return f.fs.pathErr("sync", f.Name())
	}
	return f.File.Sync()
}

func (f *faultFile) Close() error {
	err := f.File.Close()
	if f.fs.hit("close", filepath.Base(f.Name())) {
		return f.fs.pathErr("close", f.Name())
	}
	return err
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
