package when

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{"90s", 90 * time.Second, false},
		{"36h", 36 * time.Hour, false},
		{"7d", 7 * 24 * time.Hour, false},
		{"2w", 14 * 24 * time.Hour, false},
		{"1w2d12h", 9*24*time.Hour + 12*time.Hour, false},
		{"1.5d", 36 * time.Hour, false},
		{"5m", 5 * time.Minute, false},
		{"", 0, true},
		{"7", 0, true},
		{"d", 0, true},
		{"7x", 0, true},
		{"-7d", 0, true},
		{"999999999999d", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseDuration(%q) = %v, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseBound(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 4, 5, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"2024-03-01", "2024-03-01"},
		{"2024-03-01T09:30:00+01:00", "2024-03-01T08:30:00Z"},
		{"7d", "2026-11-30"},
		{" 2w ", "2026-11-23"},
		{"0d", "2026-12-07"},
		{"36h", "2026-12-06T03:04:05Z"},
		{"1d12h", "2026-12-06T03:04:05Z"},
		{"3 days ago", "2026-12-04"},
		{"yesterday", "2026-12-06"},
		{"1 March 2024", "2024-03-01"},
	}
	for _, tt := range tests {
		at, got, err := ParseBound(tt.in, now)
		if err != nil || got != tt.want {
			t.Errorf("ParseBound(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		if back, _, err := ParseDate(got); err != nil || !back.Equal(at) {
			t.Errorf("ParseBound(%q): instant %v does not match its text %q", tt.in, at, got)
		}
	}
	for _, bad := range []string{"", "-7d", "7", "d", "last week", "2024-13-01", "March 2024"} {
		if _, _, err := ParseBound(bad, now); err == nil || !strings.Contains(err.Error(), "7d") {
			t.Errorf("ParseBound(%q): want an error that shows an example, got %v", bad, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-03-01", "2024-03-01"},
		{"2024-03-01T09:30:00+01:00", "2024-03-01T08:30:00Z"},
		{"2024-03-01T09:30:00.123Z", "2024-03-01T09:30:00Z"},
	}
	for _, tt := range tests {
		_, got, err := ParseDate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "2024-13-01", "01/03/2024", "yesterday"} {
		if _, _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q): want error", bad)
		}
	}
}

func TestParseExpiry(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		errPart string
	}{
		{"", now.Add(7 * 24 * time.Hour), ""},
		{"90s", now.Add(90 * time.Second), ""},
		{"2w", now.Add(14 * 24 * time.Hour), ""},
		{"365d", now.Add(365 * 24 * time.Hour), ""},
		{"366d", time.Time{}, "longer than 365 days"},
		{"0s", time.Time{}, "in the future"},
		{"1us", time.Time{}, "less than a second away"},
		{"999ms", time.Time{}, "less than a second away"},
		{"1500ms", now.Add(time.Second), ""},
		{"2026-12-01", time.Date(2026, 12, 1, 23, 59, 59, 0, time.UTC), ""},
		{"2026-11-01", time.Time{}, "in the past"},
		{"2028-01-01", time.Time{}, "more than 365 days"},
		{"soon", time.Time{}, "invalid expiry"},
	}
	for _, tt := range tests {
		got, err := ParseExpiry(tt.in, now)
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("ParseExpiry(%q) err = %v, want %q", tt.in, err, tt.errPart)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseExpiry(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90s", "36h", "7d", "2w", "1w2d12h", "1.5d", "-1h", "9999999999w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && d < 0 {
			t.Fatalf("ParseDuration(%q) = %v, negative", s, d)
		}
	})
}

func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"", "7d", "2026-12-01", "2026-12-01T10:00:00Z", "366d", "1us"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		at, err := ParseExpiry(s, now)
		if err == nil && (!at.After(now) || at.Sub(now) > MaxExpiry) {
			t.Fatalf("ParseExpiry(%q) = %v, out of range", s, at)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-03-01", "2024-03-01T09:30:00+01:00", "x", "7d", "36h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, c, err := ParseDate(s)
		if err == nil {
			if _, c2, err2 := ParseDate(c); err2 != nil || c2 != c {
				t.Fatalf("canonical %q of %q does not round-trip: %q %v", c, s, c2, err2)
			}
		}
		// ParseBound reads the same texts, and times ago, into the same form.
		now := time.Date(2026, 12, 7, 15, 4, 5, 0, time.UTC)
		at, c, err := ParseBound(s, now)
		if err == nil {
			if back, _, err2 := ParseDate(c); err2 != nil || !back.Equal(at) {
				t.Fatalf("ParseBound(%q) = %v, %q: the text does not read back (%v)", s, at, c, err2)
			}
		}
	})
}
