package vault

import (
	"bytes"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// ageFile encrypts n random bytes to a new identity and returns the file
// and the offset of its payload (the byte after the header's MAC line).
func ageFile(t testing.TB, n int, armored bool) ([]byte, int) {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var dst io.Writer = &buf
	var aw io.WriteCloser
	if armored {
		aw = armor.NewWriter(&buf)
		dst = aw
	}
	w, err := age.Encrypt(dst, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(randBytes(t, n)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	b := buf.Bytes()
	i := bytes.Index(b, []byte("\n--- "))
	if armored || i < 0 {
		return b, -1
	}
	return b, i + bytes.IndexByte(b[i+1:], '\n') + 2
}

// TestFingerprint checks what the fingerprint of an age file covers: its
// header and its size; what follows the header is left to the AEAD (see
// fingerprint.go). Anything that is not an age file is covered byte for
// byte.
func TestFingerprint(t *testing.T) {
	// Three full chunks and a short one.
	ct, payload := ageFile(t, 3*ageChunk+1000, false)
	if payload < 0 {
		t.Fatal("no header end")
	}
	base := fingerprint(ct)
	if fingerprint(bytes.Clone(ct)) != base {
		t.Fatal("the same bytes gave two fingerprints")
	}
	other, _ := ageFile(t, 3*ageChunk+1000, false)
	changed := map[string][]byte{
		"another encryption of the same size": other,
		"the version line":                    flip(ct, 0),
		"a stanza":                            flip(ct, 30),
		"the header MAC":                      flip(ct, payload-3),
		"one byte cut off":                    ct[:len(ct)-1],
		"one byte more":                       append(bytes.Clone(ct), 0),
		"cut in the header":                   ct[:payload-1],
		"the header without the payload":      ct[:payload],
	}
	for name, b := range changed {
		if fingerprint(b) == base {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	// What the fingerprint leaves to the AEAD: the nonce, a chunk or a tag
	// changed in place. Such a file no longer decrypts.
	for _, i := range []int{payload, payload + 20, payload + 16 + ageChunk + 3, len(ct) - 1} {
		if fingerprint(flip(ct, i)) != base {
			t.Errorf("a byte at %d after the header changed the fingerprint", i)
		}
	}

	// Not age files: every byte counts.
	armored, _ := ageFile(t, 2*ageChunk, true)
	garbage := randBytes(t, 3*maxFingerprintHeader)
	noEnd := append([]byte("age-encryption.org/v1\n-> X25519 abc\n--- "), bytes.Repeat([]byte("A"), 2*maxFingerprintHeader)...)
	for name, b := range map[string][]byte{"armored": armored, "random": garbage, "a MAC line with no end": noEnd, "short": []byte("x\n--- ")} {
		fb := fingerprint(b)
		for _, i := range []int{0, len(b) / 2, len(b) - 1} {
			if fingerprint(flip(b, i)) == fb {
				t.Errorf("%s: byte %d changed, fingerprint unchanged", name, i)
			}
		}
		if sha := sha256.Sum256(b); sha == fb {
			t.Errorf("%s: the fingerprint is a plain SHA-256", name)
		}
	}
	if fingerprint(nil) == fingerprint([]byte{0}) {
		t.Error("empty and one byte share a fingerprint")
	}
}

// fingerprintWays returns the fingerprint of data as each of its three
// makers finds it: from the bytes in memory (ReadRecord), from a reader
// (the changed-on-disk check) and from the writes of a save, cut at cut.
func fingerprintWays(t testing.TB, data []byte, cut int) [3][32]byte {
	t.Helper()
	fromReader, err := fingerprintReader(iotest.HalfReader(bytes.NewReader(data)), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	hw := &headWriter{w: io.Discard}
	hw.Write(data[:cut])
	hw.Write(data[cut:])
	fromWrites, ok := fingerprintHead(hw.head, hw.n)
	if !ok {
		fromWrites = fingerprint(data) // a save writes only age files
	}
	return [3][32]byte{fingerprint(data), fromReader, fromWrites}
}

// TestFingerprintWays checks that the three makers agree on age files of
// every shape and on other files, however the writes are cut.
func TestFingerprintWays(t *testing.T) {
	ct, payload := ageFile(t, 2*ageChunk+17, false)
	armored, _ := ageFile(t, 1000, true)
	for name, b := range map[string][]byte{"age": ct, "armored": armored, "random": randBytes(t, 2*maxFingerprintHeader+5)} {
		for _, cut := range []int{0, 1, payload - 1, payload, payload + 1, maxFingerprintHeader, len(b)} {
			cut = max(0, min(cut, len(b)))
			if w := fingerprintWays(t, b, cut); w[0] != w[1] || w[0] != w[2] {
				t.Errorf("%s, cut at %d: the makers disagree", name, cut)
			}
		}
	}
}

// FuzzFingerprint checks, for any bytes, that the three makers of a
// fingerprint agree wherever the writes are cut, and that none panics.
func FuzzFingerprint(f *testing.F) {
	ct, payload := ageFile(f, 3000, false)
	f.Add(ct, uint16(payload))
	f.Add(ct[:payload+20], uint16(payload-3))
	f.Add([]byte("age-encryption.org/v1\n--- x\n0123456789abcdef"), uint16(7))
	f.Add([]byte{}, uint16(0))
	f.Fuzz(func(t *testing.T, data []byte, cut uint16) {
		if w := fingerprintWays(t, data, min(int(cut), len(data))); w[0] != w[1] || w[0] != w[2] {
			t.Fatalf("the makers disagree, cut at %d", cut)
		}
	})
}

// TestChangedOnDiskFingerprint checks the fallback of the changed-on-disk
// check, where the identity no longer vouches for the file: an identical
// copy (a new inode, as a sync tool makes) is no change, and a different
// file of the same size with the same modification time is one.
func TestChangedOnDiskFingerprint(t *testing.T) {
	v, dir := newTestVault(t, []byte("v0"), testOpts())
	if err := v.WriteRecord([]byte("v1")); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(dir, recordName)
	replace := func(data []byte, mtime time.Time) {
		t.Helper()
		tmp := rec + ".new"
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(tmp, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, rec); err != nil {
			t.Fatal(err)
		}
	}
	mine, _ := os.ReadFile(rec)
	if v.read.sum != fingerprint(mine) {
		t.Fatal("the save's fingerprint is not the written file's")
	}
	st, _ := os.Stat(rec)
	replace(mine, st.ModTime())
	if err := v.WriteRecord([]byte("v2")); err != nil {
		t.Fatalf("save over an identical copy: %v", err)
	}
	// Another version of the same size, with the file's modification time.
	st, _ = os.Stat(rec)
	older, _ := os.ReadFile(filepath.Join(dir, backupName(1)))
	if len(older) != int(st.Size()) {
		t.Fatalf("sizes differ: %d, %d", len(older), st.Size())
	}
	replace(older, st.ModTime())
	err := v.WriteRecord([]byte("v3"))
	if err == nil {
		t.Fatal("saved over another version of the file")
	}
	mustContain(t, err, "changed on disk")
}
