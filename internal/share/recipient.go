package share

import (
	"errors"
	"strings"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/errs"
)

// recipientHint says what a recipient looks like; every recipient error ends with it.
const recipientHint = "a recipient starts with age1 (from `phr keygen` or age-keygen)"

// PassphraseRecipient is the manifest's to.recipient of an extract sealed with a
// passphrase instead of a key.
const PassphraseRecipient = "scrypt"

// ParseRecipient reads a carer's public age recipient: a classic X25519
// recipient ("age1...") or a post-quantum hybrid one ("age1pq1..."). Surrounding
// space is ignored, and an all-uppercase recipient (as read from a QR code) is
// accepted. Anything else is an errs.Usage error; the input is never echoed,
// since people sometimes paste a secret key by mistake.
func ParseRecipient(s string) (age.Recipient, error) {
	s = normalizeRecipient(s)
	switch {
	case s == "":
		return nil, errs.New(errs.Usage, "no recipient given: %s", recipientHint)
	case strings.HasPrefix(s, "age-secret-key-"):
		return nil, errs.New(errs.Usage,
			"that is a secret key, which must stay private: give the carer's public recipient instead; %s", recipientHint)
	case strings.HasPrefix(s, "age1pq1"):
		r, err := age.ParseHybridRecipient(s)
		if err != nil {
			return nil, &errs.Error{Kind: errs.Usage, Msg: "this post-quantum recipient is damaged (check it was copied whole); " + recipientHint}
		}
		return r, nil
	case strings.HasPrefix(s, "age1"):
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, &errs.Error{Kind: errs.Usage, Msg: "this recipient is damaged (check it was copied whole); " + recipientHint}
		}
		return r, nil
	}
	return nil, errs.New(errs.Usage, "not an age recipient: %s", recipientHint)
}

// normalizeRecipient trims space and lower-cases a recipient written all in
// capitals (Bech32 allows either case, and QR codes use capitals).
func normalizeRecipient(s string) string {
	s = strings.TrimSpace(s)
	if strings.ToUpper(s) == s {
		s = strings.ToLower(s)
	}
	return s
}

// recipientString returns the canonical text of a recipient that phr can name
// in a manifest.
func recipientString(r age.Recipient) (string, error) {
	switch r := r.(type) {
	case *age.X25519Recipient:
		return r.String(), nil
	case *age.HybridRecipient:
		return r.String(), nil
	}
	return "", errors.New("unsupported recipient type: use an X25519 (age1...) or hybrid (age1pq1...) recipient")
}

// IdentityRecipient returns the public recipient of a secret identity, the
// text a carer sends to the person who shares with them.
func IdentityRecipient(id age.Identity) (string, error) {
	switch id := id.(type) {
	case *age.X25519Identity:
		return id.Recipient().String(), nil
	case *age.HybridIdentity:
		return id.Recipient().String(), nil
	}
	return "", errs.New(errs.Usage, "unsupported key type: use a key from `phr keygen` or age-keygen")
}

// isHybrid reports whether the recipient is a post-quantum hybrid one.
func isHybrid(r age.Recipient) bool {
	_, ok := r.(*age.HybridRecipient)
	return ok
}
