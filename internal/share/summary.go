package share

import (
	"maps"
	"slices"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// ShareRecord is what the shares history and the audit log keep of an
// extract: who it was for, how many entries of which categories, which
// sensitive kinds, when it was made and until when, and the file's SHA-256.
// It holds no entry contents.
type ShareRecord struct {
	ID         string                  `json:"id"`
	Carer      string                  `json:"to"`
	Recipient  string                  `json:"recipient"`
	Categories map[record.Category]int `json:"categories"`
	Sensitive  []record.Kind           `json:"sensitive_included"`
	Entries    int                     `json:"entries"`
	Created    time.Time               `json:"created"`
	Expires    time.Time               `json:"expires"`
	SHA256     string                  `json:"sha256"`
}

// Summary returns the ShareRecord of a sealed extract, given the SHA-256
// that Seal or SealPassphrase returned.
func Summary(x *Extract, sha string) ShareRecord {
	m := x.Manifest
	kinds := slices.Clone(m.SensitiveIncluded)
	if kinds == nil {
		kinds = []record.Kind{}
	}
	return ShareRecord{
		ID:         m.ID,
		Carer:      m.To.Name,
		Recipient:  m.To.Recipient,
		Categories: maps.Clone(m.Counts),
		Sensitive:  kinds,
		Entries:    m.Entries(),
		Created:    m.Created,
		Expires:    m.Expires,
		SHA256:     sha,
	}
}
