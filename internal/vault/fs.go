package vault

import (
	"io"
	"os"
	"runtime"
)

// FS is the set of file-system operations the vault uses to change files.
// The zero Options use the real operating system; tests supply their own to
// make any step fail (create, write, short write, fsync, close, rename,
// link, remove, directory fsync) or to record the order of operations.
// Reads of files that were not just written (record.age, identity.age,
// attachments) go to the operating system directly.
type FS interface {
	// Mkdir creates a folder with the given mode (os.Mkdir).
	Mkdir(name string, perm os.FileMode) error
	// CreateTemp creates a new file of mode 0600 in dir, named as
	// os.CreateTemp names it from pattern, open for writing.
	CreateTemp(dir, pattern string) (File, error)
	// Open opens a file for reading; the vault uses it to check what it
	// has just written before renaming it into place.
	Open(name string) (io.ReadCloser, error)
	// Rename atomically replaces newpath with oldpath (os.Rename).
	Rename(oldpath, newpath string) error
	// Link makes newname a hard link to oldname (os.Link); newname must not
	// exist.
	Link(oldname, newname string) error
	// Remove removes a file (os.Remove).
	Remove(name string) error
	// SyncDir flushes a folder's entries to stable storage, so renames in
	// it survive a crash. It is a no-op where folders cannot be synced.
	SyncDir(dir string) error
}

// File is a file being written by the vault.
type File interface {
	io.Writer
	// Sync flushes the file's data to stable storage (fsync).
	Sync() error
	// Close closes the file.
	Close() error
	// Name returns the path the file was created with.
	Name() string
}

// OSFS is the real file system. It is what a nil Options.FS means.
type OSFS struct{}

// Mkdir calls os.Mkdir.
func (OSFS) Mkdir(name string, perm os.FileMode) error { return os.Mkdir(name, perm) }

// CreateTemp calls os.CreateTemp, which creates files of mode 0600.
func (OSFS) CreateTemp(dir, pattern string) (File, error) { return os.CreateTemp(dir, pattern) }

// Open calls os.Open.
func (OSFS) Open(name string) (io.ReadCloser, error) { return os.Open(name) }

// Rename calls os.Rename.
func (OSFS) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

// Link calls os.Link.
func (OSFS) Link(oldname, newname string) error { return os.Link(oldname, newname) }

// Remove calls os.Remove.
func (OSFS) Remove(name string) error { return os.Remove(name) }

// SyncDir opens the folder and fsyncs it. Windows cannot sync a folder (its
// renames are journaled by NTFS), so there it does nothing.
func (OSFS) SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// shortWriteChecker turns a write that reports fewer bytes than it was
// given without an error into io.ErrShortWrite (the io.Writer contract
// requires an error; a faulty file system may not give one).
type shortWriteChecker struct{ w io.Writer }

func (s shortWriteChecker) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	return n, err
}
