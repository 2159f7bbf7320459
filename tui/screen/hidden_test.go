package screen

import (
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestHiddenUsesEffectiveKinds: privacy mode hides what the gate would
// stop, even an entry stored before phr's tables knew its words.
func TestHiddenUsesEffectiveKinds(t *testing.T) {
	env := Env{Privacy: true, Revealed: map[string]bool{}}
	cases := []struct {
		e    record.Entry
		want bool
	}{
		{record.Entry{ID: "a", Title: "Sertraline 100 mg"}, true},
		{record.Entry{ID: "b", Title: "Lab", Labels: []record.Code{{System: "2.16.840.1.113883.5.4", Code: "HIV"}}}, true},
		{record.Entry{ID: "c", Title: "Note", Sensitive: []record.Kind{record.Private}}, true},
		{record.Entry{ID: "d", Title: "Amlodipine 5 mg"}, false},
		{record.Entry{ID: "e", Title: "Sertraline 100 mg", SensitiveReviewed: true}, false},
	}
	for _, c := range cases {
		if got := env.Hidden(c.e); got != c.want {
			t.Errorf("%q: hidden %v, want %v", c.e.Title, got, c.want)
		}
	}
	env.Revealed["a"] = true
	if env.Hidden(cases[0].e) {
		t.Error("a revealed entry stays hidden")
	}
	env.Privacy = false
	if env.Hidden(cases[1].e) {
		t.Error("hidden with privacy mode off")
	}
}
