package app

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/vault"
)

// ChangePassphrase checks the new passphrase against the policy (with the
// person's own words) and rewraps the vault key with it. Only identity.age
// is rewritten with the new passphrase; the record gains an audit row. The
// two are one outcome: the new identity.age is written and checked beside the
// old, the record is saved with the audit row, and only then is the new
// identity.age renamed into place. When the save fails (a full disk) the
// audit row is dropped again and the old passphrase still opens the vault;
// every error says which passphrase opens it.
func (s *Session) ChangePassphrase(ctx context.Context, newPass []byte) error {
	p, err := s.Profile(ctx)
	if err != nil {
		return err
	}
	if err := CheckPassphrase(newPass, p.Words()); err != nil {
		return err
	}
	if !s.writable {
		return errs.New(errs.Busy, "the vault is open for writing in another phr process: close it and try again")
	}
	if s.unsaved {
		return errs.New(errs.Failed, "change passphrase: some changes are not saved yet; save them first (the passphrase was not changed)")
	}
	const unchanged = "the passphrase was not changed: the old one still opens the vault"
	pending, err := s.v.PreparePassphrase(normalized(newPass))
	if err != nil {
		return fmt.Errorf("change passphrase: %w; %s", err, unchanged)
	}
	wasPending := s.pendingUnlock
	now := s.cfg.now()
	err = s.commit(ctx, audit.Passwd, "passphrase changed", func(tx *store.Store) error {
		return tx.SetSetting(ctx, settingPassphraseChanged, now.UTC().Format(time.RFC3339))
	})
	if err != nil {
		pending.Discard()
		// The audit row must not reach the disk with a later save: the
		// change did not happen. record.age is as it was before.
		if s.unsaved {
			if rerr := s.Reload(ctx); rerr != nil {
				return fmt.Errorf("change passphrase: %w; %s (and the record could not be read again: %v; quit without saving)", err, unchanged, rerr)
			}
			s.pendingUnlock = wasPending
		}
		return fmt.Errorf("change passphrase: %w; %s", err, unchanged)
	}
	installed, err := pending.Install()
	switch {
	case err == nil:
		return nil
	case installed:
		return fmt.Errorf("change passphrase: %w; the new passphrase opens the vault now, and the change is in the audit log", err)
	}
	// The audit log says the passphrase changed, but identity.age is the
	// old one: say so in the log too, if it can still be written.
	if cerr := s.commit(ctx, audit.Passwd, "passphrase change undone: identity.age could not be replaced", nil); cerr != nil {
		return fmt.Errorf("change passphrase: %w; %s, though the audit log records a change (correcting it failed too: %v)", err, unchanged, cerr)
	}
	return fmt.Errorf("change passphrase: %w; %s (the audit log says so)", err, unchanged)
}

// CheckCurrentPassphrase reports, as an Unlock error, that pass is not the
// vault's passphrase now. It costs one key derivation.
func (s *Session) CheckCurrentPassphrase(pass []byte) error {
	ok, err := s.v.PassphraseOpens(normalized(pass))
	if err != nil {
		return err
	}
	if !ok {
		return errs.New(errs.Unlock, "that is not your current passphrase: type the one you unlock phr with")
	}
	return nil
}

// ChangePassphraseFrom is ChangePassphrase for someone at an open record
// (the interface): it first checks the current passphrase, since the record
// may have been opened from the keyring, and whoever sits at it must not be
// able to lock its owner out; and it refuses the current one as the new.
func (s *Session) ChangePassphraseFrom(ctx context.Context, current, newPass []byte) error {
	if err := s.CheckCurrentPassphrase(current); err != nil {
		return err
	}
	if string(normalized(current)) == string(normalized(newPass)) {
		return errs.New(errs.Usage, "the new passphrase is the one you have now: choose another (the passphrase was not changed)")
	}
	return s.ChangePassphrase(ctx, newPass)
}

// PassphraseChanged returns when the passphrase was last set.
func (s *Session) PassphraseChanged(ctx context.Context) (time.Time, error) {
	st, err := s.db()
	if err != nil {
		return time.Time{}, err
	}
	v, _, err := st.Setting(ctx, settingPassphraseChanged)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, v)
}

// Remember stores the vault key in the OS keyring, so that later commands
// unlock without a passphrase.
func (s *Session) Remember(ctx context.Context) error {
	id := s.v.IdentityString()
	if err := s.cfg.keyring().Set(keyring.Account(s.cfg.VaultDir), id); err != nil {
		return errs.New(errs.Failed, "store the key in the system keyring: %v", err)
	}
	return s.commit(ctx, audit.Remember, "vault key stored in the system keyring", nil)
}

// Forget removes the vault key from the OS keyring. It is not an error when
// the keyring holds nothing for this vault.
func Forget(ctx context.Context, cfg Config) (bool, error) {
	err := cfg.keyring().Delete(keyring.Account(cfg.VaultDir))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, keyring.ErrNotFound):
		return false, nil
	}
	return false, errs.New(errs.Failed, "remove the key from the system keyring: %v", err)
}

