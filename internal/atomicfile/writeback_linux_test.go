package atomicfile

import (
	"bytes"
	"crypto/rand"
	"os"
	"testing"
)

// TestWriteback checks that writing through startWriteback keeps every
// byte and hands the kernel a range for every writebackStep bytes.
func TestWriteback(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "wb")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data := make([]byte, 3*writebackStep+12345)
	rand.Read(data)
	w := startWriteback(f, f)
	wb, ok := w.(*writeback)
	if !ok {
		t.Fatalf("an os.File got %T, not the writeback writer", w)
	}
	for off := 0; off < len(data); off += 256 << 10 {
		if _, err := w.Write(data[off:min(off+256<<10, len(data))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if wb.requests != 3 {
		t.Errorf("%d writeback requests for %d bytes, want 3", wb.requests, len(data))
	}
	got, err := os.ReadFile(f.Name())
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes (%v), want the %d written", len(got), err, len(data))
	}
	// A File without a descriptor is written as it is.
	var buf bytes.Buffer
	if w := startWriteback(struct{}{}, &buf); w != &buf {
		t.Errorf("a File without a descriptor got %T", w)
	}
}
