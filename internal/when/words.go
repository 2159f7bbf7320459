package when

import (
	"fmt"
	"time"
)

// Words says a span of time the way a person would, in its largest unit
// that reads naturally and rounded to it: "7 days", "1 day 6 hours", "3
// hours", "1 hour 30 minutes", "45 minutes", "30 seconds". A span of zero
// or less is "no time".
func Words(d time.Duration) string {
	count := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	pair := func(n int64, unit string, m int64, sub string) string {
		if m == 0 {
			return count(n, unit)
		}
		return count(n, unit) + " " + count(m, sub)
	}
	const day = 24 * time.Hour
	switch {
	case d <= 0:
		return "no time"
	case d >= 2*day-30*time.Minute:
		return count(int64((d+day/2)/day), "day")
	case d >= day-30*time.Minute:
		h := (d - day + 30*time.Minute) / time.Hour
		return pair(1, "day", int64(h), "hour")
	case d >= 2*time.Hour-30*time.Second:
		return count(int64((d+30*time.Minute)/time.Hour), "hour")
	case d >= time.Hour-30*time.Second:
		m := (d - time.Hour + 30*time.Second) / time.Minute
		return pair(1, "hour", int64(m), "minute")
	case d >= time.Minute-500*time.Millisecond:
		return count(int64((d+30*time.Second)/time.Minute), "minute")
	}
	return count(max(1, int64((d+500*time.Millisecond)/time.Second)), "second")
}

// Left says how long remains until a deadline: "7 days left", "3 hours
// left"; "none left" once it has passed.
func Left(d time.Duration) string {
	if d <= 0 {
		return "none left"
	}
	return Words(d) + " left"
}
