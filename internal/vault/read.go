package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// ReadRecord decrypts record.age and returns the plaintext, which the caller
// owns and should zero after use. It reads and authenticates the whole file
// before returning any byte, and remembers its size, modification time,
// identity and fingerprint so that WriteRecord can tell whether another
// program changed it.
// A missing, damaged or truncated record.age is errs.Failed; the message
// names the backups that exist and phr restore. The file is never changed.
func (v *Vault) ReadRecord() ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.id == nil {
		return nil, errors.New("read record: the vault is locked: unlock it first")
	}
	f, err := openNoFollow(v.path(recordName), os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("record.age is missing from %s; %s", v.dir, v.backupHint())
	}
	if err != nil {
		return nil, fmt.Errorf("read record.age in %s: %w", v.dir, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read record.age in %s: %w", v.dir, err)
	}
	ct, err := readSized(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("read record.age in %s: %w", v.dir, err)
	}
	// Fingerprint the ciphertext, then decrypt it in place.
	plain, sum, err := decryptInPlace(ct, v.id)
	if errors.As(err, new(*age.NoIdentityMatchError)) {
		return nil, fmt.Errorf("record.age in %s is not encrypted to this vault's key (was it copied from another vault?); it was left as it is; %s", v.dir, v.backupHint())
	}
	if err != nil {
		return nil, fmt.Errorf("record.age in %s is damaged or truncated (%v); it was left as it is; %s", v.dir, err, v.backupHint())
	}
	v.read = &fileState{size: int64(len(ct)), mtime: st.ModTime(), sum: sum}
	// The identity comes from the open file, taken before its bytes were
	// read: a change while they were read shows as a new change time.
	v.read.id, v.read.hasID = fileIdentity(st)
	if v.read.size != st.Size() {
		v.read.hasID = false
	}
	return plain, nil
}

// isArmored reports whether an age file starts with the armor header (after
// whitespace, as OpenFile accepts it).
func isArmored(start []byte) bool {
	if len(start) > maxArmorWhitespace+len(armor.Header) {
		start = start[:maxArmorWhitespace+len(armor.Header)]
	}
	return bytes.HasPrefix(bytes.TrimSpace(start), []byte(armor.Header))
}

// decryptInPlace authenticates and decrypts the age file ct into ct itself
// and returns the plaintext (a prefix of ct) and the file's fingerprint
// (taken first, from the header, nonce and chunk tags), so that opening a
// record needs one buffer of its size, not two. A plaintext chunk never
// lands beyond the ciphertext chunk it comes from (the plaintext is shorter
// by the header and 16 bytes a chunk), so every chunk is read before it is
// overwritten. Armored input is decrypted into a new buffer by decryptAll.
// On any error no plaintext is returned and ct is zeroed.
func decryptInPlace(ct []byte, id age.Identity) ([]byte, [32]byte, error) {
	sum := fingerprint(ct)
	if isArmored(ct) {
		plain, err := decryptAll(ct, id)
		return plain, sum, err
	}
	// DecryptReaderAt reads the header and authenticates the final chunk
	// before anything is written.
	r, size, err := age.DecryptReaderAt(bytes.NewReader(ct), int64(len(ct)), cappedIdentity{id})
	if err != nil {
		return nil, sum, err
	}
	if size > int64(len(ct)) {
		return nil, sum, errors.New("plaintext longer than its ciphertext")
	}
	if err := readFullAt(r, ct[:size], 0); err != nil {
		clear(ct)
		return nil, [32]byte{}, err
	}
	return ct[:size:size], sum, nil
}

// readFullAt reads exactly len(p) bytes at off; an io.EOF that comes with
// all of them is not an error (io.ReaderAt allows it at the end).
func readFullAt(r io.ReaderAt, p []byte, off int64) error {
	n, err := r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// readSized reads r to the end into a buffer sized for size bytes.
func readSized(r io.Reader, size int64) ([]byte, error) {
	if size < 0 || size > 1<<40 {
		size = 0
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

// decryptAll opens the age file ct and reads it to the end. On any error,
// including one found at the end of the payload, it returns no plaintext
// (what was decrypted is zeroed).
func decryptAll(ct []byte, id age.Identity) ([]byte, error) {
	r, err := OpenFile(bytes.NewReader(ct), id)
	if err != nil {
		return nil, err
	}
	// The plaintext is never longer than the ciphertext, so this buffer
	// never grows and leaves no stray copies behind.
	buf := make([]byte, len(ct))
	n := 0
	for {
		m, err := r.Read(buf[n:])
		n += m
		if err == io.EOF {
			break
		}
		if err != nil {
			clear(buf)
			return nil, err
		}
		if n == len(buf) {
			clear(buf)
			return nil, errors.New("plaintext longer than its ciphertext")
		}
	}
	return buf[:n], nil
}
