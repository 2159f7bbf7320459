package share

import (
	"fmt"
	"io"
	"time"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// This file gives phr archive its FHIR forms, with the sensitive kinds as
// security labels as an extract has them, and its passphrase encryption.

// storedKinds is an entry's sensitive kinds as the record keeps them. For an
// entry read from the record they are its effective kinds: they are inferred
// when it is added, edited or imported, and brought up to newer tables when
// the record is opened (app's refreshKinds), so the archive labels 110,000
// entries without inferring them again. An extract's gate still infers
// (effectiveKinds): what leaves for someone else is checked afresh.
func storedKinds(e *record.Entry) []record.Kind { return e.Sensitive }

// WriteNDJSON is fhir.WriteNDJSON with every entry's stored sensitive kinds
// as security labels.
func WriteNDJSON(w io.Writer, p fhir.NDJSONParams) (map[string]int, error) {
	p.Kinds = storedKinds
	return fhir.WriteNDJSON(w, p)
}

// IPSDocument is every entry as one IPS document Bundle (compact: jq
// indents it), labelled with the entries' stored kinds: every category
// counts as covered, so an empty required section says the record holds
// none.
func IPSDocument(p record.Profile, entries []record.Entry, created time.Time) ([]byte, error) {
	id, err := fhir.NewUUID()
	if err != nil {
		return nil, err
	}
	b, err := fhir.BuildIPS(fhir.IPSParams{ID: id, Created: created, Profile: p, Entries: entries, Kinds: storedKinds,
		Covered: record.Categories()})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// EncryptPassphrase returns a writer that encrypts to a passphrase with
// age's scrypt recipient at work factor 2^scryptLog2: the age command opens
// it (it accepts up to 2^22; phr uses at most 2^20, as for extracts). The
// caller checks the passphrase policy first and closes the writer.
func EncryptPassphrase(w io.Writer, pass []byte, scryptLog2 int) (io.WriteCloser, error) {
	if len(pass) == 0 {
		return nil, errs.New(errs.Usage, "the passphrase is empty")
	}
	if scryptLog2 < 10 || scryptLog2 > MaxScryptLog2 {
		return nil, fmt.Errorf("encrypt: scrypt work factor 2^%d is outside 2^10..2^%d", scryptLog2, MaxScryptLog2)
	}
	r, err := age.NewScryptRecipient(string(pass))
	if err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	r.SetWorkFactor(scryptLog2)
	return age.Encrypt(w, r)
}
