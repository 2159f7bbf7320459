package vault

import (
	"bytes"
	"io"
	"testing"

	"filippo.io/age"
)

// TestPayloadOpener checks payloadOpener against age: for plaintexts around
// the chunk size, it opens every chunk of a file age wrote and gives back
// exactly the plaintext, and it refuses a chunk opened at another index,
// with the wrong final marker, or damaged.
func TestPayloadOpener(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{0, 1, ageChunk - 1, ageChunk, ageChunk + 1, 3 * ageChunk, 3*ageChunk + 100} {
		plain := randBytes(t, size)
		var buf bytes.Buffer
		if err := encryptTo(&buf, plain, id.Recipient()); err != nil {
			t.Fatal(err)
		}
		ct := buf.Bytes()
		hdr, err := age.ExtractHeader(bytes.NewReader(ct))
		if err != nil {
			t.Fatal(err)
		}
		key, err := age.DecryptHeader(hdr, id)
		if err != nil {
			t.Fatal(err)
		}
		payload := ct[len(hdr):]
		op, err := newPayloadOpener(key, payload[:tagSize])
		if err != nil {
			t.Fatal(err)
		}
		payload = payload[tagSize:]
		chunks := payloadChunks(int64(size))
		if got := int64(len(payload)-size) / tagSize; got != chunks {
			t.Fatalf("%d bytes: age wrote %d chunks, payloadChunks says %d", size, got, chunks)
		}
		var got []byte
		for i := range chunks {
			chunk := payload[i*sealedChunk : min((i+1)*sealedChunk, int64(len(payload)))]
			final := i == chunks-1
			p, err := op.open(uint64(i), final, chunk)
			if err != nil {
				t.Fatalf("%d bytes: chunk %d: %v", size, i, err)
			}
			got = append(got, p...)
			if _, err := op.open(uint64(i), !final, chunk); err == nil {
				t.Fatalf("%d bytes: chunk %d opened with the wrong final marker", size, i)
			}
			if _, err := op.open(uint64(i+1), final, chunk); err == nil {
				t.Fatalf("%d bytes: chunk %d opened as chunk %d", size, i, i+1)
			}
			if _, err := op.open(uint64(i), final, flip(chunk, len(chunk)/2)); err == nil {
				t.Fatalf("%d bytes: damaged chunk %d opened", size, i)
			}
		}
		if !bytes.Equal(got, plain) {
			t.Fatalf("%d bytes: opened %d bytes that differ from the plaintext", size, len(got))
		}
		op.close()
	}
	if _, err := newPayloadOpener(make([]byte, 16), make([]byte, 15)); err == nil {
		t.Fatal("a short nonce was taken")
	}
}

// FuzzVerifyWritten checks the save's decrypt-and-compare against age
// itself: for a file made from a good one by changing a byte, cutting it
// short or adding to it, and for a plaintext meant that may be shorter or
// longer than the one encrypted or differ in a byte, the check passes exactly when age.Decrypt
// reads the file to the end and gives back what was meant, however much of
// the file was written when the check began.
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
	f.Add(uint32(0), byte(0), uint32(len(good)), []byte(nil), uint32(len(plain)), uint32(0), uint32(0), byte(0))
	f.Add(uint32(len(good)-10), byte(1), uint32(len(good)), []byte(nil), uint32(len(plain)), uint32(len(good)/2), uint32(0), byte(0))
	f.Add(uint32(100), byte(0x40), uint32(len(good)), []byte(nil), uint32(len(plain)), uint32(0), uint32(0), byte(0))
	f.Add(uint32(0), byte(0), uint32(len(good)-1), []byte(nil), uint32(len(plain)), uint32(200), uint32(5), byte(2))
	f.Add(uint32(0), byte(0), uint32(len(good)), []byte{0}, uint32(len(plain)), uint32(0), uint32(0), byte(0))
	f.Add(uint32(0), byte(0), uint32(len(good)), []byte(nil), uint32(2*ageChunk), uint32(len(good)), uint32(0), byte(0))
	f.Fuzz(func(t *testing.T, at uint32, xor byte, cut uint32, extra []byte, wantLen uint32, early uint32, wantAt uint32, wantXor byte) {
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
		// The check starts when early bytes of the file are written; the
		// rest follows in pieces on another goroutine.
		w := newWritten()
		cw := w.counter(io.Discard)
		first := min(int(early), len(file))
		cw.Write(file[:first])
		go func() {
			for off := first; off < len(file); off += 50000 {
				cw.Write(file[off:min(off+50000, len(file))])
			}
			w.finish([32]byte{}, nil)
		}()
		err := verifyWhileWritten(bytes.NewReader(file), w, want, id)
		w.wait()
		if (err == nil) != ageOK {
			t.Fatalf("the check says %v; age read the file to what was meant: %v", err, ageOK)
		}
	})
}
