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

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x40
	return c
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

// TestFollowReader checks the reader a save's check uses to read the file
// while it is being written.
func TestFollowReader(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "follow")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data := randBytes(t, 300<<10)

	w := newWritten()
	got := make(chan []byte, 1)
	go func() {
		b, err := io.ReadAll(w.follow(f))
		if err != nil {
			t.Errorf("follow: %v", err)
		}
		got <- b
	}()
	cw := w.counter(f)
	for off := 0; off < len(data); off += 7000 {
		if _, err := cw.Write(data[off:min(off+7000, len(data))]); err != nil {
			t.Fatal(err)
		}
	}
	w.finish([32]byte{1}, nil)
	if b := <-got; !bytes.Equal(b, data) {
		t.Fatalf("read back %d bytes, not the %d written", len(b), len(data))
	}
	if sum, err := w.wait(); err != nil || sum != [32]byte{1} {
		t.Fatalf("wait: %v %v", sum, err)
	}

	// A failed write ends the reader with errFillFailed.
	w = newWritten()
	errc := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(w.follow(bytes.NewReader(data)))
		errc <- err
	}()
	w.counter(io.Discard).Write(data[:100])
	w.finish([32]byte{}, io.ErrShortWrite)
	if err := <-errc; err != errFillFailed {
		t.Fatalf("after a failed write: %v", err)
	}
	if _, err := w.wait(); err != errFillFailed {
		t.Fatalf("wait after a failed write: %v", err)
	}

	// A file that holds less than was written to it.
	w = newWritten()
	w.counter(io.Discard).Write(data[:100])
	w.finish([32]byte{}, nil)
	if _, err := io.ReadAll(w.follow(bytes.NewReader(data[:50]))); err != io.ErrUnexpectedEOF {
		t.Fatalf("short file: %v", err)
	}
}

// TestRetiredBackup checks the rotation's extra link: the oldest backup is
// dropped, the three kept are the three previous versions, and no
// temporary file is left once the save's background removal is done (or
// the vault is closed).
func TestRetiredBackup(t *testing.T) {
	v, dir := newTestVault(t, []byte("v0"), testOpts())
	for i := 1; i <= 5; i++ {
		if err := v.WriteRecord([]byte{'v', byte('0' + i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if tmp := tempFiles(t, dir); len(tmp) != 0 {
		t.Fatalf("temporary files left after Close: %v", tmp)
	}
	w := openUnlocked(t, dir, testOpts())
	for n, want := range map[int]string{1: "v4", 2: "v3", 3: "v2"} {
		b, err := w.ReadBackup(n)
		if err != nil || string(b) != want {
			t.Errorf("backup %d = %q, %v; want %q", n, b, err, want)
		}
	}
}

// TestVerifyFollowing checks the save's decrypt-and-compare in both of its
// phases: following the file while it is written (age's streaming reader)
// and after it (the chunks left, on every core): any damage to the file and
// any difference from what was meant is caught, wherever it is.
func TestVerifyFollowing(t *testing.T) {
	v, dir := newTestVault(t, []byte("x"), testOpts())
	plain := randBytes(t, 5*ageChunk+333)
	var good bytes.Buffer
	if err := encryptTo(&good, plain, v.id.Recipient()); err != nil {
		t.Fatal(err)
	}
	ct := good.Bytes()
	last := len(ct) - 20
	cases := []struct {
		name string
		file []byte
		want []byte
		ok   bool
	}{
		{"as written", ct, plain, true},
		{"a header byte", flip(ct, 40), plain, false},
		{"the first chunk", flip(ct, len(ct)-len(plain)-5*tagSize), plain, false},
		{"the last chunk", flip(ct, last), plain, false},
		{"cut short", ct[:len(ct)-tagSize], plain, false},
		{"a byte more", append(bytes.Clone(ct), 1), plain, false},
		{"meant otherwise at the start", ct, flip(plain, 3), false},
		{"meant otherwise at the end", ct, flip(plain, len(plain)-1), false},
		{"meant shorter", ct, plain[:len(plain)-1], false},
		{"meant one chunk shorter", ct, plain[:4*ageChunk], false},
		{"meant longer", ct, append(bytes.Clone(plain), 0), false},
	}
	for _, c := range cases {
		// following: the check keeps up with the writing; half: it follows
		// the first half, then the rest arrives at once and is checked on
		// every core; after: all of it is checked on every core.
		for _, mode := range []string{"following", "half", "after"} {
			t.Run(c.name+"/"+mode, func(t *testing.T) {
				f, err := os.CreateTemp(dir, "check-*.tmp")
				if err != nil {
					t.Fatal(err)
				}
				defer os.Remove(f.Name())
				defer f.Close()
				w := newWritten()
				cw := w.counter(f)
				write := func() {
					for off := 0; off < len(c.file); off += 10000 {
						cw.Write(c.file[off:min(off+10000, len(c.file))])
						if mode == "following" || (mode == "half" && off < len(c.file)/2) {
							time.Sleep(time.Millisecond) // let the check catch up
						}
					}
					w.finish([32]byte{}, nil)
				}
				if mode == "after" {
					write()
				} else {
					go write()
				}
				err = v.verifyFollowing(f.Name(), w, c.want, v.id)
				if c.ok && err != nil {
					t.Fatalf("a good file failed the check: %v", err)
				}
				if !c.ok && err == nil {
					t.Fatal("the check passed")
				}
			})
		}
	}
}
