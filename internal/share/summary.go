package share

import (
	"maps"
	"slices"

	"github.com/phrhealth/phr/internal/record"
)

// Summary returns what the shares history and the audit log keep of a
// sealed extract, given the SHA-256 that Seal or SealPassphrase returned;
// the caller fills File.
func Summary(x *Extract, sha string) record.Share {
	m := x.Manifest
	kinds := slices.Clone(m.SensitiveIncluded)
	if kinds == nil {
		kinds = []record.Kind{}
	}
	return record.Share{
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
