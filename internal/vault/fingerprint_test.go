package vault

import (
	"bytes"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"testing"
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
// header, nonce, every chunk's tag and its size change it; a chunk body
// alone does not (see fingerprinter). Anything that is not an age file is
// covered byte for byte.
func TestFingerprint(t *testing.T) {
	// Three full chunks and a short one.
	ct, payload := ageFile(t, 3*ageChunk+1000, false)
	if payload < 0 {
		t.Fatal("no header end")
	}
	nonceEnd := payload + tagSize
	tag := func(k int) int { return nonceEnd + k*sealedChunk + ageChunk } // first byte of chunk k's tag
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
		"the nonce":                           flip(ct, payload+5),
		"the first chunk's tag":               flip(ct, tag(0)),
		"the last byte of the third tag":      flip(ct, tag(2)+tagSize-1),
		"the short last chunk's tag":          flip(ct, len(ct)-1),
		"one byte cut off":                    ct[:len(ct)-1],
		"one byte more":                       append(bytes.Clone(ct), 0),
		"cut at a chunk boundary":             ct[:nonceEnd+2*sealedChunk],
		"cut in the header":                   ct[:payload-1],
		"the header without the payload":      ct[:payload],
	}
	for name, b := range changed {
		if fingerprint(b) == base {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	// What the fingerprint leaves to the AEAD: a chunk body changed in
	// place, tags intact. Such a file no longer decrypts.
	for _, i := range []int{nonceEnd, nonceEnd + 100, tag(0) - 1, tag(1) + tagSize, len(ct) - tagSize - 1} {
		if fingerprint(flip(ct, i)) != base {
			t.Errorf("a body byte at %d changed the fingerprint", i)
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

// TestFingerprintSplits checks that a fingerprint does not depend on how
// the file arrives: one write, single bytes, or pieces cut across the
// header's end, the nonce and the chunk tags.
func TestFingerprintSplits(t *testing.T) {
	ct, payload := ageFile(t, 2*ageChunk+17, false)
	want := fingerprint(ct)
	for _, step := range []int{1, 3, 5, 15, 16, 17, 4096, sealedChunk - 1, sealedChunk, sealedChunk + 1, 256 << 10} {
		f := newFingerprinter()
		for off := 0; off < len(ct); off += step {
			f.Write(ct[off:min(off+step, len(ct))])
		}
		if f.Sum() != want {
			t.Errorf("writes of %d bytes gave another fingerprint", step)
		}
	}
	for _, cut := range []int{payload - 5, payload - 2, payload - 1, payload, payload + 1, payload + 15, payload + 16, payload + 17 + ageChunk} {
		f := newFingerprinter()
		f.Write(ct[:cut])
		f.Write(ct[cut:])
		if f.Sum() != want {
			t.Errorf("cut at %d (payload at %d) gave another fingerprint", cut, payload)
		}
	}
}

// FuzzFingerprint checks, for any bytes, that the fingerprint does not
// depend on where the writes are cut, and that it never panics.
func FuzzFingerprint(f *testing.F) {
	ct, payload := ageFile(f, 3000, false)
	f.Add(ct, uint16(payload))
	f.Add(ct[:payload+20], uint16(payload-3))
	f.Add([]byte("age-encryption.org/v1\n--- x\n0123456789abcdef"), uint16(7))
	f.Add([]byte{}, uint16(0))
	f.Fuzz(func(t *testing.T, data []byte, cut uint16) {
		want := fingerprint(data)
		c := min(int(cut), len(data))
		fp := newFingerprinter()
		fp.Write(data[:c])
		fp.Write(data[c:])
		if fp.Sum() != want {
			t.Fatalf("cut at %d gave another fingerprint", c)
		}
		if len(data) > 4096 {
			return // single-byte writes of big inputs: TestFingerprintSplits
		}
		fp = newFingerprinter()
		for i := range data {
			fp.Write(data[i : i+1])
		}
		if fp.Sum() != want {
			t.Fatal("single-byte writes gave another fingerprint")
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
