package vault

import (
	"bytes"
	"crypto/sha256"
	"io"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/atomicfile"
)

// The vault's files besides the record (identity.age, attachments, a
// restored record) are written the same way: encrypted into a temporary
// file whose SHA-256 is checked once it is written (see writeTemp), then
// renamed into place by commitRename.

// writeTemp writes a new temporary file in dir through fill, then calls
// check with its name and the SHA-256 of what was written, beside the
// fsync (see atomicfile.WriteTemp). On any failure the file is removed.
func (v *Vault) writeTemp(dir string, fill func(io.Writer) error, check func(name string, sum [32]byte) error) (string, [32]byte, error) {
	var sum [32]byte
	hashed := func(w io.Writer) error {
		h := sha256.New()
		err := fill(io.MultiWriter(w, h))
		h.Sum(sum[:0])
		return err
	}
	var after func(string) error
	if check != nil {
		after = func(name string) error { return check(name, sum) }
	}
	tmp, err := atomicfile.WriteTemp(v.fs, dir, tempPattern, hashed, after)
	return tmp, sum, err
}

// commitRename renames a checked temporary file into place and syncs its
// folder. v.mu is held.
func (v *Vault) commitRename(tmp, final string) error { return atomicfile.Commit(v.fs, tmp, final) }

// verifySum reads the file at name and compares its SHA-256 with sum.
func (v *Vault) verifySum(name string, sum [32]byte) error {
	f, err := v.fs.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if !bytes.Equal(h.Sum(nil), sum[:]) {
		return errMismatch
	}
	return nil
}

// encryptTo encrypts plain to the recipient into w.
func encryptTo(w io.Writer, plain []byte, r age.Recipient) error {
	_, err := encryptStream(w, bytes.NewReader(plain), r)
	return err
}

// encryptStream encrypts everything src yields to the recipient into w
// and returns how many bytes it read.
func encryptStream(w io.Writer, src io.Reader, r age.Recipient) (int64, error) {
	aw, err := age.Encrypt(w, r)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(aw, src)
	if err != nil {
		return n, err
	}
	return n, aw.Close()
}
