package share

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/phrhealth/phr/internal/errs"
)

// Seal encrypts the extract to the carer's recipient and writes the age file
// to w, ASCII-armored when armor is set. It returns the SHA-256 of the bytes
// written, for the shares history. The recipient must be the one the
// manifest names (there is exactly one): the carer's phr checks that on open.
// A hybrid file can be read with age 1.3 or later; an X25519 one with any age.
func Seal(x *Extract, w io.Writer, to []age.Recipient, armored bool) (sha256hex string, err error) {
	if err := checkBuilt(x); err != nil {
		return "", err
	}
	if len(to) != 1 {
		return "", errs.New(errs.Usage, "an extract is for one carer: give exactly one recipient")
	}
	name, err := recipientString(to[0])
	if err != nil {
		return "", withKind(errs.Usage, err)
	}
	if name != x.Manifest.To.Recipient {
		return "", fmt.Errorf("seal extract: the recipient is not the one named in the manifest")
	}
	return seal(x, w, armored, to...)
}

// SealPassphrase encrypts the extract with a passphrase (age's scrypt
// recipient, work factor 2^scryptLog2) for a carer who has no key; the
// passphrase travels by another channel. The caller checks the passphrase
// policy first. The manifest must name PassphraseRecipient. Use a work
// factor between 10 (tests) and 20: phr open refuses more than 2^20.
func SealPassphrase(x *Extract, w io.Writer, pass []byte, scryptLog2 int, armored bool) (sha256hex string, err error) {
	if err := checkBuilt(x); err != nil {
		return "", err
	}
	if x.Manifest.To.Recipient != PassphraseRecipient {
		return "", fmt.Errorf("seal extract: the manifest names a key, not a passphrase")
	}
	if len(pass) == 0 {
		return "", errs.New(errs.Usage, "the passphrase is empty")
	}
	if scryptLog2 < 10 || scryptLog2 > MaxScryptLog2 {
		return "", fmt.Errorf("seal extract: scrypt work factor 2^%d is outside 2^10..2^%d", scryptLog2, MaxScryptLog2)
	}
	r, err := age.NewScryptRecipient(string(pass))
	if err != nil {
		return "", fmt.Errorf("seal extract: %w", err)
	}
	r.SetWorkFactor(scryptLog2)
	return seal(x, w, armored, r)
}

// checkBuilt refuses an extract that Build did not make or whose signature
// no longer matches.
func checkBuilt(x *Extract) error {
	if x == nil || len(x.manifestJSON) == 0 || len(x.Bundle) == 0 {
		return errors.New("seal extract: the extract is not built")
	}
	pub, err := base64.StdEncoding.DecodeString(x.Manifest.From.PublicKey)
	if err != nil || !verify(ed25519.PublicKey(pub), x.manifestJSON, x.Bundle, x.Signature) {
		return errors.New("seal extract: the signature does not match the extract")
	}
	return nil
}

// seal writes the encrypted extract and hashes what was written.
func seal(x *Extract, w io.Writer, armored bool, to ...age.Recipient) (string, error) {
	plain, err := x.MarshalJSON()
	if err != nil {
		return "", err
	}
	defer clear(plain)
	h := sha256.New()
	out := io.MultiWriter(w, h)
	var aw io.WriteCloser
	dst := out
	if armored {
		aw = armor.NewWriter(out)
		dst = aw
	}
	ew, err := age.Encrypt(dst, to...)
	if err != nil {
		return "", fmt.Errorf("encrypt extract: %w", err)
	}
	if _, err := ew.Write(plain); err != nil {
		return "", fmt.Errorf("write extract: %w", err)
	}
	if err := ew.Close(); err != nil {
		return "", fmt.Errorf("write extract: %w", err)
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			return "", fmt.Errorf("write extract: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
