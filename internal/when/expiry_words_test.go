package when

import (
	"strings"
	"testing"
	"time"
)

// TestReadExpiry: the share wizard reads how long a file stays readable in
// words, refuses "1m" (a minute or a month?) and says the date at once.
func TestReadExpiry(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ in, want, err string }{
		{"2 weeks", "2026-12-06T10:00:00Z", ""},
		{"a week", "2026-11-29T10:00:00Z", ""},
		{"10 days", "2026-12-02T10:00:00Z", ""},
		{"1 month", "2026-12-22T10:00:00Z", ""},
		{"3 Months", "2027-02-22T10:00:00Z", ""},
		{"1 year", "2027-11-22T10:00:00Z", ""},
		{"7d", "2026-11-29T10:00:00Z", ""},
		{"2026-12-24", "2026-12-24T23:59:59Z", ""},
		{"1m", "", "minutes or months"},
		{"30m", "", "minutes or months"},
		{"2 years", "", "more than a year"},
		{"13 months", "", "more than a year"},
		{"0 days", "", "between 1 day"},
		{"soon", "", "invalid expiry"},
	} {
		at, err := ReadExpiry(tc.in, now)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ReadExpiry(%q) = %v, %v; want an error with %q", tc.in, at, err, tc.err)
			}
			continue
		}
		if err != nil || at.Format(time.RFC3339) != tc.want {
			t.Errorf("ReadExpiry(%q) = %v, %v; want %s", tc.in, at, err, tc.want)
		}
	}
	at, _ := ReadExpiry("2 weeks", now)
	if got := Until(at, now); got != "Sunday 6 December 2026 at 10:00 (14 days from now)" {
		t.Errorf("Until = %q", got)
	}
}
