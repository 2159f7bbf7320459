package vault

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// This file opens the chunks of an age payload one at a time into one
// buffer, for the save's check while the file is being written. age's own
// streaming reader (age.Decrypt) allocates a new 64 KiB buffer for every
// chunk it decrypts, which on a lifetime record is 66 MiB of garbage per
// save and several collections on the cores the save needs; age.DecryptReaderAt
// reuses its buffer but must read the final chunk first, which the check
// cannot wait for. Everything else about the file, the header, its MAC and
// the file key, comes from age (age.ExtractHeader and age.DecryptHeader),
// and the final chunk, the end of the file and the rest of the chunks are
// checked by age.DecryptReaderAt once the file is written. What is written
// here is the payload layout of the age v1 format (age-encryption.org/v1,
// "Payload"): a 16-byte nonce after the header, a stream key derived from
// the file key and that nonce with HKDF-SHA-256 (info "payload"), and
// ChaCha20-Poly1305 chunks of 64 KiB of plaintext, the nonce of chunk i being
// i as an 11-byte big-endian number followed by 0x01 for the final chunk and
// 0x00 for every other one. TestPayloadOpener checks it against age.

// payloadOpener authenticates and decrypts the chunks of one age payload.
type payloadOpener struct {
	aead  cipher.AEAD
	nonce [chacha20poly1305.NonceSize]byte
	out   []byte
}

// newPayloadOpener derives the payload's stream key from the file key and
// the payload's nonce.
func newPayloadOpener(fileKey, nonce []byte) (*payloadOpener, error) {
	if len(nonce) != tagSize {
		return nil, errors.New("payload nonce: wrong size")
	}
	key, err := hkdf.Key(sha256.New, fileKey, nonce, "payload", chacha20poly1305.KeySize)
	if err != nil {
		return nil, fmt.Errorf("payload key: %w", err)
	}
	defer clear(key)
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return nil, fmt.Errorf("payload key: %w", err)
	}
	return &payloadOpener{aead: aead, out: make([]byte, 0, ageChunk)}, nil
}

// open authenticates and decrypts chunk number index (final: the payload's
// last chunk) and returns its plaintext, which is valid until the next call.
func (o *payloadOpener) open(index uint64, final bool, chunk []byte) ([]byte, error) {
	if len(chunk) > sealedChunk || len(chunk) < tagSize {
		return nil, errors.New("payload chunk: wrong size")
	}
	binary.BigEndian.PutUint64(o.nonce[3:11], index)
	o.nonce[11] = 0
	if final {
		o.nonce[11] = 1
	}
	plain, err := o.aead.Open(o.out[:0], o.nonce[:], chunk, nil)
	if err != nil {
		return nil, fmt.Errorf("payload chunk %d: %w", index, err)
	}
	return plain, nil
}

// close forgets the buffer's last plaintext.
func (o *payloadOpener) close() { clear(o.out[:cap(o.out)]) }

// payloadChunks is the number of chunks age writes for plaintext of size
// bytes: one per 64 KiB begun, and one (empty) for no plaintext.
func payloadChunks(size int64) int64 { return max(1, (size+ageChunk-1)/ageChunk) }
