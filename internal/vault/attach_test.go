package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

func TestAttachments(t *testing.T) {
	v, dir := newTestVault(t, []byte("rec"), testOpts())
	if ids, err := v.AttachmentIDs(); err != nil || len(ids) != 0 {
		t.Fatalf("ids %v, %v", ids, err)
	}
	sizes := []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 3 << 20}
	var ids []string
	for _, n := range sizes {
		data := randBytes(t, n)
		id, size, sum, err := v.PutAttachment(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("put %d bytes: %v", n, err)
		}
		want := sha256.Sum256(data)
		if size != int64(n) || sum != hex.EncodeToString(want[:]) || !ValidAttachmentID(id) {
			t.Fatalf("put %d bytes: id %q size %d sum %s", n, id, size, sum)
		}
		raw, _ := os.ReadFile(filepath.Join(dir, "files", id+".age"))
		if n > 16 && bytes.Contains(raw, data[:16]) {
			t.Fatal("plaintext in the attachment file")
		}
		r, err := v.OpenAttachment(id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read back %d bytes, %v", len(got), err)
		}
		ids = append(ids, id)
	}
	got, _ := v.AttachmentIDs()
	if len(got) != len(ids) {
		t.Fatalf("AttachmentIDs %v, want %d", got, len(ids))
	}
	if err := v.RemoveAttachment(ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := v.RemoveAttachment(ids[0]); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("removing twice: %v", err)
	}
	if _, err := v.OpenAttachment(ids[0]); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open removed: %v", err)
	}
	for _, bad := range []string{"../identity", "ABCDEFGHIJKLMNOP", "short", "abcdefghijklmno1"} {
		_, err := v.OpenAttachment(bad)
		wantKind(t, err, errs.Usage)
		wantKind(t, v.RemoveAttachment(bad), errs.Usage)
	}
	// A damaged attachment fails on open or on read, never silently.
	p := filepath.Join(dir, "files", ids[len(ids)-1]+".age")
	raw, _ := os.ReadFile(p)
	raw[len(raw)/2] ^= 1
	os.WriteFile(p, raw, 0o600)
	r, err := v.OpenAttachment(ids[len(ids)-1])
	if err == nil {
		_, err = io.ReadAll(r)
		r.Close()
	}
	if err == nil {
		t.Fatal("a damaged attachment read without error")
	}
	// Stray names in files/ are not attachments.
	os.WriteFile(filepath.Join(dir, "files", "notes.txt"), nil, 0o600)
	os.WriteFile(filepath.Join(dir, "files", ".phr-1.tmp"), nil, 0o600)
	if got, _ := v.AttachmentIDs(); len(got) != len(ids)-1 {
		t.Fatalf("AttachmentIDs %v", got)
	}
	// Writing needs the lock; reading needs the key.
	w := openUnlocked(t, dir, testOpts())
	if _, _, _, err := w.PutAttachment(bytes.NewReader(nil)); err == nil {
		t.Fatal("stored an attachment without the lock")
	}
	if err := w.RemoveAttachment(ids[1]); err == nil {
		t.Fatal("removed an attachment without the lock")
	}
	v.Close()
	if _, err := v.OpenAttachment(ids[1]); err == nil {
		t.Fatal("opened an attachment after Close")
	}
}

// errReader fails after some bytes, as a file being read might.
type errReader struct{ n int }

func (e *errReader) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, errors.New("source went away")
	}
	n := min(len(p), e.n)
	e.n -= n
	return n, nil
}

func TestAttachmentSourceError(t *testing.T) {
	v, dir := newTestVault(t, []byte("rec"), testOpts())
	before := snapshot(t, dir)
	_, _, _, err := v.PutAttachment(&errReader{n: 100 << 10})
	mustContain(t, err, "store attachment", "source went away")
	sameSnapshot(t, before, snapshot(t, dir))
}
