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
