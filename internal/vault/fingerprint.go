package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"

	"filippo.io/age"
)

// A fingerprint identifies one record.age for the changed-on-disk check:
// the vault keeps the fingerprint of the file it last read or wrote, and a
// save compares it with the file on disk when the file's identity (device,
// inode, change time) no longer proves that it is the same file.
//
// For an age file the fingerprint is the SHA-256 of its header, as
// age.ExtractHeader reads it from the file's first maxFingerprintHeader
// bytes, and of the file's size. Every encryption makes a new random file
// key, and the header's MAC is made with it, so two saves (by phr or anyone
// else) never share a header: a file with another header is another file.
// A file with the same header and size but other bytes after it can only be
// the same file damaged or tampered with in place; it fails authentication
// at the next open, and a save that treats it as unchanged rotates it into
// record.age.1 first, so nothing is lost. Reading a few KiB instead of
// hashing the whole file keeps the check cheap on every save and open.
//
// Anything else (an armored file, a damaged header, any other file) is
// fingerprinted as the SHA-256 of every byte, so the check stays exact.
const (
	// maxFingerprintHeader is how much of a file the header is read from.
	// phr's headers are a few KiB (the post-quantum stanza is the largest).
	maxFingerprintHeader = 64 << 10
	// fingerprintDomain starts every fingerprint's hash, with the mode
	// after it, so neither mode's input can be mistaken for the other's.
	fingerprintDomain = "phr record.age fingerprint v2 "
)

// fingerprintHead returns the fingerprint of a file of size bytes that
// starts with head (its first maxFingerprintHeader bytes, or all of it), or
// false when head holds no age header.
func fingerprintHead(head []byte, size int64) ([32]byte, bool) {
	hdr, err := age.ExtractHeader(bytes.NewReader(head[:min(len(head), maxFingerprintHeader)]))
	if err != nil {
		return [32]byte{}, false
	}
	h := sha256.New()
	h.Write([]byte(fingerprintDomain + "age\n"))
	h.Write(hdr)
	return sumWithSize(h, size), true
}

// fingerprint returns the fingerprint of the whole file b.
func fingerprint(b []byte) [32]byte {
	if sum, ok := fingerprintHead(b, int64(len(b))); ok {
		return sum
	}
	h := sha256.New()
	h.Write([]byte(fingerprintDomain + "raw\n"))
	h.Write(b)
	return sumWithSize(h, int64(len(b)))
}

// fingerprintReader returns the fingerprint of the file r yields, of size
// bytes (as its Stat says): for an age file it reads only the head.
func fingerprintReader(r io.Reader, size int64) ([32]byte, error) {
	head, err := io.ReadAll(io.LimitReader(r, maxFingerprintHeader))
	if err != nil {
		return [32]byte{}, err
	}
	if sum, ok := fingerprintHead(head, size); ok {
		return sum, nil
	}
	h := sha256.New()
	h.Write([]byte(fingerprintDomain + "raw\n"))
	h.Write(head)
	n, err := io.CopyBuffer(h, r, make([]byte, 256<<10))
	if err != nil {
		return [32]byte{}, err
	}
	return sumWithSize(h, int64(len(head))+n), nil
}

// sumWithSize adds size to h and returns its sum.
func sumWithSize(h hash.Hash, size int64) [32]byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(size))
	h.Write(b[:])
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// headWriter passes writes on to w, counting them and keeping the first
// maxFingerprintHeader bytes, so a save fingerprints the file it writes
// without reading it back.
type headWriter struct {
	w    io.Writer
	head []byte
	n    int64
}

func (hw *headWriter) Write(p []byte) (int, error) {
	if k := min(len(p), maxFingerprintHeader-len(hw.head)); k > 0 {
		hw.head = append(hw.head, p[:k]...)
	}
	n, err := hw.w.Write(p)
	hw.n += int64(n)
	return n, err
}
