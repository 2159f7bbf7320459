// Package faultfs is a file system for tests: the real one, except that
// it can fail any one call of any operation with a chosen error (a full
// disk, an input/output error, a short or corrupted write) and logs every
// call in order, so a test can check what a writer did after a failure.
package faultfs

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/phrhealth/phr/internal/atomicfile"
)

// FS wraps the real file system; it can fail the n-th call of one
// operation and records every operation in order. The zero FS fails nothing.
type FS struct {
	mu     sync.Mutex
	op     string // operation to fail: mkdir create write shortwrite corrupt fsync close rename link remove syncdir open
	at     int    // which call of op fails (1 = the first after arming)
	err    error
	counts map[string]int
	log    []string
}

// Arm makes the at-th call of op (counted from now) fail with err, and
// starts a new log. The operations are mkdir, create, write, shortwrite (a
// write that takes half its bytes without an error), corrupt (a write that
// changes one bit), fsync, close, rename, link, remove, syncdir and open.
func (f *FS) Arm(op string, at int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.op, f.at, f.err, f.counts, f.log = op, at, err, map[string]int{}, nil
}

// Disarm fails nothing from now on and starts a new log.
func (f *FS) Disarm() { f.Arm("", 0, nil) }

// hit counts a call of op and says whether it must fail.
func (f *FS) hit(op, detail string) bool {
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

// Entries returns the log: one "op detail" per call, "FAIL op detail" for
// the call that failed.
func (f *FS) Entries() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

func (f *FS) pathErr(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: f.err}
}

// Mkdir fails when armed for mkdir, else calls os.Mkdir.
func (f *FS) Mkdir(name string, perm os.FileMode) error {
	if f.hit("mkdir", name) {
		return f.pathErr("mkdir", name)
	}
	return atomicfile.OSFS{}.Mkdir(name, perm)
}

// CreateTemp fails when armed for create; the file it returns fails its
// writes, fsync or close when armed for them.
func (f *FS) CreateTemp(dir, pattern string) (atomicfile.File, error) {
	if f.hit("create", dir) {
		return nil, f.pathErr("open", filepath.Join(dir, pattern))
	}
	file, err := atomicfile.OSFS{}.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultFile{File: file, fs: f}, nil
}

// Open fails when armed for open, else does what OSFS does.
func (f *FS) Open(name string) (io.ReadCloser, error) {
	if f.hit("open", name) {
		return nil, f.pathErr("open", name)
	}
	return atomicfile.OSFS{}.Open(name)
}

// Rename fails when armed for rename, else does what OSFS does.
func (f *FS) Rename(oldpath, newpath string) error {
	if f.hit("rename", filepath.Base(oldpath)+" -> "+filepath.Base(newpath)) {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: f.err}
	}
	return atomicfile.OSFS{}.Rename(oldpath, newpath)
}

// Link fails when armed for link, else does what OSFS does.
func (f *FS) Link(oldname, newname string) error {
	if f.hit("link", filepath.Base(oldname)+" -> "+filepath.Base(newname)) {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: f.err}
	}
	return atomicfile.OSFS{}.Link(oldname, newname)
}

// Remove fails when armed for remove, else does what OSFS does.
func (f *FS) Remove(name string) error {
	if f.hit("remove", filepath.Base(name)) {
		return f.pathErr("remove", name)
	}
	return atomicfile.OSFS{}.Remove(name)
}

// SyncDir fails when armed for syncdir, else does what OSFS does.
func (f *FS) SyncDir(dir string) error {
	if f.hit("syncdir", dir) {
		return f.pathErr("sync", dir)
	}
	return atomicfile.OSFS{}.SyncDir(dir)
}

type faultFile struct {
	atomicfile.File
	fs *FS
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
