package share

import (
	"bufio"
	"bytes"

	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// Limits applied to every extract that is opened.
const (
	// MaxScryptLog2 caps a passphrase extract's scrypt work factor (2^20 needs
	// 1 GiB; 2^22 would need 4 GiB): a crafted file must not exhaust the machine.
	MaxScryptLog2 = 20
	// MaxExtractSize caps the decrypted JSON.
	MaxExtractSize = 256 << 20
	// ClockSkew is how far in the future an extract's creation time may lie.
	ClockSkew = 5 * time.Minute
)

// OpenParams says how to open an extract: with the carer's identities or with
// a passphrase (exactly one of the two), at time Now, pinning senders in Pins.
type OpenParams struct {
	Identities []age.Identity
	Passphrase []byte
	Now        time.Time
	Pins       PinStore
	// AcceptNewKey replaces a sender's pinned key with the one that signed
	// this extract, after the carer confirmed it with the sender.
	AcceptNewKey bool

	// scryptCap lowers MaxScryptLog2 in tests (zero: MaxScryptLog2).
	scryptCap int
}

// Opened is a verified, unexpired extract. Its text (names, titles, notes)
// comes from the sender and must be displayed as untrusted text.
type Opened struct {
	Manifest Manifest
	// Entries are mapped back from the bundle; ids are the bundle's resource ids.
	Entries []record.Entry
	// Withheld lists the required summary sections (allergies, medicines,
	// problems) the sender chose not to share, as opposed to ones their
	// record holds nothing for.
	Withheld []record.Category
	// Files holds the bytes of attachments that travelled in the extract,
	// by the ID of their record.Attachment in Entries.
	Files map[string][]byte
	// Bundle is the FHIR bundle exactly as signed.
	Bundle json.RawMessage
	// FirstFromSender is set when this sender's key was pinned by this open.
	FirstFromSender bool
	// ReplacedKey is, when AcceptNewKey replaced a pinned key, the key
	// (base64) that was pinned before.
	ReplacedKey string
}

// Open decrypts, verifies and reads an extract (armored or binary). It reads
// the whole payload before using a byte, checks the format, the signature
// over manifest and bundle, that the manifest names the key (or passphrase)
// that decrypted it, the dates (not expired, not created more than ClockSkew
// in the future), then pins the sender's signing key on first open and
// refuses a changed one (*SenderKeyChangedError). Every refusal is an
// errs.Extract error with a plain one-line message. Nothing is written to disk.
func Open(r io.Reader, o OpenParams) (*Opened, error) {
	if (len(o.Identities) == 0) == (len(o.Passphrase) == 0) {
		return nil, errs.New(errs.Usage, "open an extract with either your key (--identity) or a passphrase (--share-passphrase-file)")
	}
	if o.Now.IsZero() || o.Pins == nil {
		return nil, errors.New("open extract: no clock or pin store")
	}
	ids, used, err := openIdentities(o)
	if err != nil {
		return nil, err
	}
	data, err := decrypt(r, ids, len(o.Passphrase) > 0)
	if err != nil {
		return nil, err
	}
	defer clear(data)

	var outer struct {
		Manifest  json.RawMessage `json:"manifest"`
		Bundle    json.RawMessage `json:"bundle"`
		Signature string          `json:"signature"`
	}
	if err := json.Unmarshal(data, &outer); err != nil || len(outer.Manifest) == 0 || len(outer.Bundle) == 0 {
		return nil, refuse("this file is not a phr extract", err)
	}
	var m Manifest
	if err := json.Unmarshal(outer.Manifest, &m); err != nil || m.Format != Format {
		return nil, refuse("this file is not a phr extract", err)
	}
	if m.Version != Version {
		return nil, refuse(fmt.Sprintf("this extract uses format version %d, which this phr cannot read: update phr", m.Version), nil)
	}
	if !cleanName(m.From.Name) || !cleanName(m.To.Name) || m.From.Name == "" {
		return nil, refuse("this extract is damaged: its names are unreadable", nil)
	}
	from := displayText(m.From.Name)
	pub, perr := base64.StdEncoding.DecodeString(m.From.PublicKey)
	sig, serr := base64.StdEncoding.DecodeString(outer.Signature)
	if perr != nil || serr != nil || !verify(ed25519.PublicKey(pub), outer.Manifest, outer.Bundle, sig) {
		return nil, refuse(fmt.Sprintf("this extract was changed after it was signed: do not use it; ask %s to send it again", from), nil)
	}
	if m.To.Recipient != *used {
		return nil, refuse(fmt.Sprintf("this extract is not for this key: it was made for %q and passed on to you; ask %s to send you your own",
			displayText(m.To.Name), from), nil)
	}
	if m.Created.IsZero() || !m.Expires.After(m.Created) {
		return nil, refuse("this extract is damaged: its dates are unreadable", nil)
	}
	if m.Expires.Sub(m.Created) > maxValidity {
		return nil, refuse("this extract claims to stay valid for more than 365 days, which phr never allows: do not use it", nil)
	}
	if m.Created.After(o.Now.Add(ClockSkew)) {
		return nil, refuse(fmt.Sprintf("this extract says it was made on %s, which is in the future: check this computer's clock, or ask %s to send a new one",
			humanTime(m.Created), from), nil)
	}
	if !o.Now.Before(m.Expires) {
		return nil, refuse(fmt.Sprintf("this extract expired on %s; ask %s to send a new one", humanTime(m.Expires), from), nil)
	}
	ips, err := fhir.ReadIPS(outer.Bundle)
	if err != nil {
		return nil, refuse("this extract's contents are unreadable", err)
	}
	entries := ips.Entries
	if err := matchManifest(&m, entries); err != nil {
		return nil, err
	}
	for i := range entries {
		entries[i].Source = "extract"
		// When the sender last changed the entry (meta.lastUpdated);
		// the extract's time for an extract without it.
		if entries[i].Created.IsZero() {
			entries[i].Created, entries[i].Updated = m.Created, m.Created
		}
	}
	pin, err := checkPin(o.Pins, m.From.Name, m.From.PublicKey, o.AcceptNewKey)
	if err != nil {
		return nil, err
	}
	return &Opened{Manifest: m, Entries: entries, Withheld: ips.Withheld, Files: ips.Files,
		Bundle: slices.Clone(outer.Bundle), FirstFromSender: pin.first, ReplacedKey: pin.replaced}, nil
}

// openIdentities wraps the caller's identities so Open learns which recipient
// decrypted the file; used points at that recipient's text once decrypted.
func openIdentities(o OpenParams) ([]age.Identity, *string, error) {
	used := new(string)
	if len(o.Passphrase) > 0 {
		si, err := age.NewScryptIdentity(string(o.Passphrase))
		if err != nil {
			return nil, nil, errs.New(errs.Usage, "the passphrase is empty")
		}
		limit := MaxScryptLog2
		if o.scryptCap > 0 && o.scryptCap < limit {
			limit = o.scryptCap
		}
		si.SetMaxWorkFactor(limit)
		return []age.Identity{&tracked{id: scryptGuard{id: si, limit: limit}, recipient: PassphraseRecipient, used: used}}, used, nil
	}
	ids := make([]age.Identity, 0, len(o.Identities))
	for _, id := range o.Identities {
		rcpt, err := IdentityRecipient(id)
		if err != nil {
			return nil, nil, err
		}
		ids = append(ids, &tracked{id: id, recipient: rcpt, used: used})
	}
	return ids, used, nil
}

// tracked is an identity that records its recipient when it unwraps the file key.
type tracked struct {
	id        age.Identity
	recipient string
	used      *string
}

// Unwrap implements age.Identity.
func (t *tracked) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	key, err := t.id.Unwrap(stanzas)
	if err == nil {
		*t.used = t.recipient
	}
	return key, err
}

