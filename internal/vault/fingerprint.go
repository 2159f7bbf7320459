package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// A fingerprint identifies one record.age for the changed-on-disk check:
// the vault keeps the fingerprint of the file it last read or wrote, and a
// save compares it with the file on disk when the file's identity (device,
// inode, change time) no longer proves that it is the same file.
//
// For an age file the fingerprint is the SHA-256 of its header (up to and
// including the MAC line), the 16-byte payload nonce, the 16-byte
// authentication tag at the end of every 64 KiB payload chunk, and the
// file's size; the chunk bodies are not hashed, which is what makes it
// cheap (a save hashed 71 MiB, about 50 ms of a core, for this check).
//
// Why that identifies the file as well as a hash of every byte does, for
// this check: every encryption makes a new random file key and nonce, so
// two saves (by phr or anyone else) never share a header, and a file with
// another header is another file. A file with the same header, nonce, tags
// and size but other chunk bodies can only be the same file damaged or
// tampered with in place: making the same tags over other bytes is a
// Poly1305 forgery unless one holds the vault key. Such a file would fail
// authentication on the next open anyway; treating it as unchanged means the
// save replaces it, after rotating it into record.age.1, so nothing is lost.
//
// Anything that is not an age header within its first maxFingerprintHeader
// bytes (an armored file, a damaged one, any other file) is fingerprinted
// as a SHA-256 of every byte, so the check stays exact for it.
type fingerprinter struct {
	h      hash.Hash
	size   int64
	phase  int    // fpHeader, fpNonce, fpPayload or fpRaw
	header []byte // the bytes seen while looking for the header's end
	macAt  int    // where in header the MAC line starts; -1 until seen
	need   int    // bytes of the nonce still to come
	chunk  int    // bytes of the current sealed chunk seen so far
	tail   [tagSize]byte
	tailN  int // bytes of tail in use: the current chunk's last bytes
}

const (
	fpHeader = iota
	fpNonce
	fpPayload
	fpRaw

	// tagSize is the size of the payload nonce and of each chunk's tag.
	tagSize = 16
	// sealedChunk is a full payload chunk as stored: 64 KiB and its tag.
	sealedChunk = ageChunk + tagSize
	// maxFingerprintHeader is how far an age header is looked for. phr's
	// headers are a few KiB (the post-quantum stanza is the largest).
	maxFingerprintHeader = 64 << 10
)

// fingerprintDomain starts every fingerprint's hash, with the mode after it,
// so neither mode's input can be mistaken for the other's.
const fingerprintDomain = "phr record.age fingerprint v1 "

var macLine = []byte("\n--- ")

func newFingerprinter() *fingerprinter {
	return &fingerprinter{h: sha256.New(), macAt: -1}
}

// Write adds p to the file being fingerprinted. It never fails.
func (f *fingerprinter) Write(p []byte) (int, error) {
	n := len(p)
	f.size += int64(n)
	for len(p) > 0 {
		switch f.phase {
		case fpRaw:
			f.h.Write(p)
			return n, nil
		case fpHeader:
			p = f.writeHeader(p)
		case fpNonce:
			k := min(f.need, len(p))
			f.h.Write(p[:k])
			f.need -= k
			p = p[k:]
			if f.need == 0 {
				f.phase = fpPayload
			}
		case fpPayload:
			k := min(sealedChunk-f.chunk, len(p))
			f.keepTail(p[:k])
			f.chunk += k
			p = p[k:]
			if f.chunk == sealedChunk {
				f.h.Write(f.tail[:f.tailN])
				f.chunk, f.tailN = 0, 0
			}
		}
	}
	return n, nil
}

// writeHeader collects header bytes until the end of the MAC line and
// returns what follows it; after maxFingerprintHeader bytes without one the
// file is hashed whole.
func (f *fingerprinter) writeHeader(p []byte) []byte {
	start := len(f.header)
	k := min(len(p), maxFingerprintHeader+1-start)
	f.header = append(f.header, p[:k]...)
	if f.macAt < 0 {
		// Look from a little before the new bytes, in case the MAC
		// line's start straddles two writes.
		from := max(0, start-len(macLine)+1)
		if i := bytes.Index(f.header[from:], macLine); i >= 0 {
			f.macAt = from + i
		}
	}
	if f.macAt >= 0 {
		from := max(f.macAt+len(macLine), start)
		if j := bytes.IndexByte(f.header[from:], '\n'); j >= 0 {
			end := from + j + 1
			f.h.Write([]byte(fingerprintDomain + "age\n"))
			f.h.Write(f.header[:end])
			rest := p[end-start:]
			f.header = nil
			f.phase, f.need = fpNonce, tagSize
			return rest
		}
	}
	if len(f.header) > maxFingerprintHeader {
		f.h.Write([]byte(fingerprintDomain + "raw\n"))
		f.h.Write(f.header)
		f.header = nil
		f.phase = fpRaw
	}
	return p[k:]
}

// keepTail keeps the last tagSize bytes of the current chunk.
func (f *fingerprinter) keepTail(p []byte) {
	if len(p) >= tagSize {
		f.tailN = copy(f.tail[:], p[len(p)-tagSize:])
		return
	}
	if over := f.tailN + len(p) - tagSize; over > 0 {
		copy(f.tail[:], f.tail[over:f.tailN])
		f.tailN -= over
	}
	f.tailN += copy(f.tail[f.tailN:], p)
}

// Sum returns the fingerprint of everything written. Call it once.
func (f *fingerprinter) Sum() [32]byte {
	switch f.phase {
	case fpHeader:
		// The file ended before a header did.
		f.h.Write([]byte(fingerprintDomain + "raw\n"))
		f.h.Write(f.header)
	case fpPayload:
		f.h.Write(f.tail[:f.tailN]) // the last, short chunk's tag
	}
	var size [8]byte
	binary.BigEndian.PutUint64(size[:], uint64(f.size))
	f.h.Write(size[:])
	var sum [32]byte
	f.h.Sum(sum[:0])
	return sum
}

// fingerprint returns the fingerprint of the whole file b.
func fingerprint(b []byte) [32]byte {
	f := newFingerprinter()
	f.Write(b)
	return f.Sum()
}
