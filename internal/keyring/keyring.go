// Package keyring keeps secrets in the operating system's keyring (Secret
// Service on Linux, Keychain on macOS, Credential Manager on Windows)
// through github.com/zalando/go-keyring.
//
// phr stores one secret per vault: the vault key ("AGE-SECRET-KEY-PQ-1...",
// 77 characters, well under the Windows and macOS size limits), under the
// service name "phr" and the account Account(vaultDir), that is "vault:"
// followed by the vault folder's absolute, cleaned path (symbolic links are
// not resolved, as the vault itself stays behind them).
//
// Only a missing entry is ErrNotFound. Every other failure (no session bus,
// a locked collection, no keyring at all) is returned wrapped, so callers
// can say so and fall through to the next way of unlocking.
package keyring

import (
	"errors"
	"fmt"
	"path/filepath"

	gokeyring "github.com/zalando/go-keyring"
)

// Service is the service name phr's entries are stored under.
const Service = "phr"

// ErrNotFound means the keyring holds no entry for the account.
var ErrNotFound = errors.New("no entry in the system keyring")

// Keyring stores secrets by account name.
type Keyring interface {
	// Get returns the secret stored for account, or ErrNotFound.
	Get(account string) (string, error)
	// Set stores secret for account, replacing any earlier one.
	Set(account, secret string) error
	// Delete removes account's secret; a missing one is ErrNotFound.
	Delete(account string) error
}

// System returns the operating system's keyring, under Service.
func System() Keyring { return system{} }

type system struct{}

func (system) Get(account string) (string, error) {
	s, err := gokeyring.Get(Service, account)
	if err != nil {
		return "", wrap("read from", err)
	}
	return s, nil
}

func (system) Set(account, secret string) error {
	return wrap("store in", gokeyring.Set(Service, account, secret))
}

func (system) Delete(account string) error {
	return wrap("remove from", gokeyring.Delete(Service, account))
}

// wrap maps go-keyring's not-found error to ErrNotFound and gives every
// other error context. The secret is never part of the message.
func wrap(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gokeyring.ErrNotFound):
		return ErrNotFound
	default:
		return fmt.Errorf("%s the system keyring: %w", op, err)
	}
}

// Account is the keyring account name for the vault in vaultDir: "vault:"
// and the folder's absolute, cleaned path.
func Account(vaultDir string) string {
	p, err := filepath.Abs(vaultDir)
	if err != nil {
		p = filepath.Clean(vaultDir)
	}
	return "vault:" + p
}
