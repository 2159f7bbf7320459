package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
)

// maxIdentityFile bounds how much of identity.age is read.
const maxIdentityFile = 64 << 10

// UnlockPassphrase decrypts identity.age with the passphrase. A wrong
// passphrase is errs.Unlock; a missing or damaged identity.age is
// errs.Failed with a message saying which. It never creates, changes or
// removes a file.
func (v *Vault) UnlockPassphrase(pass []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(pass) == 0 {
		return errs.New(errs.Unlock, "wrong passphrase for the vault in %s: the passphrase is empty", v.dir)
	}
	data, err := readLimited(v.path(identityName), maxIdentityFile)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("identity.age is missing from %s: the vault key is in that file and cannot be made again; put back a copy of identity.age", v.dir)
	}
	if err != nil {
		return fmt.Errorf("read identity.age in %s: %w", v.dir, err)
	}
	sid, err := age.NewScryptIdentity(string(pass))
	if err != nil {
		return errs.New(errs.Unlock, "wrong passphrase for the vault in %s", v.dir)
	}
	text, err := decryptAll(data, countedScryptIdentity{sid, v.kdfHook})
	defer clear(text)
	var noMatch *age.NoIdentityMatchError
	switch {
	case errors.As(err, &noMatch):
		return errs.New(errs.Unlock, "wrong passphrase for the vault in %s", v.dir)
	case err != nil:
		return fmt.Errorf("identity.age in %s is damaged (%v): put back a copy of identity.age", v.dir, err)
	}
	id, err := parseIdentityText(text)
	if err != nil {
		return fmt.Errorf("identity.age in %s is damaged: %v", v.dir, err)
	}
	v.setIdentity(id)
	return nil
}

// PassphraseOpens reports whether pass opens identity.age, without
// unlocking the vault or changing anything: an extract's passphrase must not
// be the vault's, whichever way the vault itself was unlocked. It costs one
// key derivation at identity.age's work factor.
func (v *Vault) PassphraseOpens(pass []byte) (bool, error) {
	if len(pass) == 0 {
		return false, nil
	}
	data, err := readLimited(v.path(identityName), maxIdentityFile)
	if err != nil {
		return false, fmt.Errorf("read identity.age in %s: %w", v.dir, err)
	}
	sid, err := age.NewScryptIdentity(string(pass))
	if err != nil {
		return false, nil
	}
	text, err := decryptAll(data, countedScryptIdentity{sid, v.kdfHook})
	clear(text)
	var noMatch *age.NoIdentityMatchError
	switch {
	case errors.As(err, &noMatch):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("identity.age in %s is damaged (%v): put back a copy of identity.age", v.dir, err)
	}
	return true, nil
}

// UnlockIdentity unlocks the vault with the vault key itself, as stored in
// the system keyring ("AGE-SECRET-KEY-PQ-1..."). The key is checked against
// the header of record.age (or of a backup, if record.age is damaged): a key
// of another vault is errs.Unlock.
func (v *Vault) UnlockIdentity(identity string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	id, err := age.ParseHybridIdentity(strings.TrimSpace(identity))
	if err != nil {
		// age's message is not shown: it could quote key material.
		return errs.New(errs.Unlock, "the key given for the vault in %s is not a phr vault key", v.dir)
	}
	names := []string{recordName}
	for n := 1; n <= backupCount; n++ {
		names = append(names, backupName(n))
	}
	for _, name := range names {
		switch err := checkHeader(v.path(name), id); {
		case err == nil:
			v.setIdentity(id)
			return nil
		case errors.As(err, new(*age.NoIdentityMatchError)):
			return errs.New(errs.Unlock, "the key given does not open the vault in %s", v.dir)
		}
	}
	return fmt.Errorf("cannot check the key against the vault in %s: record.age and its backups are missing or damaged", v.dir)
}

// checkHeader decrypts only the header of the age file at path.
func checkHeader(path string, id age.Identity) error {
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	hdr, err := age.ExtractHeader(f)
	if err != nil {
		return err
	}
	key, err := age.DecryptHeader(hdr, id)
	clear(key)
	return err
}

// IdentityString returns the vault key ("AGE-SECRET-KEY-PQ-1...") for the
// system keyring, or "" while the vault is locked. Treat it as the secret it is.
func (v *Vault) IdentityString() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return string(v.idText)
}

// IdentityBytes returns a copy of the vault key ("AGE-SECRET-KEY-PQ-1..."),
// or nil while the vault is locked, for handing to the unlock agent. The
// caller clears it after use.
func (v *Vault) IdentityBytes() []byte {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.idText == nil {
		return nil
	}
	return bytes.Clone(v.idText)
}

// ChangePassphrase wraps the same vault key with a new passphrase. Only
// identity.age changes, atomically (a temporary file, checked by decrypting
// it with the new passphrase, then renamed). It needs the write lock and an
// unlocked vault.
func (v *Vault) ChangePassphrase(newPass []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.checkWritable("change passphrase"); err != nil {
		return err
	}
	if len(newPass) == 0 {
		return errs.New(errs.Usage, "change passphrase: the new passphrase is empty")
	}
	if err := v.writeIdentity(newPass); err != nil {
		return fmt.Errorf("change passphrase: %w; identity.age was not changed", err)
	}
	return nil
}

