package share

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/safetext"
)

// PinStore remembers the signing key of each sender a carer has opened an
// extract from (trust on first use). The caller implements it in the carer's
// own storage; keys are PinName(sender name), values the base64 public key.
type PinStore interface {
	Get(name string) (pubkey string, ok bool, err error)
	Put(name, pubkey string) error
}

// SenderKeyChangedError is the refusal of an extract whose sender name (or
// a name that looks the same: see [PinName]) was pinned to another signing
// key: someone may be impersonating the sender, or the sender made a new
// key. Open returns it inside an errs.Extract error; callers find it with
// errors.As. OpenParams.AcceptNewKey is the deliberate override.
type SenderKeyChangedError struct {
	Name   string // the sender name the extract claims
	Pinned string // the key pinned from earlier extracts (base64)
	Got    string // the key that signed this one (base64)
}

func (e *SenderKeyChangedError) Error() string {
	name := displayText(e.Name)
	return fmt.Sprintf("WARNING: this extract claims to come from %q (or a name that looks the same) but is signed with a different key "+
		"(%s) from the one of their earlier extracts (%s): someone may be pretending to be them; "+
		"do not trust it unless %s confirms, in person or by phone, that they made a new key with the fingerprint %s; "+
		"then open it again with --accept-new-key",
		name, KeyFingerprint(e.Got), KeyFingerprint(e.Pinned), name, KeyFingerprint(e.Got))
}

// PinName is the key under which a sender's signing key is pinned: the
// name's confusable skeleton (Unicode TS #39), so that a name that only
// looks like a pinned one cannot pose as a new sender. The name is put in
// NFKC (fullwidth letters become plain ones), default-ignorable characters
// are dropped, case is folded, it is mapped to its skeleton, every
// combining mark is dropped (a barely visible accent makes no new sender)
// and i folds with l (a capital I looks like a small l), then spaces are
// folded. The last two are stricter than TS #39: a name they fold
// wrongly together with a pinned one only costs a warning.
func PinName(name string) string {
	s := norm.NFKC.String(name)
	s = strings.Map(func(r rune) rune {
		if safetext.Unsafe(r) {
			return -1
		}
		return r
	}, s)
	s = strings.ToLower(confusables.Skeleton(strings.ToLower(s)))
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || safetext.Unsafe(r):
			return -1
		case r == 'i':
			// A capital I looks like a small l; once case is folded, an i
			// may have been either, so i and l fold together.
			return 'l'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// legacyPinName is the key earlier versions of phr pinned under (case,
// space and invisible characters folded), still looked up so that a
// carer's remembered senders stay remembered.
func legacyPinName(name string) string {
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

// pinResult is what checkPin decided.
type pinResult struct {
	first    bool   // the sender was not known: their key is now pinned
	replaced string // with accept: the key that was pinned before (base64)
}

// checkPin pins a first-seen sender or refuses a changed key; with accept,
// a changed key replaces the pinned one (the carer confirmed it).
func checkPin(pins PinStore, name, pub string, accept bool) (pinResult, error) {
	key := PinName(name)
	pinned, ok, err := pins.Get(key)
	if err != nil {
		return pinResult{}, fmt.Errorf("read pinned sender keys: %w", err)
	}
	if !ok {
		// Pinned by an earlier phr under the old key: carried over.
		if pinned, ok, err = pins.Get(legacyPinName(name)); err != nil {
			return pinResult{}, fmt.Errorf("read pinned sender keys: %w", err)
		}
		if ok && pinned == pub {
			if err := pins.Put(key, pub); err != nil {
				return pinResult{}, fmt.Errorf("pin sender key: %w", err)
			}
		}
	}
	if ok {
		if pinned == pub {
			return pinResult{}, nil
		}
		if !accept {
			return pinResult{}, withKindExtract(&SenderKeyChangedError{Name: name, Pinned: pinned, Got: pub})
		}
		if err := pins.Put(key, pub); err != nil {
			return pinResult{}, fmt.Errorf("pin sender key: %w", err)
		}
		return pinResult{replaced: pinned}, nil
	}
	if err := pins.Put(key, pub); err != nil {
		return pinResult{}, fmt.Errorf("pin sender key: %w", err)
	}
	return pinResult{first: true}, nil
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

// CheckName refuses a party name (a carer's) that an extract could not
// carry: control or format characters, or over 1,024 bytes. Checked when
// the name is given, so a share never fails later for it.
func CheckName(name string) error {
	if !cleanName(name) {
		return errs.New(errs.Usage, "%q: a name may not hold control or invisible characters, nor pass 1,024 bytes: type it plainly", name)
	}
	return nil
}
