package vault

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"
)

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

// TestVerifyFollowing checks the save's decrypt-and-compare in both of its
// phases: following the file while it is written (payloadOpener)
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
	chunkAt := len(ct) - len(plain) - 6*tagSize // chunk 0, after the nonce
	swapped := bytes.Clone(ct)
	copy(swapped[chunkAt+sealedChunk:], ct[chunkAt+2*sealedChunk:chunkAt+3*sealedChunk])
	copy(swapped[chunkAt+2*sealedChunk:], ct[chunkAt+sealedChunk:chunkAt+2*sealedChunk])
	whole := plain[:4*ageChunk] // a full-length final chunk
	var wholeCT bytes.Buffer
	if err := encryptTo(&wholeCT, whole, v.id.Recipient()); err != nil {
		t.Fatal(err)
	}
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
		{"a middle chunk's tag", flip(ct, chunkAt+3*sealedChunk-1), plain, false},
		{"two chunks swapped", swapped, plain, false},
		{"a full final chunk", wholeCT.Bytes(), whole, true},
		{"a full final chunk, meant longer", wholeCT.Bytes(), plain[:4*ageChunk+1], false},
		{"nothing", ct[:0], plain, false},
		{"meant otherwise at the start", ct, flip(plain, 3), false},
		{"meant otherwise at the end", ct, flip(plain, len(plain)-1), false},
		{"meant otherwise in the middle", ct, flip(plain, 2*ageChunk+5), false},
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
