package app

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/vault"
)

// ChangePassphrase checks the new passphrase against the policy (with the
// person's own words) and rewraps the vault key with it. Only identity.age
// is rewritten with the new passphrase; the record gains an audit row.
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
	if err := s.v.ChangePassphrase(normalized(newPass)); err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	now := s.cfg.now()
	return s.commit(ctx, audit.Passwd, "passphrase changed", func(tx *store.Store) error {
		return tx.SetSetting(ctx, settingPassphraseChanged, now.UTC().Format(time.RFC3339))
	})
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

// AuditLog returns every audit row, oldest first, and the result of checking
// the chain (nil when it holds, else an *audit.BrokenError).
func (s *Session) AuditLog(ctx context.Context) ([]audit.Row, error, error) {
	st, err := s.db()
	if err != nil {
		return nil, nil, err
	}
	rows, err := audit.List(ctx, st.Querier())
	if err != nil {
		return nil, nil, err
	}
	return rows, audit.Verify(rows), nil
}

// Restore puts record.age.N back as record.age, keeping the current file
// aside. It needs only the vault key, not a readable record.age.
func Restore(ctx context.Context, cfg Config, u Unlock, n int) (string, error) {
	v, err := vault.Open(cfg.VaultDir, cfg.vaultOptions())
	if err != nil {
		return "", err
	}
	if _, err := u.unlock(cfg, v); err != nil {
		v.Close()
		return "", err
	}
	if err := v.LockForWriting(); err != nil {
		v.Close()
		return "", err
	}
	before, _ := filepath.Glob(filepath.Join(cfg.VaultDir, "record.damaged-*.age"))
	err = v.Restore(n)
	id := v.IdentityString()
	v.Close()
	if err != nil {
		return "", err
	}
	aside := "(nothing: there was no record.age)"
	after, _ := filepath.Glob(filepath.Join(cfg.VaultDir, "record.damaged-*.age"))
	for _, f := range after {
		if !slices.Contains(before, f) {
			aside = filepath.Base(f)
		}
	}
	// Record the restore in the restored record's own log.
	s, err := Open(ctx, cfg, Unlock{NoKeyring: true, identity: id, acceptCurrent: true}, ReadWrite)
	if err != nil {
		return aside, fmt.Errorf("backup %d was put back, but opening it failed: %w", n, err)
	}
	defer s.Close()
	return aside, s.commit(ctx, audit.Restore, map[string]any{"backup": n, "kept_aside": aside}, nil)
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
