package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"strings"
)

// ContentHash is "sha256:" and the hash of a FHIR resource's content: its
// JSON with the keys sorted and without meta (a server re-exporting an
// unchanged resource gives it a new lastUpdated and versionId). A resource
// that is not a JSON object is hashed as written.
func ContentHash(raw []byte) string {
	return contentID(canonicalContent(raw))
}

// ContentKey is a fingerprint of what SameContent compares: two originals
// with the same key say the same thing (FHIR JSON without meta and key
// order, other text with runs of white space made one). An import keeps
// it instead of each entry's original, so that a record of tens of
// thousands of imported readings does not hold every original twice.
func ContentKey(original string) [32]byte {
	t := strings.TrimSpace(original)
	if strings.HasPrefix(t, "{") {
		return sha256.Sum256(append([]byte{'j'}, canonicalContent([]byte(t))...))
	}
	return sha256.Sum256([]byte("t" + strings.Join(strings.Fields(original), " ")))
}

// SameContent reports whether two originals (as Entry.Original holds them)
// say the same thing: FHIR JSON compared without meta and key order, XML
// and anything else compared with runs of white space made one.
func SameContent(a, b string) bool {
	if a == b {
		return true
	}
	ta, tb := strings.TrimSpace(a), strings.TrimSpace(b)
	if strings.HasPrefix(ta, "{") && strings.HasPrefix(tb, "{") {
		return bytes.Equal(canonicalContent([]byte(ta)), canonicalContent([]byte(tb)))
	}
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

// canonicalContent re-encodes a JSON object with sorted keys, numbers as
// written, and no top-level meta.
func canonicalContent(raw []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return compactJSON(raw)
	}
	delete(m, "meta")
	out, err := json.Marshal(m)
	if err != nil {
		return compactJSON(raw)
	}
	return out
}
