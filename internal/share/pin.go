package share

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"github.com/phrhealth/phr/internal/safetext"
)

// PinStore remembers the signing key of each sender a carer has opened an
// extract from (trust on first use). The caller implements it in the carer's
// own storage; keys are PinName(sender name), values the base64 public key.
type PinStore interface {
	Get(name string) (pubkey string, ok bool, err error)
	Put(name, pubkey string) error
}

// SenderKeyChangedError is the refusal of an extract whose sender name was
// pinned to another signing key: someone may be impersonating the sender, or
// the sender made a new key. Open returns it inside an errs.Extract error;
// callers find it with errors.As (to offer an explicit override).
type SenderKeyChangedError struct {
	Name   string // the sender name the extract claims
	Pinned string // the key pinned from earlier extracts (base64)
	Got    string // the key that signed this one (base64)
}

func (e *SenderKeyChangedError) Error() string {
	name := displayText(e.Name)
	return fmt.Sprintf("WARNING: this extract claims to come from %q but is signed with a different key "+
		"(%s) from the one of their earlier extracts (%s): someone may be pretending to be them; "+
		"do not trust it unless %s confirms, in person or by phone, that they made a new key",
		name, KeyFingerprint(e.Got), KeyFingerprint(e.Pinned), name)
}

// PinName is the key under which a sender's signing key is pinned: the name
// with case, surrounding and repeated space, and invisible characters folded,
// so "Ann  Lee " cannot pose as a new sender beside "ann lee".
func PinName(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(stripInvisible(name)), " "))
}

// KeyFingerprint is a short form of a base64 ed25519 public key to read
// aloud or compare: the first 8 bytes of its SHA-256, in groups of four hex digits.
func KeyFingerprint(pub string) string {
	raw, err := base64.StdEncoding.DecodeString(pub)
	if err != nil {
		raw = []byte(pub)
	}
	sum := sha256.Sum256(raw)
	h := hex.EncodeToString(sum[:8])
	return h[0:4] + " " + h[4:8] + " " + h[8:12] + " " + h[12:16]
}

// checkPin pins a first-seen sender or refuses a changed key. It reports
// whether this was the first extract from the sender.
func checkPin(pins PinStore, name, pub string) (first bool, err error) {
	key := PinName(name)
	pinned, ok, err := pins.Get(key)
	if err != nil {
		return false, fmt.Errorf("read pinned sender keys: %w", err)
	}
	if ok {
		if pinned != pub {
			return false, withKindExtract(&SenderKeyChangedError{Name: name, Pinned: pinned, Got: pub})
		}
		return false, nil
	}
	if err := pins.Put(key, pub); err != nil {
		return false, fmt.Errorf("pin sender key: %w", err)
	}
	return true, nil
}

// displayText makes untrusted text safe to print on one line (see
// internal/safetext), at most 80 characters.
func displayText(s string) string {
	s = safetext.Line(s)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}

// stripInvisible drops control and format characters.
func stripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}

// cleanName reports whether a party name has no control or format characters.
func cleanName(s string) bool { return stripInvisible(s) == s && len(s) <= 1024 }
