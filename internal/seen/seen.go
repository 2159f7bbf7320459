// Package seen remembers, for each vault and on this computer only, the last
// version of the record that phr saved or opened there: the last row of its
// audit log (sequence number and hash). A record.age put back by a sync tool
// or a copy between two runs of phr has an audit log that ends earlier, or
// that went another way, and Check says so, so that phr does not quietly
// build on an older copy.
//
// The marks live outside the vault folder (which people sync), in the
// per-user state folder, and hold no health data: a number and a hash of the
// record's own audit row, under a name derived from the vault's path.
package seen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/phrhealth/phr/internal/atomicfile"
)

// Mark is one version of a record: its last audit row, and the hash of its
// first row, which names the vault (a new vault made in the same folder
// starts another history and is not an older copy).
type Mark struct {
	Seq   int64  `json:"seq"`
	Hash  string `json:"hash"`
	First string `json:"first"`
}

// Book keeps the marks in one folder. The zero Book (no folder) keeps
// nothing and finds nothing.
type Book struct {
	// Dir is the folder of marks, for example ~/.local/state/phr/seen.
	Dir string
	// FS writes the marks; nil means the real file system.
	FS atomicfile.FS
}

// DefaultDir returns the per-user folder for marks: $XDG_STATE_HOME/phr/seen
// (else ~/.local/state/phr/seen) on Linux and other Unix systems, the
// per-user local application data folder plus phr\seen on Windows, and
// ~/Library/Application Support/phr/seen on macOS. getenv reads the
// environment.
func DefaultDir(getenv func(string) string) (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "phr", "seen"), nil
		}
	case "darwin":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support", "phr", "seen"), nil
		}
	default:
		if d := getenv("XDG_STATE_HOME"); d != "" {
			return filepath.Join(d, "phr", "seen"), nil
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".local", "state", "phr", "seen"), nil
		}
	}
	return "", errors.New("no home folder for phr's state")
}

// name is the file that holds the mark of the vault in vaultDir: a hash of
// its absolute path with symbolic links resolved, so the same vault reached
// two ways shares one mark.
func (b Book) name(vaultDir string) (string, error) {
	abs, err := filepath.Abs(vaultDir)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	sum := sha256.Sum256([]byte("phr-seen-v1\x00" + abs))
	return filepath.Join(b.Dir, hex.EncodeToString(sum[:16])+".json"), nil
}

// Load returns the mark of the vault in vaultDir, and false when there is
// none (the vault was never used from this computer, or the mark is not
// readable: a mark is a hint, never a reason to refuse the record).
func (b Book) Load(vaultDir string) (Mark, bool) {
	if b.Dir == "" {
		return Mark{}, false
	}
	p, err := b.name(vaultDir)
	if err != nil {
		return Mark{}, false
	}
	data, err := os.ReadFile(p)
	if err != nil || len(data) > 4096 {
		return Mark{}, false
	}
	var m Mark
	if err := json.Unmarshal(data, &m); err != nil || m.Seq < 1 || len(m.Hash) != 64 || len(m.First) != 64 {
		return Mark{}, false
	}
	return m, true
}

// Save records m as the vault's latest version on this computer, replacing
// the mark atomically (a temporary file renamed over it) in a 0700 folder.
func (b Book) Save(vaultDir string, m Mark) error {
	if b.Dir == "" || m.Seq < 1 || m.First == "" {
		return nil
	}
	p, err := b.name(vaultDir)
	if err != nil {
		return fmt.Errorf("remember the record's version: %w", err)
	}
	data, _ := json.Marshal(m)
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return fmt.Errorf("remember the record's version: %w", err)
	}
	if err := atomicfile.WriteBytes(b.FS, p, ".mark-*.tmp", data); err != nil {
		return fmt.Errorf("remember the record's version: %w", err)
	}
	return nil
}

// Forget removes the vault's mark.
func (b Book) Forget(vaultDir string) error {
	if b.Dir == "" {
		return nil
	}
	p, err := b.name(vaultDir)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("forget the record's version: %w", err)
	}
	return nil
}

// Verdict compares the record phr has just read with the vault's mark.
type Verdict int

const (
	// Newer: the record continues the history phr last saw (or there is
	// no mark, or it is another vault).
	Newer Verdict = iota
	// Older: the record's audit log ends before the last row phr saw.
	Older
	// Diverged: the record's history differs from the one phr saw at the
	// mark's row (another copy was changed separately).
	Diverged
)

// Compare says how a record whose audit log ends at head relates to mark,
// given hashAt, the record's hash of row mark.Seq (and whether it has one).
// A record of another vault (another first row) is not compared: Newer.
func Compare(mark Mark, head Mark, hashAt string, has bool) Verdict {
	switch {
	case head.First != mark.First:
		return Newer
	case head.Seq < mark.Seq:
		return Older
	case !has || hashAt != mark.Hash:
		return Diverged
	}
	return Newer
}
