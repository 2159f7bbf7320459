package vault

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

// TestTamperSweep flips single bits at random places (2,000 by default,
// PHR_TAMPER_FLIPS to change) and truncates at every 64 KiB boundary and at
// every STREAM chunk boundary, one byte either side: every variant is
// refused and no plaintext comes out.
func TestTamperSweep(t *testing.T) {
	flips := 2000
	if s := os.Getenv("PHR_TAMPER_FLIPS"); s != "" {
		flips, _ = strconv.Atoi(s)
	}
	if testing.Short() {
		flips = 200
	}
	v, _ := newTestVault(t, randBytes(t, 300<<10), testOpts())
	ct, err := os.ReadFile(v.path(recordName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decryptAll(ct, v.id); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range flips {
		c := bytes.Clone(ct)
		at := rng.IntN(len(c))
		c[at] ^= 1 << rng.IntN(8)
		if plain, err := decryptAll(c, v.id); err == nil || plain != nil {
			t.Fatalf("flip %d at byte %d accepted", i, at)
		}
	}
	// The payload starts after the header's "--- MAC" line and a 16-byte
	// nonce; each chunk is 64 KiB of plaintext and a 16-byte tag.
	mac := bytes.Index(ct, []byte("\n--- "))
	payload := mac + 1 + bytes.IndexByte(ct[mac+1:], '\n') + 1 + 16
	var cuts []int
	for k := 0; ; k++ {
		raw, chunk := k*(64<<10), payload+k*(64<<10+16)
		if raw > len(ct)+1 && chunk > len(ct)+1 {
			break
		}
		for _, d := range []int{-1, 0, 1} {
			cuts = append(cuts, raw+d, chunk+d)
		}
	}
	n := 0
	for _, cut := range cuts {
		if cut < 0 || cut >= len(ct) {
			continue
		}
		n++
		if plain, err := decryptAll(ct[:cut], v.id); err == nil || plain != nil {
			t.Fatalf("truncation to %d bytes accepted", cut)
		}
	}
	if plain, err := decryptAll(append(bytes.Clone(ct), 0), v.id); err == nil || plain != nil {
		t.Fatal("a byte appended was accepted")
	}
	t.Logf("%d bit flips and %d truncations refused", flips, n)
}

// TestChangePassphraseFaults: a failed passphrase change leaves identity.age
// as it was, so the old passphrase still opens the vault.
func TestChangePassphraseFaults(t *testing.T) {
	for _, op := range []string{"create", "write", "fsync", "close", "corrupt", "rename"} {
		t.Run(op, func(t *testing.T) {
			v, ffs, dir := faultVault(t)
			before := snapshot(t, dir)
			ffs.Arm(op, 1, syscall.EIO)
			err := v.ChangePassphrase([]byte("the new passphrase for this vault"))
			mustContain(t, err, "change passphrase", "identity.age was not changed")
			sameSnapshot(t, before, snapshot(t, dir))
			w, _ := Open(dir, testOpts())
			defer w.Close()
			if err := w.UnlockPassphrase(testPass); err != nil {
				t.Fatalf("old passphrase after a failed change: %v", err)
			}
			wantKind(t, w.UnlockPassphrase([]byte("the new passphrase for this vault")), errs.Unlock)
		})
	}
}
