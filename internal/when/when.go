// Package when parses the dates and durations people type on the command
// line and in the interface: dates as YYYY-MM-DD or RFC 3339 (and as people
// write them, ReadDate), durations as Go durations with days and weeks added
// ("90s", "36h", "7d", "2w", "1d12h").
package when

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateLayout is the layout of a date without a time.
const DateLayout = "2006-01-02"

// MonthLayout is the layout of a month without a day (a partial date).
const MonthLayout = "2006-01"

// Partial reports whether a canonical date names only a month or a year.
func Partial(canon string) bool { return canon != "" && len(canon) < len(DateLayout) }

// ParseDate reads "YYYY-MM-DD", a month "YYYY-MM", a year "YYYY" or an RFC
// 3339 time. It returns the instant (midnight UTC for a plain date, the
// first day of a month or year) and the canonical text: the date as typed
// for a plain date, month or year, or the time in UTC as RFC 3339. A month
// or a year says no more than is known (FHIR's partial dates): "March 2024"
// is not 1 March.
func ParseDate(s string) (time.Time, string, error) {
	s = strings.TrimSpace(s)
	// A date, month or year is at most ten characters and an RFC 3339 time
	// at least twenty: a time (every reading has one) skips the three
	// layouts that cannot match it, whose failures cost an error each.
	if len(s) <= len(DateLayout) {
		if t, err := time.Parse(DateLayout, s); err == nil {
			return t, t.Format(DateLayout), nil
		}
		if t, err := time.Parse(MonthLayout, s); err == nil && len(s) == len(MonthLayout) {
			return t, t.Format(MonthLayout), nil
		}
		if t, err := time.Parse("2006", s); err == nil && len(s) == 4 && t.Year() > 0 {
			return t, t.Format("2006"), nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		u := t.UTC()
		return u, u.Format(time.RFC3339), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		u := t.UTC()
		return u, u.Format(time.RFC3339), nil
	}
	return time.Time{}, "", fmt.Errorf("invalid date %q: use YYYY-MM-DD or RFC 3339 (2024-03-01T09:30:00Z)", s)
}

// ParseBound reads one end of a date range: a date as ParseDate reads it, a
// time ago counted back from now ("7d", "2w", "36h"), or a whole day as
// ReadDate reads it ("1 March 2024", "yesterday", "3 days ago"). A time ago in whole
// days is that calendar day (UTC), so "--since 7d" includes the whole of the
// day a week ago; any other is the instant, to the second.
func ParseBound(s string, now time.Time) (time.Time, string, error) {
	s = strings.TrimSpace(s)
	if t, c, err := ParseDate(s); err == nil && !Partial(c) {
		return t, c, nil
	}
	d, err := ParseDuration(s)
	if err != nil {
		// A day as --date takes it: "1 March 2024", "yesterday", "3 days ago".
		if c, rerr := ReadDate(s, now.UTC()); rerr == nil && c != "" && !Partial(c) {
			if t, _, perr := ParseDate(c); perr == nil {
				return t, c, nil
			}
		}
		return time.Time{}, "", fmt.Errorf("invalid date %q: use YYYY-MM-DD, 1 March 2024, yesterday, RFC 3339 (2024-03-01T09:30:00Z) or a time ago such as 7d, 2w, 36h or 3 days ago", s)
	}
	at := now.UTC().Add(-d)
	if d%(24*time.Hour) == 0 {
		day := at.Format(DateLayout)
		t, _ := time.Parse(DateLayout, day)
		return t, day, nil
	}
	at = at.Truncate(time.Second)
	return at, at.Format(time.RFC3339), nil
}

// NormalizeDate returns the canonical text of a date, or "" for an empty one.
func NormalizeDate(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	_, c, err := ParseDate(s)
	return c, err
}

// DateOf returns the calendar day part ("YYYY-MM-DD") of a canonical date.
func DateOf(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// ParseDuration reads a positive or zero duration: any Go duration ("90s",
// "1h30m") with the units "d" (24 hours) and "w" (7 days) allowed too, as in
// "7d", "2w" or "1w2d12h".
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("empty duration: use a number and a unit, such as 90s, 36h, 7d or 2w")
	}
	var total time.Duration
	rest := in
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		j := i
		for j < len(rest) && (rest[j] < '0' || rest[j] > '9') && rest[j] != '.' {
			j++
		}
		num, unit := rest[:i], rest[i:j]
		rest = rest[j:]
		if num == "" || unit == "" {
			return 0, badDuration(in)
		}
		var part time.Duration
		switch unit {
		case "d", "w":
			n, err := strconv.ParseFloat(num, 64)
			if err != nil || n > 100000 {
				return 0, badDuration(in)
			}
			day := float64(24 * time.Hour)
			if unit == "w" {
				day *= 7
			}
			part = time.Duration(n * day)
		default:
			d, err := time.ParseDuration(num + unit)
			if err != nil {
				return 0, badDuration(in)
			}
			part = d
		}
		if part < 0 || total > (1<<62)-part {
			return 0, badDuration(in)
		}
		total += part
	}
	return total, nil
}

func badDuration(s string) error {
	return fmt.Errorf("invalid duration %q: use a number and a unit, such as 90s, 36h, 7d or 2w", s)
}

// MaxExpiry is the longest an extract may stay valid.
const MaxExpiry = 365 * 24 * time.Hour

// DefaultExpiry is how long an extract stays valid when nothing is said.
const DefaultExpiry = 7 * 24 * time.Hour

// ParseExpiry reads an expiry given as a duration from now or as a date (the
// end of that day, UTC, for a plain date). It must lie in the future and at
// most MaxExpiry from now. An empty string means DefaultExpiry.
func ParseExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return now.Add(DefaultExpiry), nil
	}
	var at time.Time
	if d, err := ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, fmt.Errorf("expiry %q must be in the future: use a positive duration such as 7d", s)
		}
		if d > MaxExpiry {
			return time.Time{}, fmt.Errorf("expiry %q is longer than 365 days: choose 365d or less", s)
		}
		at = now.Add(d)
	} else if t, canon, derr := ParseDate(s); derr == nil && !Partial(canon) {
		at = t
		if canon == t.Format(DateLayout) {
			at = t.Add(24*time.Hour - time.Second)
		}
	} else {
		return time.Time{}, fmt.Errorf("invalid expiry %q: use a duration (90s, 36h, 7d, 2w) or a date (YYYY-MM-DD)", s)
	}
	// Expiry is kept to the second, so the checks apply to what is kept:
	// a sub-second duration would otherwise expire the moment it was made.
	at = at.UTC().Truncate(time.Second)
	if !at.After(now) {
		return time.Time{}, fmt.Errorf("expiry %q is in the past or less than a second away: choose a later time", s)
	}
	if at.Sub(now) > MaxExpiry {
		return time.Time{}, fmt.Errorf("expiry %q is more than 365 days away: choose an earlier date", s)
	}
	return at, nil
}
