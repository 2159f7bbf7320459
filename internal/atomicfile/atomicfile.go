// Package atomicfile writes files so that a crash or a failed step never
// leaves a half-written file under the final name: every writer of phr (the
// vault's record, identity and attachments, an exported extract, the marks
// of package seen) writes a temporary file in the final file's folder,
// fsyncs and closes it, checks it if asked, renames it into place and fsyncs
// the folder. The file system is an interface, so tests can make any step
// fail (a full disk, an input/output error) or record the order of steps.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// FS is the set of file-system operations a writer uses to change files.
// OSFS is the real one; tests supply their own to make any step fail
// (create, write, short write, fsync, close, rename, link, remove, folder
// fsync) or to record the order of operations.
type FS interface {
	// Mkdir creates a folder with the given mode (os.Mkdir).
	Mkdir(name string, perm os.FileMode) error
	// CreateTemp creates a new file of mode 0600 in dir, named as
	// os.CreateTemp names it from pattern, open for writing.
	CreateTemp(dir, pattern string) (File, error)
	// Open opens a file for reading; writers use it to check what they
	// have just written before renaming it into place.
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

// File is a file being written.
type File interface {
	io.Writer
	// Sync flushes the file's data to stable storage (fsync).
	Sync() error
	// Close closes the file.
	Close() error
	// Name returns the path the file was created with.
	Name() string
}

// OSFS is the real file system.
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

// Or returns fsys, or OSFS when fsys is nil.
func Or(fsys FS) FS {
	if fsys == nil {
		return OSFS{}
	}
	return fsys
}

// WriteTemp creates a temporary file in dir (named from pattern, as
// os.CreateTemp does), writes it through fill, fsyncs and closes it, and
// returns its name. If check is not nil it runs on the file's name once
// fill has returned, beside the fsync (it reads what was written from the
// page cache, as it would after the fsync); both must succeed. On any
// failure the file is removed and the error says which step failed, with a
// hint a person can act on (a full disk, a read-only folder). The file is
// never renamed here: see Commit.
func WriteTemp(fsys FS, dir, pattern string, fill func(io.Writer) error, check func(name string) error) (string, error) {
	fsys = Or(fsys)
	f, err := fsys.CreateTemp(dir, pattern)
	if err != nil {
		return "", fmt.Errorf("create a temporary file in %s: %w%s", dir, err, Hint(err))
	}
	name := f.Name()
	fail := func(step string, err error) (string, error) {
		_ = fsys.Remove(name)
		return "", fmt.Errorf("%s: %w%s", step, err, Hint(err))
	}
	if err := fill(startWriteback(f, shortWriteChecker{f})); err != nil {
		_ = f.Close()
		return fail("write the temporary file", err)
	}
	checked := make(chan error, 1)
	if check != nil {
		go func() { checked <- check(name) }()
	} else {
		checked <- nil
	}
	serr := f.Sync()
	cerr := f.Close()
	kerr := <-checked
	switch {
	case serr != nil:
		return fail("fsync the temporary file", serr)
	case cerr != nil:
		return fail("close the temporary file", cerr)
	case kerr != nil:
		return fail("check the temporary file", kerr)
	}
	return name, nil
}

// Commit renames the written temporary file tmp to final and fsyncs
// final's folder. If the rename fails, tmp is removed and final is as it
// was. If only the folder's fsync fails, final is the new file but may not
// survive a crash, and the error says so.
func Commit(fsys FS, tmp, final string) error {
	fsys = Or(fsys)
	if err := fsys.Rename(tmp, final); err != nil {
		_ = fsys.Remove(tmp)
		return fmt.Errorf("put %s in place: %w%s", final, err, Hint(err))
	}
	if err := fsys.SyncDir(filepath.Dir(final)); err != nil {
		return fmt.Errorf("%s is in place but its folder could not be synced (%w%s): it may not survive a crash", final, err, Hint(err))
	}
	return nil
}

// Write replaces the file at path with what fill writes, atomically: a
// temporary file in path's folder (named from pattern), fsynced, closed,
// renamed over path, and the folder fsynced. After a failure path is
// unchanged and no temporary file is left.
func Write(fsys FS, path, pattern string, fill func(io.Writer) error) error {
	tmp, err := WriteTemp(fsys, filepath.Dir(path), pattern, fill, nil)
	if err != nil {
		return err
	}
	return Commit(fsys, tmp, path)
}

// WriteBytes is Write of data.
func WriteBytes(fsys FS, path, pattern string, data []byte) error {
	return Write(fsys, path, pattern, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
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
