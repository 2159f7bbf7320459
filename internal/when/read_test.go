package when

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestReadDate(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 4, 5, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"", ""},
		{"2024-03-01", "2024-03-01"},
		{" 2024-03-01T09:30:00+01:00 ", "2024-03-01T08:30:00Z"},
		{"2024-03", "2024-03"},
		{"2024", "2024"},
		{"1 March 2024", "2024-03-01"},
		{"1st Mar 2024", "2024-03-01"},
		{"21st march, 2024", "2024-03-21"},
		{"March 1, 2024", "2024-03-01"},
		{"Sept 30 2024", "2024-09-30"},
		{"29 February 2024", "2024-02-29"},
		{"March 2024", "2024-03"},
		{"mar 2024", "2024-03"},
		{"03/2024", "2024-03"},
		{"3/2024", "2024-03"},
		{"12.2024", "2024-12"},
		{"2024/03/01", "2024-03-01"},
		{"7d", "2026-11-30"},
		{"2w", "2026-11-23"},
		{"0d", "2026-12-07"},
		{"2024.3.1", "2024-03-01"},
		{"25/12/2024", "2024-12-25"},
		{"12/25/2024", "2024-12-25"},
		{"01/01/2024", "2024-01-01"},
		{"25.12.2024", "2024-12-25"},
		{"today", "2026-12-07"},
		{"Yesterday", "2026-12-06"},
		{"tomorrow", "2026-12-08"},
		{"3 days ago", "2026-12-04"},
		{"a week ago", "2026-11-30"},
		{"2 weeks ago", "2026-11-23"},
		{"1 month ago", "2026-11-07"},
		{"1 year ago", "2025-12-07"},
	}
	for _, tt := range tests {
		got, err := ReadDate(tt.in, now)
		if err != nil || got != tt.want {
			t.Errorf("ReadDate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestReadDateRefuses: a date phr cannot read, or could read two ways, is
// refused with an example in the form the person used.
func TestReadDateRefuses(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 4, 5, 0, time.UTC)
	tests := []struct{ in, says string }{
		{"01/02/2024", "could be 1 February 2024 or 2 January 2024"},
		{"01/02/2024", "1 March 2024"},
		{"31 February 2024", "February 2024 has no day 31; write it as 1 March 2024"},
		{"February 31, 2024", "as March 1, 2024"},
		{"Smarch 2024", "as 2024-03-01, 1 March 2024, March 2024 or yesterday"},
		{"March", "the month in words and the year, as March 2024"},
		{"13/2024", "as 03/2024"},
		{"13.2024", "as 03.2024"},
		{"2024/02/30", "as 2024/03/01"},
		{"32/13/2024", "as 25/12/2024"},
		{"2024-02-30", "is not a date: write the year, month and day, as 2024-03-01"},
		{"1971-13", "write the year, month and day, as 2024-03-01"},
		{"3 fortnights ago", "3 days ago"},
		{"next tuesday", "as 2024-03-01, 1 March 2024, March 2024 or yesterday"},
		{"Smarch 1 2024", "as 2024-03-01, 1 March 2024"},
		{"March 1 2024 at noon", "as 1 March 2024 or March 2024"},
		{"20240301", "2024-03-01"},
	}
	for _, tt := range tests {
		got, err := ReadDate(tt.in, now)
		if err == nil {
			t.Errorf("ReadDate(%q) = %q, want an error", tt.in, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), tt.in) {
			t.Errorf("ReadDate(%q) error %q does not name the input and say %q", tt.in, err, tt.says)
		}
	}
}

// TestPartialDates: a month or a year is kept as written, read as its first
// instant, and refused where a whole day is needed (a range bound, an expiry).
func TestPartialDates(t *testing.T) {
	at, c, err := ParseDate("2024-03")
	if err != nil || c != "2024-03" || !at.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) || !Partial(c) {
		t.Fatalf("ParseDate(2024-03) = %v %q %v", at, c, err)
	}
	if _, c, err := ParseDate("2024"); err != nil || c != "2024" || !Partial(c) {
		t.Fatalf("ParseDate(2024) = %q %v", c, err)
	}
	if Partial("2024-03-01") || Partial("") {
		t.Fatal("a whole day or no date counted as partial")
	}
	now := time.Date(2026, 12, 7, 15, 4, 5, 0, time.UTC)
	if _, _, err := ParseBound("2024-03", now); err == nil {
		t.Fatal("a month was taken as a range bound")
	}
	if _, err := ParseExpiry("2027-01", now); err == nil {
		t.Fatal("a month was taken as an expiry")
	}
}

func FuzzReadDate(f *testing.F) {
	for _, s := range []string{"2024-03-01", "1 March 2024", "March 1, 2024", "03/2024", "01/02/2024", "yesterday",
		"3 days ago", "2024/03/01", "25.12.2024", "1st mar 2024", "2024-03", "2024"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 7, 15, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ReadDate(s, now)
		if err != nil {
			if !utf8.ValidString(s) {
				return
			}
			if !strings.Contains(err.Error(), "2024") && !strings.Contains(err.Error(), "3 days ago") {
				t.Fatalf("ReadDate(%q): the error gives no example: %v", s, err)
			}
			return
		}
		// What it returns is canonical: it reads back as itself.
		if c2, err := NormalizeDate(c); err != nil || c2 != c {
			t.Fatalf("ReadDate(%q) = %q, which does not read back (%q, %v)", s, c, c2, err)
		}
		if c == "" && strings.TrimSpace(s) != "" {
			t.Fatalf("ReadDate(%q) returned no date and no error", s)
		}
	})
}
