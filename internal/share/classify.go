package share

import (
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
)

// effectiveKinds is the entry's effective sensitive kinds: its own, plus those
// inferred from its codes and words unless the person reviewed them.
func effectiveKinds(e *record.Entry) []record.Kind {
	return sensitive.Effective(e)
}

// KindReasons says why each effective kind applies: the inference (table,
// code, word or label, and where) when the entry's codes, words or labels
// suggest it, else "marked by you" for the entry's own kinds.
func KindReasons(e *record.Entry) map[record.Kind]string {
	out := sensitive.Reasons(e)
	if out == nil {
		out = map[record.Kind]string{}
	}
	for _, k := range record.NormalizeKinds(e.Sensitive) {
		if out[k] == "" {
			out[k] = "marked by you"
		}
	}
	for _, k := range effectiveKinds(e) {
		if out[k] == "" {
			out[k] = k.Describe()
		}
	}
	return out
}