// scryptGuard refuses a work factor above MaxScryptLog2 before scrypt runs.
// (age's own SetMaxWorkFactor does the same; this gives a typed error.)
type scryptGuard struct {
	id    *age.ScryptIdentity
	limit int
}

// Unwrap implements age.Identity.
func (g scryptGuard) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		if s.Type == "scrypt" && len(s.Args) == 2 {
			if n, err := strconv.Atoi(s.Args[1]); err != nil || n > g.limit {
				return nil, &workFactorError{arg: s.Args[1]}
			}
		}
	}
	return g.id.Unwrap(stanzas)
}

// workFactorError is a passphrase extract asking for too much scrypt work.
type workFactorError struct{ arg string }

func (e *workFactorError) Error() string {
	return fmt.Sprintf("scrypt work factor %.8q above the limit 2^%d", e.arg, MaxScryptLog2)
}

// armorHeader begins an ASCII-armored age file.
const armorHeader = "-----BEGIN AGE ENCRYPTED FILE-----"

// decrypt decrypts the age file and reads all of it, so a damaged or altered
// payload fails here rather than after some of it was used.
func decrypt(r io.Reader, ids []age.Identity, passphrase bool) ([]byte, error) {
	br := bufio.NewReader(r)
	var src io.Reader = br
	if head, _ := br.Peek(len(armorHeader)); string(head) == armorHeader {
		src = armor.NewReader(br)
	}
	dec, err := age.Decrypt(src, ids...)
	if err != nil {
		return nil, decryptError(err, passphrase)
	}
	data, err := io.ReadAll(io.LimitReader(dec, MaxExtractSize+1))
	if err != nil {
		clear(data)
		return nil, refuse("this extract is damaged: it was changed or cut short after it was made", err)
	}
	if len(data) > MaxExtractSize {
		clear(data)
		return nil, refuse("this file is too large to be a phr extract", nil)
	}
	return data, nil
}