// PendingIdentity is a new identity.age, wrapped with a new passphrase,
// written, fsynced and checked beside the current one but not yet in place:
// the caller saves the change's audit row in between, so that the two are
// one outcome. Until Install, the old passphrase alone opens the vault.
type PendingIdentity struct {
	v   *Vault
	tmp string
}

// PreparePassphrase writes identity.age for the vault key wrapped with
// newPass to a temporary file and checks it decrypts with newPass. It needs
// the write lock and an unlocked vault. Nothing in place changes; a failure
// (a full disk) leaves no file behind.
func (v *Vault) PreparePassphrase(newPass []byte) (*PendingIdentity, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.checkWritable("change passphrase"); err != nil {
		return nil, err
	}
	if len(newPass) == 0 {
		return nil, errs.New(errs.Usage, "change passphrase: the new passphrase is empty")
	}
	tmp, err := v.writeIdentityTemp(newPass)
	if err != nil {
		return nil, fmt.Errorf("write the new identity.age: %w", err)
	}
	return &PendingIdentity{v: v, tmp: tmp}, nil
}

// Install renames the new identity.age into place and syncs the folder.
// installed reports whether the new file is identity.age now (it is, even
// with an error, when only the folder sync failed).
func (p *PendingIdentity) Install() (installed bool, err error) {
	p.v.mu.Lock()
	defer p.v.mu.Unlock()
	if p.tmp == "" {
		return false, errors.New("change passphrase: the new identity.age was already installed or discarded")
	}
	tmp := p.tmp
	p.tmp = ""
	if err := p.v.fs.Rename(tmp, p.v.path(identityName)); err != nil {
		_ = p.v.fs.Remove(tmp)
		return false, fmt.Errorf("put the new identity.age in place: %w%s", err, atomicfile.Hint(err))
	}
	if err := p.v.fs.SyncDir(p.v.dir); err != nil {
		return true, fmt.Errorf("the new identity.age is in place but the folder could not be synced (%w%s): it may not survive a crash", err, atomicfile.Hint(err))
	}
	return true, nil
}

// Discard removes the new identity.age that was never installed.
func (p *PendingIdentity) Discard() {
	p.v.mu.Lock()
	defer p.v.mu.Unlock()
	if p.tmp != "" {
		_ = p.v.fs.Remove(p.tmp)
		p.tmp = ""
	}
}

// identityText is the plaintext of identity.age, in age-keygen's format so
// that `age -d -i` can use it once decrypted.
func (v *Vault) identityText() []byte {
	var b bytes.Buffer
	b.WriteString("# phr vault key (age post-quantum hybrid identity)\n")
	b.WriteString("# written: " + v.clock.Now().UTC().Format("2006-01-02T15:04:05Z") + "\n")
	b.Write(v.idText)
	b.WriteString("\n")
	return b.Bytes()
}

// writeIdentity writes identity.age for the current key, wrapped with pass.
// v.mu is held.
func (v *Vault) writeIdentity(pass []byte) error {
	tmp, err := v.writeIdentityTemp(pass)
	if err != nil {
		return fmt.Errorf("write identity.age: %w", err)
	}
	return v.commitRename(tmp, v.path(identityName))
}

// writeIdentityTemp writes identity.age's new content, wrapped with pass, to
// a checked temporary file and returns its name. v.mu is held.
func (v *Vault) writeIdentityTemp(pass []byte) (string, error) {
	text := v.identityText()
	defer clear(text)
	rec, err := age.NewScryptRecipient(string(pass))
	if err != nil {
		return "", errs.New(errs.Usage, "the passphrase is empty")
	}
	if v.scryptLog2 != 0 {
		rec.SetWorkFactor(v.scryptLog2)
	}
	fill := func(w io.Writer) error { return encryptTo(w, text, countedScryptRecipient{rec, v.kdfHook}) }
	check := func(name string, _ [32]byte) error {
		sid, err := age.NewScryptIdentity(string(pass))
		if err != nil {
			return err
		}
		return v.verifyPlain(name, text, countedScryptIdentity{sid, v.kdfHook})
	}
	tmp, _, err := v.writeTemp(v.dir, fill, check)
	if err != nil {
		return "", err
	}
	return tmp, nil
}

// parseIdentityText reads the one hybrid identity in identity.age's text.
func parseIdentityText(text []byte) (*age.HybridIdentity, error) {
	ids, err := age.ParseIdentities(bytes.NewReader(text))
	if err != nil {
		return nil, errors.New("it holds no readable vault key")
	}
	if len(ids) != 1 {
		return nil, fmt.Errorf("it holds %d keys instead of one", len(ids))
	}
	id, ok := ids[0].(*age.HybridIdentity)
	if !ok {
		return nil, errors.New("its key is not an age post-quantum hybrid identity")
	}
	return id, nil
}

// readLimited reads a whole file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return b, nil
}
