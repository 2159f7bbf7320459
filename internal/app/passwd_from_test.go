package app

import (
	"context"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

// TestChangePassphraseFrom needs the current passphrase, refuses it as the
// new one, and changes nothing when it refuses.
func TestChangePassphraseFrom(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const next = "plum-orbit-kettle-lantern-93"
	if err := s.ChangePassphraseFrom(ctx, []byte("not-it-at-all"), []byte(next)); !errs.Is(err, errs.Unlock) {
		t.Fatalf("a wrong current passphrase: %v", err)
	}
	if err := s.ChangePassphraseFrom(ctx, []byte(testPass), []byte(testPass)); !errs.Is(err, errs.Usage) {
		t.Fatalf("the current passphrase as the new one: %v", err)
	}
	if err := s.CheckCurrentPassphrase([]byte(testPass)); err != nil {
		t.Fatalf("a refused change changed the passphrase: %v", err)
	}
	if err := s.ChangePassphraseFrom(ctx, []byte(testPass), []byte(next)); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckCurrentPassphrase([]byte(next)); err != nil {
		t.Fatalf("the new passphrase: %v", err)
	}
	if err := s.CheckCurrentPassphrase([]byte(testPass)); !errs.Is(err, errs.Unlock) {
		t.Fatalf("the old passphrase still opens the vault: %v", err)
	}
}

// TestRememberedAndForgetKey: the keyring state an open record reports
// follows Remember and ForgetKey.
func TestRememberedAndForgetKey(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, step := range []struct {
		do   func() error
		want bool
	}{
		{func() error { return nil }, false},
		{func() error { return s.Remember(ctx) }, true},
		{func() error { return s.ForgetKey(ctx) }, false},
		{func() error { return s.ForgetKey(ctx) }, false}, // nothing to remove is no error
	} {
		if err := step.do(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got, err := s.Remembered(); err != nil || got != step.want {
			t.Fatalf("step %d: remembered %v, %v; want %v", i, got, err, step.want)
		}
	}
}
