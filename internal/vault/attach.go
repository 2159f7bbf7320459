package vault

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
)

// idEncoding writes attachment ids: lowercase base32 without padding.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// idLen is the length of an attachment id: 10 random bytes, 16 characters.
const idLen = 16

// ValidAttachmentID reports whether id has the form of an attachment id
// (16 characters of a-z and 2-7), so it is safe to use as a file name.
func ValidAttachmentID(id string) bool {
	if len(id) != idLen {
		return false
	}
	for _, c := range id {
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

func newAttachmentID() (string, error) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return idEncoding.EncodeToString(b[:]), nil
}

func (v *Vault) attachmentPath(id string) string {
	return filepath.Join(v.dir, filesDirName, id+".age")
}

// PutAttachment encrypts everything r yields into a new files/ID.age and
// returns its id, the plaintext's size and SHA-256 (hex). The plaintext is
// streamed: it never touches the disk unencrypted. The file is written under
// a temporary name, fsynced, decrypted again to check its hash, and renamed
// into place. It needs the write lock and an unlocked vault. Write the file
// before the record that names it.
func (v *Vault) PutAttachment(r io.Reader) (id string, size int64, sha256hex string, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.checkWritable("store attachment"); err != nil {
		return "", 0, "", err
	}
	if err := v.makeFolder(filesDirName); err != nil {
		return "", 0, "", fmt.Errorf("store attachment: %w", err)
	}
	key := v.id
	h := sha256.New()
	fill := func(w io.Writer) (err error) {
		size, err = encryptStream(w, io.TeeReader(r, h), key.Recipient())
		return err
	}
	var sum []byte
	check := func(name string, _ [32]byte) error {
		sum = h.Sum(nil)
		f, err := v.fs.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		dr, err := OpenFile(f, key)
		if err != nil {
			return err
		}
		h2 := sha256.New()
		n, err := io.Copy(h2, dr)
		if err != nil {
			return err
		}
		if n != size || !bytes.Equal(h2.Sum(nil), sum) {
			return errMismatch
		}
		return nil
	}
	tmp, _, err := v.writeTemp(v.path(filesDirName), fill, check)
	if err != nil {
		return "", 0, "", fmt.Errorf("store attachment: %w", err)
	}
	for range 3 {
		if id, err = newAttachmentID(); err != nil {
			break
		}
		if _, err = os.Lstat(v.attachmentPath(id)); errors.Is(err, fs.ErrNotExist) {
			err = nil
			break
		}
		err = errors.New("no unused attachment id")
	}
	if err != nil {
		_ = v.fs.Remove(tmp)
		return "", 0, "", fmt.Errorf("store attachment: %w", err)
	}
	if err := v.commitRename(tmp, v.attachmentPath(id)); err != nil {
		return "", 0, "", fmt.Errorf("store attachment: %w", err)
	}
	return id, size, hex.EncodeToString(sum), nil
}

// OpenAttachment returns a reader of the attachment's plaintext. As with
// OpenFile, damage shows as an error from Read: read to io.EOF before
// trusting the bytes. A missing file is an error wrapping fs.ErrNotExist.
func (v *Vault) OpenAttachment(id string) (io.ReadCloser, error) {
	v.mu.Lock()
	key := v.id
	v.mu.Unlock()
	if !ValidAttachmentID(id) {
		return nil, errs.New(errs.Usage, "open attachment: %q is not an attachment id", id)
	}
	if key == nil {
		return nil, errors.New("open attachment: the vault is locked: unlock it first")
	}
	f, err := openNoFollow(v.attachmentPath(id), os.O_RDONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("open attachment %s: %w", id, err)
	}
	r, err := OpenFile(f, key)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open attachment %s: files/%s.age is damaged (%v)", id, id, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{r, f}, nil
}

// RemoveAttachment deletes files/ID.age. It needs the write lock. Delete a
// file only when neither record.age nor a kept backup names it. A missing
// file is an error wrapping fs.ErrNotExist.
func (v *Vault) RemoveAttachment(id string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !ValidAttachmentID(id) {
		return errs.New(errs.Usage, "remove attachment: %q is not an attachment id", id)
	}
	if v.lock == nil {
		return errors.New("remove attachment: the vault is not open for writing (take the lock first)")
	}
	if err := v.fs.Remove(v.attachmentPath(id)); err != nil {
		return fmt.Errorf("remove attachment %s: %w%s", id, err, atomicfile.Hint(err))
	}
	if err := v.fs.SyncDir(v.path(filesDirName)); err != nil {
		return fmt.Errorf("remove attachment %s: sync the folder: %w%s", id, err, atomicfile.Hint(err))
	}
	return nil
}

// AttachmentIDs lists the ids of the files in files/, sorted. Names that are
// not attachment files (temporary files, anything else) are left out.
func (v *Vault) AttachmentIDs() ([]string, error) {
	names, ents, err := v.ageFiles(filesDirName)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	var ids []string
	for i, id := range names {
		if ents[i].Type().IsRegular() && ValidAttachmentID(id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// EncryptToKey returns a writer that encrypts to the vault key, as
// record.age is: whoever can open the vault (age -d identity.age, then
// age -d -i with that key) can open what it writes. The caller closes it.
func (v *Vault) EncryptToKey(w io.Writer) (io.WriteCloser, error) {
	v.mu.Lock()
	key := v.id
	v.mu.Unlock()
	if key == nil {
		return nil, errs.New(errs.Failed, "the vault is locked: unlock it first")
	}
	return age.Encrypt(w, key.Recipient())
}
