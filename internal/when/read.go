package when

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ReadDate reads a date as a person types it, on the command line (phr add
// --date) and in the interface's forms, and returns its canonical text (see
// NormalizeDate), or "" for an empty one. Besides YYYY-MM-DD and RFC 3339 it
// takes:
//
//   - a month in words, the day before or after it: "1 March 2024",
//     "1st Mar 2024", "March 1, 2024";
//   - a month alone: "March 2024", "2024-03", "03/2024" (kept as the month,
//     "2024-03", with no day invented); a year alone: "2024";
//   - a year first with slashes or dots: "2024/03/01";
//   - words counted from now, in now's calendar (the system clock's local
//     time, so "yesterday" is the person's yesterday): "today",
//     "yesterday", "tomorrow", "3 days ago", "2 weeks ago";
//   - a day and month in figures, "25/12/2024" or "25.12.2024", only when one
//     reading exists. "01/02/2024" is 1 February in most of the world and 2
//     January in the United States: it is refused with both readings named.
//
// The error of a date it cannot read shows an example in the form the person
// used.
func ReadDate(s string, now time.Time) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return "", nil
	}
	if c, err := NormalizeDate(in); err == nil {
		return c, nil
	}
	low := strings.ToLower(strings.Join(strings.Fields(in), " "))
	if c, ok, err := relative(in, low, now); ok {
		return c, err
	}
	// A time ago in whole days or weeks, as --since takes it: "7d", "2w".
	if d, err := ParseDuration(low); err == nil && d%(24*time.Hour) == 0 {
		return now.AddDate(0, 0, -int(d/(24*time.Hour))).Format(DateLayout), nil
	}
	if strings.ContainsAny(low, "/.") && !hasLetter(low) {
		return figures(in, low)
	}
	if hasLetter(low) {
		return words(in, low)
	}
	if isoLike(low) {
		return "", fmt.Errorf("%q is not a date: write the year, month and day, as %s", in, exISO)
	}
	return "", fmt.Errorf("%q is not a date phr reads: write it as %s, %s, %s or yesterday", in, exISO, exWords, exMonth)
}

// exampleOf is the example date shown in an error for each form.
const (
	exISO      = "2024-03-01"
	exMonthISO = "2024-03"
	exWords    = "1 March 2024"
	exWordsUS  = "March 1, 2024"
	exMonth    = "March 2024"
	exSlash    = "03/2024"
	exYearMD   = "2024/03/01"
)

// isoLike reports whether s has the shape of YYYY-MM-DD or YYYY-MM.
func isoLike(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// relative reads "today", "yesterday", "tomorrow" and "N days/weeks ago"
// (ReadDate reads "7d" and "2w" beside them).
func relative(in, low string, now time.Time) (string, bool, error) {
	day := func(t time.Time) string { return t.Format(DateLayout) }
	local := now
	switch low {
	case "today", "now":
		return day(local), true, nil
	case "yesterday":
		return day(local.AddDate(0, 0, -1)), true, nil
	case "tomorrow":
		return day(local.AddDate(0, 0, 1)), true, nil
	}
	f := strings.Fields(low)
	if len(f) != 3 || f[2] != "ago" {
		return "", false, nil
	}
	bad := fmt.Errorf("%q is not a date phr reads: write a time ago as 3 days ago or 2 weeks ago", in)
	n, err := strconv.Atoi(f[0])
	if f[0] == "a" || f[0] == "one" {
		n, err = 1, nil
	}
	if err != nil || n < 0 || n > 100*366 {
		return "", true, bad
	}
	switch strings.TrimSuffix(f[1], "s") {
	case "day":
		return day(local.AddDate(0, 0, -n)), true, nil
	case "week":
		return day(local.AddDate(0, 0, -7*n)), true, nil
	case "month":
		return day(local.AddDate(0, -n, 0)), true, nil
	case "year":
		return day(local.AddDate(-n, 0, 0)), true, nil
	}
	return "", true, bad
}

// figures reads dates written with slashes or dots: "03/2024", "2024/03/01",
// and a day and month in figures when only one reading exists.
func figures(in, low string) (string, error) {
	sep := "/"
	ex := exSlash
	if !strings.Contains(low, "/") {
		sep = "."
		ex = strings.ReplaceAll(exSlash, "/", ".")
	}
	parts := strings.Split(strings.ReplaceAll(low, " ", ""), sep)
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || p == "" || len(p) > 4 {
			return "", fmt.Errorf("%q is not a date phr reads: write it as %s or %s", in, ex, exISO)
		}
		nums[i] = n
	}
	switch {
	case len(parts) == 2 && len(parts[1]) == 4:
		// month/year
		if m := nums[0]; m >= 1 && m <= 12 && len(parts[0]) <= 2 {
			return month(nums[1], m), nil
		}
		return "", fmt.Errorf("%q is not a month phr reads: write the month before the year, as %s", in, ex)
	case len(parts) == 3 && len(parts[0]) == 4:
		// year/month/day: one reading only.
		ex = strings.ReplaceAll(exYearMD, "/", sep)
		if d, ok := ymd(nums[0], nums[1], nums[2]); ok {
			return d, nil
		}
		return "", fmt.Errorf("%q is not a date: write the year, month and day, as %s", in, ex)
	case len(parts) == 3 && len(parts[2]) == 4:
		dm, dmOK := ymd(nums[2], nums[1], nums[0])
		md, mdOK := ymd(nums[2], nums[0], nums[1])
		switch {
		case dmOK && mdOK && dm != md:
			return "", fmt.Errorf("%q could be %s or %s: write the month in words, as %s, or the date as %s",
				in, spoken(dm), spoken(md), exWords, exISO)
		case dmOK:
			return dm, nil
		case mdOK:
			return md, nil
		}
		ex = "25" + sep + "12" + sep + "2024"
		return "", fmt.Errorf("%q is not a date: write the day, month and year, as %s", in, ex)
	}
	return "", fmt.Errorf("%q is not a date phr reads: write it as %s or %s", in, ex, exISO)
}

