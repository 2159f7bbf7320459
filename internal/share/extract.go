// Package share makes and opens extracts: the signed, encrypted, time-limited
// files in which a person shares a chosen part of their record with a carer.
//
// Start with Select and Gate (what leaves, and the sensitive gate), then Build
// (manifest, FHIR bundle, signature) and Seal or SealPassphrase (age
// encryption). The carer's side is Open, with a PinStore that remembers each
// sender's signing key. Keys: NewIdentity, ParseRecipient, ParseIdentity, QR
// and NewSigningKey. The package does no terminal or database work: callers
// load entries and carers and pass them in.
package share

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// Format and Version name the extract format in every manifest.
const (
	Format  = "phr-extract"
	Version = 1
)

// Party is the sender of an extract: a name and the base64 ed25519 public key
// that signed it.
type Party struct {
	Name      string `json:"name"`
	PublicKey string `json:"public_key"`
}

// ToParty is the person an extract is for: the carer's name and the age
// recipient it is encrypted to, or the name "passphrase" and PassphraseRecipient.
type ToParty struct {
	Name      string `json:"name"`
	Recipient string `json:"recipient"`
}

// Manifest describes an extract. It is signed together with the bundle.
type Manifest struct {
	Format            string                  `json:"format"`
	Version           int                     `json:"version"`
	ID                string                  `json:"id"`
	Created           time.Time               `json:"created"`
	Expires           time.Time               `json:"expires"`
	From              Party                   `json:"from"`
	To                ToParty                 `json:"to"`
	Counts            map[record.Category]int `json:"counts"`
	SensitiveIncluded []record.Kind           `json:"sensitive_included"`
}

// Entries returns the number of entries the manifest counts.
func (m *Manifest) Entries() int {
	n := 0
	for _, c := range m.Counts {
		n += c
	}
	return n
}

// Extract is a built, signed extract. Manifest is a decoded copy for reading;
// the signed bytes are kept inside, and Bundle holds the bundle's exact signed
// bytes, so changing either field does not change what is sealed.
type Extract struct {
	Manifest  Manifest
	Bundle    json.RawMessage
	Signature []byte

	manifestJSON []byte
}

// MarshalJSON writes {"manifest":...,"bundle":...,"signature":"base64"} with
// the manifest and bundle bytes exactly as signed.
func (x *Extract) MarshalJSON() ([]byte, error) {
	if len(x.manifestJSON) == 0 || len(x.Bundle) == 0 {
		return nil, fmt.Errorf("extract is not built: use Build")
	}
	var b bytes.Buffer
	b.WriteString(`{"manifest":`)
	b.Write(x.manifestJSON)
	b.WriteString(`,"bundle":`)
	b.Write(x.Bundle)
	b.WriteString(`,"signature":"`)
	b.WriteString(base64.StdEncoding.EncodeToString(x.Signature))
	b.WriteString(`"}`)
	return b.Bytes(), nil
}

// BuildParams is everything Build needs. Entries must already have passed
// Select and Gate; SensitiveIncluded must name every sensitive kind among
// them (FlaggedKinds of the gate's report), or Build refuses.
type BuildParams struct {
	Entries []record.Entry
	Profile record.Profile
	// From is the sender's name as the carer will see it.
	From       string
	SigningKey ed25519.PrivateKey
	To         ToParty
	// Created is now; Expires is when phr open stops accepting the extract
	// (at most when.MaxExpiry later). Both are stored in whole seconds, UTC.
	Created, Expires  time.Time
	SensitiveIncluded []record.Kind
	// Covered lists the categories shared whole (see fhir.IPSParams).
	Covered []record.Category
	// Files gives the bytes of the entries' attachments, which then travel
	// inside the extract; nil sends their titles only.
	Files func(record.Attachment) ([]byte, error)
}

