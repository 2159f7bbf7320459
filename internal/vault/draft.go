package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// SealDraft encrypts a small piece of work in progress (a half-typed form)
// to the vault's own key, so it can be kept in memory while the interface
// is locked and opened again only after the person unlocks.
func (v *Vault) SealDraft(plain []byte) ([]byte, error) {
	v.mu.Lock()
	id := v.id
	v.mu.Unlock()
	if id == nil {
		return nil, errors.New("seal draft: the vault is locked")
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, id.Recipient())
	if err != nil {
		return nil, fmt.Errorf("seal draft: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("seal draft: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("seal draft: %w", err)
	}
	return buf.Bytes(), nil
}

// OpenDraft decrypts what SealDraft sealed, with the vault's key.
func (v *Vault) OpenDraft(sealed []byte) ([]byte, error) {
	v.mu.Lock()
	id := v.id
	v.mu.Unlock()
	if id == nil {
		return nil, errors.New("open draft: the vault is locked")
	}
	r, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		return nil, fmt.Errorf("open draft: %w", err)
	}
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("open draft: %w", err)
	}
	return b, nil
}