// AuditForget records a forget in the log.
func (s *Session) AuditForget(ctx context.Context, removed bool) error {
	d := "vault key removed from the system keyring"
	if !removed {
		d = "nothing to remove from the system keyring"
	}
	return s.commit(ctx, audit.Forget, d, nil)
}

// Remembered reports whether the system keyring holds this vault's key; an
// error says the keyring cannot be reached (there is none, or it is locked).
func (s *Session) Remembered() (bool, error) {
	_, err := s.cfg.keyring().Get(keyring.Account(s.cfg.VaultDir))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, keyring.ErrNotFound):
		return false, nil
	}
	return false, errs.New(errs.Failed, "the system keyring cannot be reached: %v", err)
}

// ForgetKey removes the vault key from the system keyring (phr forget from
// an open record) and writes it to the audit log.
func (s *Session) ForgetKey(ctx context.Context) error {
	removed, err := Forget(ctx, s.cfg)
	if err != nil {
		return err
	}
	return s.AuditForget(ctx, removed)
}

// SigningKey returns the vault's ed25519 signing key, making one if the vault
// predates it.
func (s *Session) SigningKey(ctx context.Context) (ed25519.PrivateKey, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	v, ok, err := st.Setting(ctx, settingSigningKey)
	if err != nil {
		return nil, err
	}
	if ok {
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(b) != ed25519.PrivateKeySize {
			return nil, errs.New(errs.Failed, "the signing key in the record is damaged")
		}
		return ed25519.PrivateKey(b), nil
	}
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return nil, err
	}
	err = s.commit(ctx, audit.SigningKeyed, "signing key made", func(tx *store.Store) error {
		return tx.SetSetting(ctx, settingSigningKey, base64.StdEncoding.EncodeToString(priv))
	})
	return priv, err
}

// AuditTrail is the audit log as read, with the verdict of its chain.
type AuditTrail struct {
	// Rows are every audit row, oldest first.
	Rows []audit.Row
	// Broken is nil when the chain holds, else an *audit.BrokenError naming
	// the first broken row.
	Broken error
}

// AuditLog reads the audit log and checks its chain. The error is for a log
// that could not be read; a broken chain is AuditTrail.Broken.
func (s *Session) AuditLog(ctx context.Context) (AuditTrail, error) {
	st, err := s.db()
	if err != nil {
		return AuditTrail{}, err
	}
	rows, err := audit.List(ctx, st.Querier())
	if err != nil {
		return AuditTrail{}, err
	}
	return AuditTrail{Rows: rows, Broken: audit.Verify(rows)}, nil
}

// Restore puts record.age.N back as record.age, keeping the current file
// aside. It needs only the vault key, not a readable record.age. The restore
// and its audit rows (the unlock and the restore) are written as one file:
// on a full disk nothing changes and the error says so.
func Restore(ctx context.Context, cfg Config, u Unlock, n int) (string, error) {
	if n < 1 || n > 3 {
		return "", errs.New(errs.Usage, "restore: there is no backup %d: choose 1, 2 or 3", n)
	}
	v, err := vault.Open(cfg.VaultDir, cfg.vaultOptions())
	if err != nil {
		return "", err
	}
	s := &Session{cfg: cfg, v: v, writable: true}
	defer s.Close()
	if s.via, err = u.unlock(cfg, v); err != nil {
		return "", err
	}
	if err := v.LockForWriting(); err != nil {
		return "", err
	}
	plain, err := v.ReadBackup(n)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", errs.New(errs.Usage, "restore: there is no record.age.%d in %s; %s", n, cfg.VaultDir, restoreHint(v))
	case err != nil:
		return "", fmt.Errorf("restore: %w; %s", err, restoreHint(v))
	}
	s.st, err = store.Load(ctx, plain)
	clear(plain)
	if err != nil {
		return "", errs.Wrap(errs.Failed, fmt.Errorf("restore: record.age.%d: %w; %s", n, err, restoreHint(v)))
	}
	aside, err := v.RestoreWith(n, func(aside string) ([]byte, error) {
		now := cfg.now()
		kept := aside
		if kept == "" {
			kept = "(nothing: there was no record.age)"
		}
		err := s.st.Tx(ctx, func(tx *store.Store) error {
			if err := audit.Append(ctx, tx.Querier(), now, audit.Unlock, map[string]string{"via": s.via}); err != nil {
				return err
			}
			return audit.Append(ctx, tx.Querier(), now, audit.Restore, map[string]any{"backup": n, "kept_aside": kept})
		})
		if err != nil {
			return nil, err
		}
		return s.st.Serialize(ctx)
	})
	if err != nil {
		return "", err
	}
	s.rememberSeen(ctx)
	if aside == "" {
		aside = "(nothing: there was no record.age)"
	}
	return aside, nil
}

// KeepCurrent takes record.age as it is after phr found it older than (or
// different from) the version it last saw on this computer, and records
// that choice in the audit log; from then on phr carries on from it.
func KeepCurrent(ctx context.Context, cfg Config, u Unlock) error {
	u.acceptCurrent = true
	s, err := Open(ctx, cfg, u, ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.commit(ctx, audit.Restore, map[string]any{"kept_current": true}, nil)
}
