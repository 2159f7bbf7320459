package vault

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestKeyDerivationOncePerUnlock counts scrypt runs through the vault's
// hook: one per unlock with a passphrase (a wrong one included), two for
// making identity.age (wrap, then check), and none for anything a session
// does once unlocked: saving, reading, attachments, restoring, or unlocking
// with the vault key from the keyring.
func TestKeyDerivationOncePerUnlock(t *testing.T) {
	var n atomic.Int64
	opts := testOpts()
	opts.kdfHook = func() { n.Add(1) }
	expect := func(step string, want int64) {
		t.Helper()
		if got := n.Swap(0); got != want {
			t.Fatalf("%s: %d key derivations, want %d", step, got, want)
		}
	}
	v, dir := newTestVault(t, []byte("v0"), opts)
	expect("create", 2)
	key := v.IdentityString()
	v.Close()

	v, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.UnlockPassphrase([]byte("not the passphrase, but long enough")); err == nil {
		t.Fatal("a wrong passphrase unlocked the vault")
	}
	expect("wrong passphrase", 1)
	if err := v.UnlockPassphrase(testPass); err != nil {
		t.Fatal(err)
	}
	expect("unlock", 1)
	if err := v.LockForWriting(); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ReadRecord(); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := v.WriteRecord([]byte(strings.Repeat("v", i+1))); err != nil {
			t.Fatal(err)
		}
	}
	id, _, _, err := v.PutAttachment(strings.NewReader("a letter"))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := v.OpenAttachment(id)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	if err := v.Restore(1); err != nil {
		t.Fatal(err)
	}
	expect("reads, saves, attachments and a restore", 0)
	if err := v.ChangePassphrase([]byte("another passphrase of decent length")); err != nil {
		t.Fatal(err)
	}
	expect("change passphrase", 2)

	v2, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if err := v2.UnlockIdentity(key); err != nil {
		t.Fatal(err)
	}
	expect("unlock with the vault key", 0)
}

// TestSaveCostsNoDerivation checks the same by the clock, with age's
// default work factor (2^18): each save of a small record takes a small
// fraction of one key derivation.
func TestSaveCostsNoDerivation(t *testing.T) {
	if testing.Short() {
		t.Skip("derives a key at the default work factor")
	}
	v, dir := newTestVault(t, []byte("v0"), Options{})
	v.Close()
	v, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	start := time.Now()
	if err := v.UnlockPassphrase(testPass); err != nil {
		t.Fatal(err)
	}
	derive := time.Since(start)
	if err := v.LockForWriting(); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ReadRecord(); err != nil {
		t.Fatal(err)
	}
	var slowest time.Duration
	for i := range 5 {
		start := time.Now()
		if err := v.WriteRecord([]byte(strings.Repeat("edit ", i+1))); err != nil {
			t.Fatal(err)
		}
		slowest = max(slowest, time.Since(start))
	}
	t.Logf("unlock (scrypt 2^18) %v, slowest of 5 saves %v", derive, slowest)
	if slowest > derive/4 {
		t.Errorf("a save took %v, more than a quarter of a key derivation (%v)", slowest, derive)
	}
}

// BenchmarkUnlock measures UnlockPassphrase with age's default scrypt work
// factor (2^18), the cost of every unlock with a passphrase, and
// UnlockIdentity, the cost of an unlock with the vault key from the keyring.
func BenchmarkUnlock(b *testing.B) {
	_, dir := newTestVault(b, []byte("v0"), Options{})
	b.Run("scrypt18", func(b *testing.B) {
		for b.Loop() {
			v, err := Open(dir, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if err := v.UnlockPassphrase(testPass); err != nil {
				b.Fatal(err)
			}
			v.Close()
		}
	})
	v, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := v.UnlockPassphrase(testPass); err != nil {
		b.Fatal(err)
	}
	key := v.IdentityString()
	v.Close()
	b.Run("vaultkey", func(b *testing.B) {
		for b.Loop() {
			v, err := Open(dir, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if err := v.UnlockIdentity(key); err != nil {
				b.Fatal(err)
			}
			v.Close()
		}
	})
}
