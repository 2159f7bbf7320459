package when

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// expiryWords reads "10 days", "2 weeks", "3 months", "1 year" (singular or
// plural, "a week", "a month").
var expiryWords = regexp.MustCompile(`^(\d+|a|an|one)\s*(day|days|week|weeks|month|months|year|years)$`)

// bareMinutes is a count of minutes and nothing else ("1m", "30m"), which
// a person may have meant as months.
var bareMinutes = regexp.MustCompile(`^\d+\s*m$`)

// ReadExpiry reads how long a shared file stays readable as a person types
// it in the interface: "2 weeks", "3 months", "1 year", "10 days", or
// anything ParseExpiry reads (7d, 2w, a date). "1m" is refused: a minute or a
// month? A month is the same day of the next month; a year is
// MaxExpiry.
func ReadExpiry(s string, now time.Time) (time.Time, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	if bareMinutes.MatchString(in) {
		return time.Time{}, fmt.Errorf("%q could mean minutes or months: write it in words, such as 1 month, 2 weeks or 10 days, or give a date", strings.TrimSpace(s))
	}
	m := expiryWords.FindStringSubmatch(in)
	if m == nil {
		return ParseExpiry(s, now)
	}
	n := 1
	if m[1] != "a" && m[1] != "an" && m[1] != "one" {
		v, err := strconv.Atoi(m[1])
		if err != nil || v < 1 || v > 1000 {
			return time.Time{}, fmt.Errorf("%q: choose between 1 day and 1 year", strings.TrimSpace(s))
		}
		n = v
	}
	var at time.Time
	switch strings.TrimSuffix(m[2], "s") {
	case "day":
		at = now.AddDate(0, 0, n)
	case "week":
		at = now.AddDate(0, 0, 7*n)
	case "month":
		at = now.AddDate(0, n, 0)
		if n == 12 {
			at = now.Add(MaxExpiry)
		}
	case "year":
		at = now.AddDate(n, 0, 0)
		if n == 1 {
			at = now.Add(MaxExpiry)
		}
	}
	at = at.UTC().Truncate(time.Second)
	if at.Sub(now) > MaxExpiry {
		return time.Time{}, fmt.Errorf("%q is more than a year: choose 1 year or less", strings.TrimSpace(s))
	}
	return at, nil
}

// Until says when something ends, in words with how far away that is:
// "Sunday 29 November 2026 at 10:00 (7 days from now)".
func Until(at, now time.Time) string {
	return fmt.Sprintf("%s at %s (%s from now)", at.Format("Monday 2 January 2006"), at.Format("15:04"), Words(at.Sub(now).Round(time.Minute)))
}