// Build makes a signed extract of the given entries: a manifest, a FHIR R4
// Bundle shaped as an International Patient Summary, and an ed25519 signature
// over both. Nothing else of the record goes in: no local ids, paths, source
// names or original imported JSON.
func Build(p BuildParams) (*Extract, error) {
	if err := checkBuildParams(&p); err != nil {
		return nil, err
	}
	confirmed := record.NormalizeKinds(p.SensitiveIncluded)
	present := entryKinds(p.Entries)
	for _, k := range present {
		if !slices.Contains(confirmed, k) {
			return nil, errs.New(errs.Policy, "the selection holds %s entries that were not confirmed: add --include-sensitive to share them, or --exclude-sensitive to leave them out", k.Describe())
		}
	}
	id, err := fhir.NewUUID()
	if err != nil {
		return nil, err
	}
	m := Manifest{
		Format:            Format,
		Version:           Version,
		ID:                id,
		Created:           p.Created.UTC().Truncate(time.Second),
		Expires:           p.Expires.UTC().Truncate(time.Second),
		From:              Party{Name: p.From, PublicKey: base64.StdEncoding.EncodeToString(p.SigningKey.Public().(ed25519.PublicKey))},
		To:                p.To,
		Counts:            map[record.Category]int{},
		SensitiveIncluded: present,
	}
	for _, e := range p.Entries {
		m.Counts[e.Category]++
	}
	bj, err := fhir.BuildIPS(fhir.IPSParams{ID: id, Created: m.Created, Profile: p.Profile, Entries: p.Entries,
		Kinds: effectiveKinds, Covered: p.Covered, Files: p.Files, IDSpace: m.From.PublicKey})
	if err != nil {
		return nil, err
	}
	mj, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("write manifest: %w", err)
	}
	sig, err := sign(p.SigningKey, mj, bj)
	if err != nil {
		return nil, err
	}
	return &Extract{Manifest: m, Bundle: bj, Signature: sig, manifestJSON: mj}, nil
}

// checkBuildParams validates and normalizes the parameters in place.
func checkBuildParams(p *BuildParams) error {
	if len(p.Entries) == 0 {
		return errs.New(errs.Usage, "choose what to share: --category or --item")
	}
	seen := map[string]bool{}
	for _, e := range p.Entries {
		if seen[e.ID] {
			return errs.New(errs.Usage, "entry %q is chosen twice", e.ID)
		}
		seen[e.ID] = true
		if _, err := record.ParseCategory(string(e.Category)); err != nil {
			return withKind(errs.Usage, err)
		}
	}
	p.From = strings.TrimSpace(p.From)
	if p.From == "" {
		return errs.New(errs.Usage, "the extract needs a sender name: set your name with phr profile set --name")
	}
	if !cleanName(p.From) {
		return errs.New(errs.Usage, "your name in the profile holds control or invisible characters (from an import?): set it plainly with phr profile set --name")
	}
	if !cleanName(p.To.Name) {
		return errs.New(errs.Usage, "the carer's name holds control or invisible characters: remove the carer and add them again under a plain name")
	}
	if len(p.SigningKey) != ed25519.PrivateKeySize {
		return fmt.Errorf("build extract: no signing key")
	}
	p.To.Name = strings.TrimSpace(p.To.Name)
	if p.To.Name == "" {
		return errs.New(errs.Usage, "the extract needs a recipient name")
	}
	if p.To.Recipient != PassphraseRecipient {
		r, err := ParseRecipient(p.To.Recipient)
		if err != nil {
			return err
		}
		if p.To.Recipient, err = recipientString(r); err != nil {
			return withKind(errs.Usage, err)
		}
	}
	if p.Created.IsZero() {
		return fmt.Errorf("build extract: no creation time")
	}
	if !p.Expires.After(p.Created) {
		return errs.New(errs.Usage, "the expiry must be after now: choose a later date")
	}
	if p.Expires.Sub(p.Created) > maxValidity {
		return errs.New(errs.Usage, "an extract may stay valid for at most 365 days: choose an earlier expiry")
	}
	return nil
}

// maxValidity is the longest an extract may stay valid, on both sides: the
// sender refuses to make a longer one and the carer's phr refuses to open
// one (issue 16: an extract valid for 366 days was opened). The second is
// the truncation of the creation time to whole seconds.
const maxValidity = when.MaxExpiry + time.Second
