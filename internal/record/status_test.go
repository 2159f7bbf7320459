package record

import (
	"strings"
	"testing"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		c       Category
		in      string
		want    string
		errPart string
	}{
		{Medication, " Stopped ", "stopped", ""},
		{Condition, "resolved", "resolved", ""},
		{Appointment, "booked", "booked", ""},
		{Note, "", "", ""},
		{Medication, "actve", "", `unknown status "actve" for a medication: use one of active, completed`},
		{Condition, "stopped", "", "use one of active"},
		{Note, "active", "", "a note has no status"},
		{Allergy, "bogus", "", `unknown status "bogus" for an allergy: use one of active`},
		{Immunization, "bogus", "", `unknown status "bogus" for an immunization: use one of`},
		{"", "bogus", "", "a  has no status"},
	}
	for _, tt := range tests {
		got, err := ParseStatus(tt.c, tt.in)
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("ParseStatus(%s, %q) err = %v, want %q", tt.c, tt.in, err, tt.errPart)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseStatus(%s, %q) = %q, %v; want %q", tt.c, tt.in, got, err, tt.want)
		}
	}
	for _, c := range Categories() {
		for _, s := range c.Statuses() {
			if got, err := ParseStatus(c, s); err != nil || got != s {
				t.Errorf("%s: its own status %q is refused: %v", c, s, err)
			}
		}
	}
}

func TestStatusWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"final", "confirmed"},
		{"Final", "confirmed"},
		{"preliminary", "provisional"},
		{"not-taken", "not taken"},
		{"entered-in-error", "entered in error"},
		{"on-hold", "on hold"},
		{"noshow", "missed"},
		{"active", "active"},
		{"resolved", "resolved"},
		{"", ""},
		{" Some_Local-Code ", "some local code"},
	}
	for _, tt := range tests {
		if got := StatusWords(tt.in); got != tt.want {
			t.Errorf("StatusWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Every status a person may type has words that are not a code.
	for _, c := range Categories() {
		for _, s := range c.Statuses() {
			if w := StatusWords(s); w == "" || strings.Contains(w, "-") {
				t.Errorf("StatusWords(%q) = %q", s, w)
			}
		}
	}
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 entries"}, {1, "1 entry"}, {2, "2 entries"}, {1000, "1000 entries"}} {
		if got := Count(tt.n, "entry", "entries"); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
