package vault

import (
	"bytes"
	"io"
	"os"
	"testing"

	"filippo.io/age"
)

// age's payload layout, to damage a file where a test means to: a 16-byte
// nonce, then chunks of ageChunk bytes, each sealed with a 16-byte tag.
const (
	tagSize     = 16
	sealedChunk = ageChunk + tagSize
)

// TestVerifyWritten checks the save's decrypt-and-compare (verifyPlain:
// age.DecryptReaderAt on every core): any damage to the file and any
// difference from what was meant is caught, wherever it is.
func TestVerifyWritten(t *testing.T) {
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
		t.Run(c.name, func(t *testing.T) {
			f, err := os.CreateTemp(dir, "check-*.tmp")
			if err != nil {
				t.Fatal(err)
			}
			defer os.Remove(f.Name())
			if _, err := f.Write(c.file); err != nil {
				t.Fatal(err)
			}
			f.Close()
			err = v.verifyPlain(f.Name(), c.want, v.id)
			if c.ok && err != nil {
				t.Fatalf("a good file failed the check: %v", err)
			}
			if !c.ok && err == nil {
				t.Fatal("the check passed")
			}
		})
	}
}

// FuzzVerifyWritten checks the save's decrypt-and-compare against age's
// streaming reader: for a file made from a good one by changing a byte,
// cutting it short or adding to it, and for a plaintext meant that may be
// shorter or longer than the one encrypted or differ in a byte, the check
// passes exactly when age.Decrypt reads the file to the end and gives back
// what was meant.
func FuzzVerifyWritten(f *testing.F) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		f.Fatal(err)
	}
	plain := make([]byte, 3*ageChunk+50)
	for i := range plain {
		plain[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := encryptTo(&buf, plain, id.Recipient()); err != nil {
		f.Fatal(err)
	}
	good := buf.Bytes()
	f.Add(uint32(0), byte(0), uint32(len(good)), []byte(nil), uint32(len(plain)), uint32(0), byte(0))
	f.Add(uint32(len(good)-10), byte(1), uint32(len(good)), []byte(nil), uint32(len(plain)), uint32(0), byte(0))
	f.Add(uint32(100), byte(0x40), uint32(len(good)), []byte(nil), uint32(len(plain)), uint32(0), byte(0))
	f.Add(uint32(0), byte(0), uint32(len(good)-1), []byte(nil), uint32(len(plain)), uint32(5), byte(2))
	f.Add(uint32(0), byte(0), uint32(len(good)), []byte{0}, uint32(len(plain)), uint32(0), byte(0))
	f.Add(uint32(0), byte(0), uint32(len(good)), []byte(nil), uint32(2*ageChunk), uint32(0), byte(0))
	f.Fuzz(func(t *testing.T, at uint32, xor byte, cut uint32, extra []byte, wantLen uint32, wantAt uint32, wantXor byte) {
		file := bytes.Clone(good)
		if len(file) > 0 {
			file[int(at)%len(file)] ^= xor
		}
		file = append(file[:min(int(cut), len(file))], extra...)
		want := plain[:min(int(wantLen), len(plain))]
		if int(wantLen) > len(plain) {
			want = append(bytes.Clone(plain), byte(wantLen))
		}
		if wantXor != 0 && len(want) > 0 {
			want = bytes.Clone(want)
			want[int(wantAt)%len(want)] ^= wantXor
		}
		ageOK := false
		if r, err := age.Decrypt(bytes.NewReader(file), id); err == nil {
			if got, err := io.ReadAll(r); err == nil && bytes.Equal(got, want) {
				ageOK = true
			}
		}
		err := verifyAt(bytes.NewReader(file), int64(len(file)), want, id)
		if (err == nil) != ageOK {
			t.Fatalf("the check says %v; age read the file to what was meant: %v", err, ageOK)
		}
	})
}
