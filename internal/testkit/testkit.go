// Package testkit holds the helpers that tests of several packages share:
// copying and snapshotting folders, building the real phr binary once, and
// finding the shared fixtures. Only tests import it.
package testkit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"
)

// CopyDir copies the folder from, with everything in it, to to (created if
// needed), keeping the files' modification times; files get mode 0600 and
// folders 0700, as a vault's.
func CopyDir(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, b, 0o600); err != nil {
			return err
		}
		return os.Chtimes(target, info.ModTime(), info.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// File is what a snapshot keeps of one file or folder.
type File struct {
	Mode    fs.FileMode
	ModTime time.Time
	// Data is a regular file's content.
	Data []byte
}

// Snapshot records every file and folder under root (not following
// symbolic links), keyed by its path relative to root ("." for root
// itself). A root that does not exist gives an empty snapshot.
func Snapshot(t testing.TB, root string) map[string]File {
	t.Helper()
	out := map[string]File{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		f := File{Mode: st.Mode(), ModTime: st.ModTime()}
		if st.Mode().IsRegular() {
			if f.Data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		out[rel] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Diff describes, sorted, how after differs from before: files removed,
// added, or changed in mode, content or modification time. A folder's
// modification time (which any file made and removed in it changes) counts
// only when folderTimes is true.
func Diff(before, after map[string]File, folderTimes bool) []string {
	var d []string
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			d = append(d, "removed "+p)
		case a.Mode != b.Mode:
			d = append(d, fmt.Sprintf("mode of %s %v -> %v", p, b.Mode, a.Mode))
		case !a.ModTime.Equal(b.ModTime) && (folderTimes || !a.Mode.IsDir()):
			d = append(d, "mtime of "+p+" changed")
		case !bytes.Equal(a.Data, b.Data):
			d = append(d, "content of "+p+" changed")
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			d = append(d, "new "+p)
		}
	}
	sort.Strings(d)
	return d
}

var build struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// RemoveBuilt removes the binary BuildPHR built, if any; call it from
// TestMain after the tests ran.
func RemoveBuilt() {
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
}

// BuildPHR builds the real phr binary once per test process, into a folder
// that outlives the test (the operating system's temporary folder), and
// returns its path (see RemoveBuilt).
func BuildPHR(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		dir, err := os.MkdirTemp("", "phr-test-bin-")
		if err != nil {
			build.err = err
			return
		}
		build.dir, build.path = dir, filepath.Join(dir, "phr")
		out, err := exec.Command("go", "build", "-o", build.path, "github.com/phrhealth/phr/cmd/phr").CombinedOutput()
		if err != nil {
			build.err = fmt.Errorf("build phr: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.path
}

// FindFixtures returns the shared fixtures folder: $PHR_FIXTURES, or the
// first shared/fixtures folder above the working folder.
func FindFixtures() (string, error) {
	if d := os.Getenv("PHR_FIXTURES"); d != "" {
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		cand := filepath.Join(dir, "shared", "fixtures")
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no shared/fixtures folder above the package and PHR_FIXTURES is not set")
		}
		dir = parent
	}
}

// FixturesDir is FindFixtures for a test that needs them: without them the
// test is skipped, except under PHR_E2E=1, where it fails.
func FixturesDir(t testing.TB) string {
	t.Helper()
	d, err := FindFixtures()
	if err == nil {
		return d
	}
	if os.Getenv("PHR_E2E") == "1" {
		t.Fatalf("PHR_E2E=1 but the fixtures are missing: %v", err)
	}
	t.Skipf("fixtures not found (%v): set PHR_FIXTURES to the shared/fixtures folder", err)
	return ""
}
