package share

import "github.com/phrhealth/phr/internal/record"

// effectiveKinds is the entry's effective sensitive kinds: its own, plus those
// inferred from codes and words unless the person reviewed them.
func effectiveKinds(e *record.Entry) []record.Kind {
	return record.NormalizeKinds(e.Sensitive) // wired to sensitive.Effective once it exists
}

// kindReasons says why each effective kind applies.
func kindReasons(e *record.Entry) map[record.Kind]string {
	m := map[record.Kind]string{}
	for _, k := range effectiveKinds(e) {
		m[k] = "marked " + k.Describe()
	}
	return m
}
