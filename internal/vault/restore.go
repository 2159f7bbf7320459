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
	"syscall"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
)

// Restore puts record.age.N back as record.age. The current record.age,
// damaged or not, is kept aside as record.damaged-TIME.age (it is never
// deleted), and the backups stay as they are. When the vault is unlocked the
// backup is first decrypted in full, and a damaged one is refused. Restore
// works after UnlockPassphrase alone, without a successful ReadRecord. It
// needs the write lock. Afterwards the record must be read again before the
// next save.
func (v *Vault) Restore(n int) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.lock == nil {
		return errors.New("restore: the vault is not open for writing (take the lock first)")
	}
	if n < 1 || n > backupCount {
		return errs.New(errs.Usage, "restore: there is no backup %d: choose 1, 2 or 3", n)
	}
	src := backupName(n)
	ct, err := readFileNoFollow(v.path(src))
	if errors.Is(err, fs.ErrNotExist) {
		return errs.New(errs.Usage, "restore: there is no %s in %s; %s", src, v.dir, v.backupHint())
	}
	if err != nil {
		return fmt.Errorf("restore: read %s: %w", src, err)
	}
	if v.id != nil {
		plain, err := decryptAll(ct, v.id)
		clear(plain)
		if err != nil {
			return fmt.Errorf("restore: %s in %s is damaged too (%v); %s", src, v.dir, err, v.backupHint())
		}
	}
	aside := ""
	if _, err := os.Lstat(v.path(recordName)); err == nil {
		tmp, err := v.linkOrCopy(v.path(recordName))
		if err != nil {
			return fmt.Errorf("restore: keep record.age aside: %w", err)
		}
		aside = v.uniqueName("record.damaged-%s.age")
		if err := v.commitRename(tmp, v.path(aside)); err != nil {
			return fmt.Errorf("restore: keep record.age aside: %w", err)
		}
	}
	fill := func(w io.Writer) error { _, err := w.Write(ct); return err }
	tmp, _, err := v.writeTemp(v.dir, fill, v.verifySum)
	if err != nil {
		return fmt.Errorf("restore: copy %s: %w; record.age was not changed", src, err)
	}
	// The record in memory, if any, no longer matches the file.
	v.read = nil
	if err := v.commitRename(tmp, v.path(recordName)); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// linkOrCopy makes a new temporary name in the vault folder for the file at
// src: a hard link, or a checked copy where the file system has no hard
// links. v.mu is held.
func (v *Vault) linkOrCopy(src string) (string, error) {
	name, err := tempName(v.dir)
	if err != nil {
		return "", err
	}
	err = v.fs.Link(src, name)
	if err == nil {
		return name, nil
	}
	if !linkUnsupported(err) {
		return "", fmt.Errorf("%w%s", err, atomicfile.Hint(err))
	}
	f, err := openNoFollow(src, os.O_RDONLY, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fill := func(w io.Writer) error { _, err := io.Copy(w, f); return err }
	tmp, _, err := v.writeTemp(v.dir, fill, v.verifySum)
	return tmp, err
}

// linkUnsupported reports whether a Link error means the file system has no
// hard links (FAT, exFAT, some network file systems), not that it failed.
func linkUnsupported(err error) bool {
	return errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EPERM) ||
		errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.EMLINK)
}

// tempName returns an unused temporary name in dir.
func tempName(dir string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return filepath.Join(dir, ".phr-"+hex.EncodeToString(b[:])+".tmp"), nil
}

// RestoreWith puts backup n back as record.age in one step with what the
// caller adds to it (the restore's own audit rows): build receives the name
// the current record.age will be kept aside as ("" when there is none) and
// returns the plaintext to write, the backup as ReadBackup returned it plus
// those rows. The new record.age is written and checked first, so a full
// disk leaves record.age, the backups and the folder as they were; only then
// is the current record.age kept aside (a hard link, or a checked copy) and
// the new one renamed into place. It needs the write lock and an unlocked
// vault; the record counts as read afterwards, so the session can save.
func (v *Vault) RestoreWith(n int, build func(aside string) ([]byte, error)) (aside string, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.checkWritable("restore"); err != nil {
		return "", err
	}
	if n < 1 || n > backupCount {
		return "", errs.New(errs.Usage, "restore: there is no backup %d: choose 1, 2 or 3", n)
	}
	rec := v.path(recordName)
	_, recErr := os.Lstat(rec)
	if recErr == nil {
		aside = v.uniqueName("record.damaged-%s.age")
	}
	plain, err := build(aside)
	if err != nil {
		return "", err
	}
	defer clear(plain)
	tmp, sum, err := v.writeRecordTemp(plain)
	if err != nil {
		return "", fmt.Errorf("restore: write the restored record.age: %w; record.age was not changed and %s was not put back", err, backupName(n))
	}
	if aside != "" {
		keep, err := v.linkOrCopy(rec)
		if err == nil {
			err = v.commitRename(keep, v.path(aside))
		}
		if err != nil {
			_ = v.fs.Remove(tmp)
			return "", fmt.Errorf("restore: keep record.age aside: %w; record.age was not changed and %s was not put back", err, backupName(n))
		}
	}
	mine, mineErr := os.Stat(tmp)
	if err := v.fs.Rename(tmp, rec); err != nil {
		_ = v.fs.Remove(tmp)
		kept := ""
		if aside != "" {
			// The copy kept aside is the unchanged record.age: drop it, so
			// that the folder is as it was.
			if rerr := v.fs.Remove(v.path(aside)); rerr != nil {
				kept = fmt.Sprintf(" (a copy of it is left as %s)", aside)
			}
		}
		return "", fmt.Errorf("restore: put the restored record.age in place: %w%s; record.age was not changed%s and %s was not put back", err, atomicfile.Hint(err), kept, backupName(n))
	}
	v.read = installedState(rec, sum, mine, mineErr)
	if err := v.fs.SyncDir(v.dir); err != nil {
		return aside, fmt.Errorf("restore: %s was put back as record.age, with the restore in its audit log, but the folder could not be synced (%w%s): it may not survive a crash", backupName(n), err, atomicfile.Hint(err))
	}
	return aside, nil
}