// words reads a month written in words, with or without a day.
func words(in, low string) (string, error) {
	toks := strings.FieldsFunc(low, func(r rune) bool { return r == ' ' || r == ',' || r == '-' || r == '/' || r == '.' })
	var m, day, year int
	monthFirst := false
	for i, t := range toks {
		if mm, ok := monthNames[t]; ok && m == 0 {
			m = mm
			monthFirst = i == 0
			continue
		}
		t = strings.TrimRight(t, "stndrh") // 1st, 2nd, 3rd, 4th
		n, err := strconv.Atoi(t)
		switch {
		case err != nil && m == 0 && !anyMonth(toks):
			return "", fmt.Errorf("%q is not a date phr reads: write it as %s, %s, %s or yesterday", in, exISO, exWords, exMonth)
		case err != nil:
			return "", fmt.Errorf("%q is not a date phr reads: write it as %s or %s", in, exWords, exMonth)
		case len(t) == 4 && year == 0:
			year = n
		case len(t) <= 2 && day == 0:
			day = n
		default:
			return "", fmt.Errorf("%q is not a date phr reads: write it as %s or %s", in, exWords, exMonth)
		}
	}
	ex := exWords
	if monthFirst {
		ex = exWordsUS
	}
	if day == 0 {
		ex = exMonth
	}
	if m == 0 || year == 0 {
		return "", fmt.Errorf("%q is not a date phr reads: write the month in words and the year, as %s", in, ex)
	}
	if day == 0 {
		return month(year, m), nil
	}
	if d, ok := ymd(year, m, day); ok {
		return d, nil
	}
	return "", fmt.Errorf("%q is not a date: %s has no day %d; write it as %s", in,
		time.Month(m).String()+" "+strconv.Itoa(year), day, ex)
}

func anyMonth(toks []string) bool {
	for _, t := range toks {
		if _, ok := monthNames[t]; ok {
			return true
		}
	}
	return false
}

var monthNames = func() map[string]int {
	out := map[string]int{"sept": 9}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		out[name] = int(m)
		out[name[:3]] = int(m)
	}
	return out
}()

// ymd returns the canonical day, or false when it does not exist.
func ymd(y, m, d int) (string, bool) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return "", false
	}
	return t.Format(DateLayout), true
}

func month(y, m int) string { return fmt.Sprintf("%04d-%02d", y, m) }

// spoken writes a canonical day as people say it: "1 February 2024".
func spoken(day string) string {
	t, err := time.Parse(DateLayout, day)
	if err != nil {
		return day
	}
	return t.Format("2 January 2006")
}