// decryptError turns age's refusal into a plain one.
func decryptError(err error, passphrase bool) error {
	var wf *workFactorError
	if errors.As(err, &wf) {
		return refuse(fmt.Sprintf("this extract asks for more passphrase work than phr allows (at most 2^%d): ask the sender to export it again", MaxScryptLog2), err)
	}
	var nm *age.NoIdentityMatchError
	if errors.As(err, &nm) {
		scryptFile := slices.Contains(nm.StanzaTypes, "scrypt")
		switch {
		case passphrase && !scryptFile:
			return refuse("this extract is for a key, not a passphrase: open it with --identity", err)
		case passphrase:
			return refuse("the passphrase does not open this extract: check it with the sender", err)
		case scryptFile:
			return refuse("this extract is protected by a passphrase: open it with --share-passphrase-file", err)
		}
		return refuse("this extract is not for this key: it was encrypted to someone else", err)
	}
	return refuse("this file is not a phr extract", err)
}

// matchManifest checks the bundle holds what the manifest counts and no
// sensitive kind the manifest does not declare.
func matchManifest(m *Manifest, entries []record.Entry) error {
	counts := map[record.Category]int{}
	for _, e := range entries {
		counts[e.Category]++
		for _, k := range e.Sensitive {
			if !slices.Contains(m.SensitiveIncluded, k) {
				return refuse("this extract is damaged: its contents do not match its manifest", nil)
			}
		}
	}
	if len(counts) != len(m.Counts) {
		return refuse("this extract is damaged: its contents do not match its manifest", nil)
	}
	for c, n := range counts {
		if m.Counts[c] != n {
			return refuse("this extract is damaged: its contents do not match its manifest", nil)
		}
	}
	return nil
}

// humanTime formats an instant for messages: "2026-11-29 14:00 UTC".
func humanTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// NeedsPassphrase reports whether the extract read from r is protected by a
// passphrase rather than a key, from its age header alone (nothing is
// decrypted), so a carer at a terminal can be asked for the passphrase.
// Text that is not an age file gives false; Open then says what is wrong.
func NeedsPassphrase(r io.Reader) bool {
	br := bufio.NewReader(io.LimitReader(r, 64<<10))
	var src io.Reader = br
	if head, _ := br.Peek(len(armorHeader)); string(head) == armorHeader {
		src = armor.NewReader(br)
	}
	h, err := age.ExtractHeader(src)
	return err == nil && bytes.Contains(h, []byte("\n-> scrypt "))
}

// WithheldText says which required summary sections the sender did not
// share ("Not shared with you: Medications, Problems. ..."), or "" for none.
func WithheldText(withheld []record.Category) string {
	if len(withheld) == 0 {
		return ""
	}
	names := make([]string, len(withheld))
	for i, c := range withheld {
		names[i] = c.Label()
	}
	return "Not shared with you: " + strings.Join(names, ", ") + " (left out by the sender, which does not mean there are none)."
}
