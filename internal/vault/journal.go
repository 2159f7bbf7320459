package vault

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
)

// The read journal: a phr that reads the record while another holds the
// write lock cannot add its unlock to the audit log inside record.age, so it
// leaves a note in reads/ instead, and the next writer folds the notes into
// the log (see NoteRead, ReadNotes, DropReadNotes).
const (
	readsDirName = "reads"
	// maxReadNote bounds one note on disk: a note is a few dozen bytes.
	maxReadNote = 4 << 10
	// MaxReadNotes bounds the notes one save folds in; more wait for the
	// next save.
	MaxReadNotes = 1000
)

// ReadNote is one note of the read journal.
type ReadNote struct {
	// Name is the note's file name in reads/.
	Name string
	// Plain is what NoteRead was given; nil when the note could not be
	// decrypted (Err says why).
	Plain []byte
	Err   error
}

// NoteRead leaves a note of a read in the read journal: a new file
// reads/NAME.age, encrypted to the vault key like everything else and
// written atomically, so that any number of readers may write at once.
// It needs an unlocked vault, not the write lock.
func (v *Vault) NoteRead(plain []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.id == nil {
		return errors.New("note read: the vault is locked: unlock it first")
	}
	if err := v.makeFolder(readsDirName); err != nil {
		return fmt.Errorf("note read: %w", err)
	}
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	name := filepath.Join(v.path(readsDirName), hex.EncodeToString(b[:])+".age")
	rcp := v.id.Recipient()
	fill := func(w io.Writer) error { return encryptTo(w, plain, rcp) }
	if err := atomicfile.Write(v.fs, name, tempPattern, fill); err != nil {
		return fmt.Errorf("note read: %w", err)
	}
	return nil
}

// ReadNotes returns the notes of the read journal (at most MaxReadNotes),
// each decrypted, in no particular order. A note that cannot be read or
// decrypted is returned with its error, so that the caller can record and
// drop it. It needs an unlocked vault.
func (v *Vault) ReadNotes() ([]ReadNote, error) {
	v.mu.Lock()
	id := v.id
	v.mu.Unlock()
	if id == nil {
		return nil, errors.New("read notes: the vault is locked: unlock it first")
	}
	names, _, err := v.ageFiles(readsDirName)
	if err != nil {
		return nil, fmt.Errorf("read notes: %w", err)
	}
	for i := range names {
		names[i] += ".age"
	}
	if len(names) > MaxReadNotes {
		names = names[:MaxReadNotes]
	}
	notes := make([]ReadNote, 0, len(names))
	for _, n := range names {
		note := ReadNote{Name: n}
		ct, err := readRegular(filepath.Join(v.path(readsDirName), n), maxReadNote)
		if err == nil {
			note.Plain, err = decryptAll(ct, id)
		}
		note.Err = err
		notes = append(notes, note)
	}
	return notes, nil
}

// DropReadNotes removes notes that are now in the audit log. It needs the
// write lock. A note that cannot be removed is reported; it would be folded
// in again by the next save.
func (v *Vault) DropReadNotes(names []string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.lock == nil {
		return errors.New("drop read notes: the vault is not open for writing (take the lock first)")
	}
	var errsOut []error
	for _, n := range names {
		if filepath.Base(n) != n {
			continue
		}
		if err := v.fs.Remove(filepath.Join(v.path(readsDirName), n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errsOut = append(errsOut, err)
		}
	}
	if len(errsOut) > 0 {
		return errs.Wrap(errs.Failed, fmt.Errorf("remove read notes from %s: %w", v.path(readsDirName), errors.Join(errsOut...)))
	}
	_ = v.fs.SyncDir(v.path(readsDirName))
	return nil
}

// readRegular reads a whole regular file of at most limit bytes, without
// following a symlink at its name.
func readRegular(path string, limit int64) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", filepath.Base(path))
	}
	return readLimited(path, limit)
}
