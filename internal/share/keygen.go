package share

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"filippo.io/age"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/qrcode"
)

// NewIdentity makes a carer's key for `phr keygen`: a post-quantum hybrid age
// identity (ML-KEM-768 with X25519), the strongest type age v1.3 offers. It
// returns the secret identity ("AGE-SECRET-KEY-PQ-1...", 77 characters) and
// its public recipient ("age1pq1...", 1,959 characters). Hybrid files need
// age 1.3 or later (or the age-plugin-pq plugin) to be read outside phr.
func NewIdentity() (identity string, recipient string, err error) {
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		return "", "", fmt.Errorf("make key: %w", err)
	}
	return id.String(), id.Recipient().String(), nil
}

// WriteIdentityFile writes a secret identity to a new file, readable by its
// owner only (mode 0600), in age-keygen's format: comment lines, then the key.
// It refuses to overwrite an existing file (errs.Usage).
func WriteIdentityFile(path string, identity string) error {
	id, err := ParseIdentity(identity)
	if err != nil {
		return err
	}
	pub, err := IdentityRecipient(id)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return errs.New(errs.Usage, "%s already exists: choose another file, phr never overwrites a key", path)
	}
	if err != nil {
		return fmt.Errorf("create key file: %w", err)
	}
	content := "# phr carer key: keep this file private, never send it\n" +
		"# public key: " + pub + "\n" + strings.TrimSpace(identity) + "\n"
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return fmt.Errorf("write key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	return nil
}

// ParseIdentities reads one or more secret identities, X25519
// ("AGE-SECRET-KEY-1...") or hybrid ("AGE-SECRET-KEY-PQ-1..."): a bare key or
// an identity file's content, with blank lines and "#" comments as age-keygen
// writes them. Errors never include the input.
func ParseIdentities(s string) ([]age.Identity, error) {
	ids, err := age.ParseIdentities(strings.NewReader(s))
	if err != nil {
		// age's messages never contain key material.
		return nil, &errs.Error{Kind: errs.Usage, Msg: "cannot read the key: expected AGE-SECRET-KEY-... as made by `phr keygen` or age-keygen", Err: err}
	}
	return ids, nil
}

// ParseIdentity reads exactly one secret identity, as ParseIdentities does.
func ParseIdentity(s string) (age.Identity, error) {
	ids, err := ParseIdentities(s)
	if err != nil {
		return nil, err
	}
	if len(ids) != 1 {
		return nil, errs.New(errs.Usage, "the key file holds %d keys: phr expects one", len(ids))
	}
	return ids[0], nil
}

// NewSigningKey makes the person's ed25519 signing key, which signs every
// extract. The caller keeps it in the vault; its public half travels in each
// extract's manifest and is pinned by the carer on first open.
func NewSigningKey() (ed25519.PrivateKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("make signing key: %w", err)
	}
	return priv, nil
}

// QR writes a recipient as a QR code drawn with Unicode half blocks
// (qrcode.Code.Text: light modules drawn, for a terminal with light text on
// a dark background). It returns an error for a bad recipient (errs.Usage)
// or a failed write.
//
// A hybrid recipient has 1,959 characters, so the code is large. To keep it as
// small as possible the recipient is written in capitals (Bech32 is
// case-insensitive, and capitals let QR use its denser alphanumeric mode: 5.5
// instead of 8 bits a character) with the lowest error correction (L, 7%):
// a hybrid recipient gives a version-26 code, 121 modules a side, drawn as
// 65 lines of 129 columns (in lower case it would need version 33, 149
// modules). The caller should check the terminal is that wide and otherwise
// print the text. An X25519 recipient needs version 3 (29 modules).
// ParseRecipient accepts the capitalised form back.
func QR(recipient string, w io.Writer) error {
	r, err := ParseRecipient(recipient)
	if err != nil {
		return err
	}
	s, err := recipientString(r)
	if err != nil {
		return withKind(errs.Usage, err)
	}
	c, err := qrcode.Encode(strings.ToUpper(s))
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, c.Text()); err != nil {
		return fmt.Errorf("draw QR code: %w", err)
	}
	return nil
}
