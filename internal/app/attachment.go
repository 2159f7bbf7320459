package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// FindAttachment finds an attachment by the id of its entry (with name to
// choose among several; the only one otherwise) or by its own id.
func (s *Session) FindAttachment(ctx context.Context, id, name string) (record.Attachment, error) {
	id, name = strings.TrimSpace(id), strings.TrimSpace(name)
	var candidates []record.Attachment
	if e, err := s.Entry(ctx, id); err == nil {
		candidates = e.Attachments
		if len(candidates) == 0 {
			return record.Attachment{}, errs.New(errs.Usage, "entry %s has no attachment", id)
		}
	} else {
		all, lerr := s.List(ctx, store.Filter{})
		if lerr != nil {
			return record.Attachment{}, lerr
		}
		for _, e := range all {
			for _, a := range e.Attachments {
				if a.ID == id {
					return a, nil
				}
			}
		}
		return record.Attachment{}, errs.New(errs.Usage, "no entry or attachment with id %s: phr show ID lists an entry's attachments", id)
	}
	if name == "" {
		if len(candidates) == 1 {
			return candidates[0], nil
		}
		names := make([]string, len(candidates))
		for i, a := range candidates {
			names[i] = a.Name
		}
		return record.Attachment{}, errs.New(errs.Usage, "entry %s has %d attachments: choose one with --name (%s)", id, len(candidates), strings.Join(names, ", "))
	}
	for _, a := range candidates {
		if a.Name == name {
			return a, nil
		}
	}
	return record.Attachment{}, errs.New(errs.Usage, "entry %s has no attachment named %q", id, name)
}

// CopyAttachment writes an attachment, decrypted, to w.
func (s *Session) CopyAttachment(a record.Attachment, w io.Writer) error {
	rc, err := s.v.OpenAttachment(a.ID)
	if err != nil {
		return fmt.Errorf("open attachment %s: %w", a.Name, err)
	}
	defer rc.Close()
	if _, err := io.Copy(w, rc); err != nil {
		return fmt.Errorf("read attachment %s: %w", a.Name, err)
	}
	return nil
}

// SaveAttachment writes a decrypted copy of an attachment to the file out
// (never inside the vault folder; an existing file only with force), and
// returns its absolute path. The copy is not encrypted.
func (s *Session) SaveAttachment(a record.Attachment, out string, force bool) (string, error) {
	abs, err := outputFile(s.cfg, out, force)
	if err != nil {
		return "", err
	}
	if err := atomicfile.Write(s.cfg.FS, abs, ".phr-*.tmp", func(w io.Writer) error { return s.CopyAttachment(a, w) }); err != nil {
		return "", errs.New(errs.Failed, "save %s: %w", a.Name, err)
	}
	return abs, nil
}

