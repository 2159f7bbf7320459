package importer

import (
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
)

// suggest returns the sensitive kinds for an imported entry.
func suggest(e *record.Entry) []record.Kind { return sensitive.Suggest(e) }
