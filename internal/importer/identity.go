package importer

import (
	"bytes"
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
