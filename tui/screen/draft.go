package screen

import (
	"encoding/json"
	"errors"
)

// MakeDraft is what a Drafter's Draft returns for the form named name
// holding the fields in v: its JSON, or ok false when it cannot be written.
func MakeDraft(name string, v any) (string, []byte, bool) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", nil, false
	}
	return name, b, true
}

// ReadDraft reads a draft made by MakeDraft back into v.
func ReadDraft(b []byte, v any) error {
	if len(b) == 0 {
		return errors.New("no draft")
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errors.New("unreadable draft")
	}
	return nil
}
