package cli

import (
	"strings"
	"testing"
)

// FuzzReadEntriesJSON feeds arbitrary input to the phr add --json reader:
// it must never panic, and whatever it accepts has a category and a title
// field to validate.
func FuzzReadEntriesJSON(f *testing.F) {
	for _, s := range []string{
		`{"category":"allergy","title":"Penicillin"}`,
		`[{"category":"note","title":"a"},{"category":"note","title":"b"}]`,
		`[]`, ``, `{"category":"note","title":"x","colour":"red"}`, `{"tags":[1,2]}`, `[`, `{"date":"2024-13-99"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es, _, err := readEntriesJSON(strings.NewReader(s))
		if err == nil && len(es) == 0 {
			t.Fatalf("accepted %q with no entries", s)
		}
	})
}
