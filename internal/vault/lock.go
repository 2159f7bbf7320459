package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
)

// LockForWriting takes the vault's write lock: an flock on the file "lock"
// in the folder (never on record.age, whose inode every save replaces). It
// does not wait: a lock held by another process, or by another Vault in this
// process, is refused with errs.Busy naming the holder's process id. The
// holder writes its process id into the lock file. The operating system
// releases the lock when the holder exits, even after kill -9. Once locked,
// temporary files left by an interrupted save are removed. Calling it again
// while holding the lock does nothing.
func (v *Vault) LockForWriting() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.lock != nil {
		return nil
	}
	path := v.path(lockName)
	// The lock file is opened, written and emptied without following a
	// link: a link planted as "lock" would have its target truncated.
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return &SymlinkError{Path: path}
	}
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR|oNoFollow), flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil && isLinkRefused(err) {
		return &SymlinkError{Path: path}
	}
	if err != nil && readOnly(err) {
		return fmt.Errorf("the vault in %s is on read-only media, or its folder may not be written (%v): it can be read but not changed; %w", v.dir, err, ErrReadOnly)
	}
	if err != nil {
		return fmt.Errorf("lock the vault in %s: %w%s", v.dir, err, atomicfile.Hint(err))
	}
	if !ok {
		holder, known := lockHolder(path)
		if !known {
			// No pid: the holder was releasing the lock just then. Try once
			// more before refusing.
			if ok, err = fl.TryLock(); err != nil {
				return fmt.Errorf("lock the vault in %s: %w%s", v.dir, err, atomicfile.Hint(err))
			}
		}
		if !ok {
			return errs.New(errs.Busy, "the vault in %s is open for writing in another phr process (%s): close it and try again", v.dir, holder)
		}
	}
	v.lock = fl
	// The pid is a courtesy for the message above; a failure to write it
	// (Windows refuses writes to a locked range from a second handle) costs
	// nothing but that message's detail.
	if f, err := openNoFollow(path, os.O_WRONLY|os.O_TRUNC, 0o600); err == nil {
		_, _ = f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
		_ = f.Close()
	}
	v.removeLeftovers()
	return nil
}

// CheckFree reports, with LockForWriting's errs.Busy, whether another phr
// process holds the write lock, without keeping it: a second window can
// say "already open" before it asks for a passphrase. The lock is taken
// and let go at once; a Vault that holds it already is free.
func (v *Vault) CheckFree() error {
	v.mu.Lock()
	held := v.lock != nil
	v.mu.Unlock()
	if held {
		return nil
	}
	if err := v.LockForWriting(); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.unlockFile()
}

// ErrReadOnly is LockForWriting's error when the vault cannot be written at
// all (a write-protected disk, a read-only mount, a folder without write
// permission): the vault can still be unlocked and read.
var ErrReadOnly = errors.New("the vault is read-only")

// readOnly reports whether an error opening the lock file means the vault
// cannot be written at all.
func readOnly(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
}

// lockHolder describes the process named in the lock file.
//
// The holder writes its pid just after taking the lock, so a writer refused
// in that instant reads an empty file: it looks again for a moment.
func lockHolder(path string) (string, bool) {
	for try := 0; try < 20; try++ {
		if b, err := readFileNoFollow(path); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
				return fmt.Sprintf("held by phr pid %d", pid), true
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return "held by another phr process", false
}

// unlockFile empties the lock file and releases the lock. v.mu is held.
func (v *Vault) unlockFile() error {
	if v.lock == nil {
		return nil
	}
	fl := v.lock
	v.lock = nil
	// Empty the file while still holding the lock, so the next holder's pid
	// is never erased.
	if f, err := openNoFollow(fl.Path(), os.O_WRONLY, 0); err == nil {
		_ = f.Truncate(0)
		_ = f.Close()
	}
	if err := fl.Unlock(); err != nil {
		return fmt.Errorf("release the vault lock: %w", err)
	}
	return nil
}

// removeLeftovers removes temporary files of interrupted saves. v.mu and
// the write lock are held. It is best effort: a file that cannot be removed
// now is tried again next time.
func (v *Vault) removeLeftovers() {
	for _, dir := range []string{v.dir, v.path(filesDirName)} {
		matches, _ := filepath.Glob(filepath.Join(dir, tempPattern))
		for _, m := range matches {
			_ = v.fs.Remove(m)
		}
	}
}

// checkWritable returns an error unless this Vault holds the write lock and
// is unlocked. v.mu is held.
func (v *Vault) checkWritable(what string) error {
	if v.lock == nil {
		return fmt.Errorf("%s: the vault is not open for writing (take the lock first)", what)
	}
	if v.id == nil {
		return fmt.Errorf("%s: the vault is locked: unlock it first", what)
	}
	return nil
}