// PrivateViewDir returns the folder where a copy for a viewer may be put:
// $XDG_RUNTIME_DIR when it is a folder of this user's only (0700) kept in
// memory (tmpfs), so the copy never reaches a disk; "" when there is none,
// and then the interface offers only to save a copy, saying it is not
// encrypted.
func PrivateViewDir(getenv func(string) string) string {
	dir := getenv("XDG_RUNTIME_DIR")
	if dir == "" || !filepath.IsAbs(dir) {
		return ""
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 || !ownedByMe(fi) || !inMemory(dir) {
		return ""
	}
	return dir
}

// Viewer is the command that opens a copy of an attached file, for both
// interfaces: $PHR_VIEWER, which phr waits for (and then removes the copy),
// else the system's (open on macOS, xdg-open elsewhere), which hands the
// file over and returns at once, so the copy stays until the session closes.
func Viewer(getenv func(string) string) (cmd string, waits bool) {
	if v := getenv("PHR_VIEWER"); v != "" {
		return v, true
	}
	if goos() == "darwin" {
		return "open", false
	}
	return "xdg-open", false
}

// viewDir is a private folder holding one attachment's copy for a viewer.
type viewDir struct{ dir, attachment string }

// viewDirPrefix starts every private folder made for a viewer; the process
// id follows, so a later phr can tell the copies of one that was killed
// (see SweepViewCopies).
const viewDirPrefix = "phr-view-"

// ViewCopy writes a decrypted copy of an attachment into a new folder of
// its own (0700) inside dir, which PrivateViewDir chose, for a viewer to
// open. The copy is removed by the returned function, and in any case when
// the session closes (lock, quit). Copies left by a phr that was killed
// before it could remove them are removed first.
func (s *Session) ViewCopy(a record.Attachment, dir string) (path string, remove func(), err error) {
	SweepViewCopies(dir)
	sub, err := os.MkdirTemp(dir, viewDirPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return "", nil, errs.New(errs.Failed, "make a private folder for the viewer: %w", pathErr(err))
	}
	if err := os.Chmod(sub, 0o700); err != nil {
		os.RemoveAll(sub)
		return "", nil, errs.New(errs.Failed, "make a private folder for the viewer: %w", pathErr(err))
	}
	s.viewMu.Lock()
	s.viewDirs = append(s.viewDirs, viewDir{dir: sub, attachment: a.ID})
	s.viewMu.Unlock()
	remove = func() { s.removeViewDir(sub) }
	f, err := os.OpenFile(filepath.Join(sub, safeFileName(a.Name)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		remove()
		return "", nil, errs.New(errs.Failed, "copy %s for the viewer: %w", a.Name, pathErr(err))
	}
	err = s.CopyAttachment(a, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		remove()
		return "", nil, errs.New(errs.Failed, "copy %s for the viewer: %w", a.Name, err)
	}
	return f.Name(), remove, nil
}

func (s *Session) removeViewDir(dir string) {
	s.viewMu.Lock()
	defer s.viewMu.Unlock()
	os.RemoveAll(dir)
	s.viewDirs = slices.DeleteFunc(s.viewDirs, func(d viewDir) bool { return d.dir == dir })
}

// ViewCopies returns the ids of the attachments that have a copy open for
// a viewer now (one id per copy), so the interface can say that the copy is
// there until the lock or the end.
func (s *Session) ViewCopies() []string {
	s.viewMu.Lock()
	defer s.viewMu.Unlock()
	ids := make([]string, len(s.viewDirs))
	for i, d := range s.viewDirs {
		ids[i] = d.attachment
	}
	return ids
}

// RemoveViewCopies removes every copy made for a viewer.
func (s *Session) RemoveViewCopies() {
	s.viewMu.Lock()
	dirs := s.viewDirs
	s.viewDirs = nil
	s.viewMu.Unlock()
	for _, d := range dirs {
		os.RemoveAll(d.dir)
	}
}

// SweepViewCopies removes, from dir (PrivateViewDir's folder; "" does
// nothing), the copies made for a viewer by a phr that no longer runs: one
// killed before it could remove them (a closed terminal, kill -9, a
// crash). A running phr's copies, this one's included, are left alone. It
// returns how many folders it removed.
func SweepViewCopies(dir string) int {
	if dir == "" {
		return 0
	}
	found, _ := filepath.Glob(filepath.Join(dir, viewDirPrefix+"*"))
	n := 0
	for _, f := range found {
		pidText, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(f), viewDirPrefix), "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || processRuns(pid) {
			continue
		}
		if fi, err := os.Lstat(f); err != nil || !fi.IsDir() || !ownedByMe(fi) {
			continue
		}
		if os.RemoveAll(f) == nil {
			n++
		}
	}
	return n
}

// UniqueFile is a path in dir for a file called name (made safe) that no
// file has yet: name, then name-2, name-3…
func UniqueFile(dir, name string) string {
	name = safeFileName(name)
	ext := filepath.Ext(name)
	return FreeName(dir, strings.TrimSuffix(name, ext), ext)
}

// InMemory reports whether dir is a memory-backed folder (tmpfs).
func InMemory(dir string) bool { return inMemory(dir) }

// SealDraft encrypts a half-typed form to the vault's own key, to keep it
// across the lock without its text in memory (see OpenDraft).
func (s *Session) SealDraft(plain []byte) ([]byte, error) { return s.v.SealDraft(plain) }

// OpenDraft opens what SealDraft sealed; it needs the same vault, unlocked.
func (s *Session) OpenDraft(sealed []byte) ([]byte, error) { return s.v.OpenDraft(sealed) }
