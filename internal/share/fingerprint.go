package share

import (
	"crypto/sha256"
	"strings"
	"unicode"

	"github.com/phrhealth/phr/internal/errs"
)

// fingerprintAlphabet has 32 characters that cannot be mistaken for one
// another when read aloud or by eye: no 0/O, no 1/I.
const fingerprintAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// RecipientFingerprint is a short form of a carer's recipient to read aloud
// over the phone or compare by eye: 12 characters (60 bits of the SHA-256 of
// the recipient's canonical text) in three groups, such as "K7QM-2XHD-9RTB".
// A recipient key is about 1,960 characters; both ends compute this from the
// whole key, so matching fingerprints mean the same key. The error is
// ParseRecipient's for text that is not a recipient.
func RecipientFingerprint(recipient string) (string, error) {
	r, err := ParseRecipient(recipient)
	if err != nil {
		return "", err
	}
	s, err := recipientString(r)
	if err != nil {
		return "", withKind(errs.Usage, err)
	}
	return fingerprintOf([]byte("phr-recipient:" + s)), nil
}

// fingerprintOf encodes the first 60 bits of data's SHA-256.
func fingerprintOf(data []byte) string {
	sum := sha256.Sum256(data)
	var bits uint64
	for _, b := range sum[:8] {
		bits = bits<<8 | uint64(b)
	}
	var b strings.Builder
	for i := range 12 {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(fingerprintAlphabet[bits>>(64-5*(i+1))&31])
	}
	return b.String()
}

// RecipientFromText reads a carer's recipient from pasted text or a file's
// content: comment lines (#) and blank lines are skipped, and the rest is
// joined without spaces, since a long key pasted from a narrow terminal or
// an email often arrives broken over several lines. It returns the
// recipient's canonical text, or ParseRecipient's error (a secret key is
// refused without being echoed).
func RecipientFromText(text string) (string, error) {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		b.WriteString(strings.Join(strings.Fields(line), ""))
	}
	r, err := ParseRecipient(b.String())
	if err != nil {
		return "", err
	}
	s, err := recipientString(r)
	if err != nil {
		return "", withKind(errs.Usage, err)
	}
	return s, nil
}

// fingerprintGroups are the words for a fingerprint's groups, in order.
var fingerprintGroups = [3]string{"first", "second", "third"}

// CheckFingerprint compares the fingerprint a person typed (what the carer
// read to them over the phone) with want, a recipient's fingerprint. Case,
// spaces and dashes do not matter. It returns nil when the two match; a
// Usage error when the typed text cannot be a fingerprint (a character
// outside the alphabet, a wrong length), saying what to type; and a Policy
// error naming the groups that differ when it is another fingerprint,
// which means another key.
func CheckFingerprint(want, typed string) error {
	var t []byte
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == '-' || unicode.IsSpace(r):
			continue
		case r >= 0x80 || !strings.ContainsRune(fingerprintAlphabet, r):
			return errs.New(errs.Usage, "%q is not in a fingerprint: it holds only the digits 2 to 9 and the letters A to Z without I and O; ask them to read that group again", string(r))
		}
		t = append(t, byte(r))
	}
	if len(t) != 12 {
		return errs.New(errs.Usage, "a fingerprint has 12 characters, three groups of four such as K7QM-2XHD-9RTB; you typed %d", len(t))
	}
	w := strings.ReplaceAll(want, "-", "")
	var differ []string
	for g := range 3 {
		if string(t[4*g:4*g+4]) != w[4*g:min(len(w), 4*g+4)] {
			differ = append(differ, fingerprintGroups[g])
		}
	}
	switch len(differ) {
	case 0:
		return nil
	case 1:
		return errs.New(errs.Policy, "%s is not this key's fingerprint: the %s group differs", groupFingerprint(t), differ[0])
	case 2:
		return errs.New(errs.Policy, "%s is not this key's fingerprint: the %s and %s groups differ", groupFingerprint(t), differ[0], differ[1])
	}
	return errs.New(errs.Policy, "%s is not this key's fingerprint: no group matches", groupFingerprint(t))
}

// groupFingerprint writes 12 fingerprint characters in their three groups.
func groupFingerprint(b []byte) string {
	return string(b[:4]) + "-" + string(b[4:8]) + "-" + string(b[8:])
}
