package passphrase

import (
	"fmt"
	"math"
)

// Attack describes the attacker a crack-time estimate assumes.
type Attack struct {
	// SecondsPerGuess is the cost of one guess on one core: phr's vault key
	// is wrapped with age's scrypt at work factor 2^18, about 0.8 s here.
	SecondsPerGuess float64
	// Cores is how many such cores the attacker runs at once.
	Cores float64
}

// DefaultAttack is an attacker with 10,000 cores against phr's scrypt cost:
// about 12,500 guesses a second.
func DefaultAttack() Attack { return Attack{SecondsPerGuess: 0.8, Cores: 10000} }

// CrackTime says in plain words how long the attacker needs, on average
// (half the guesses), for a passphrase of 10^guessesLog10 guesses.
func CrackTime(guessesLog10 float64, a Attack) string {
	seconds := math.Pow(10, guessesLog10) / 2 * a.SecondsPerGuess / a.Cores
	return humanDuration(seconds)
}

func humanDuration(s float64) string {
	const (
		minute = 60
		hour   = 60 * minute
		day    = 24 * hour
		month  = 30 * day
		year   = 365 * day
	)
	plural := func(n float64, unit string) string {
		v := int64(math.Round(n))
		if v == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", v, unit)
	}
	switch {
	case s < 1:
		return "less than a second"
	case s < minute:
		return plural(s, "second")
	case s < hour:
		return plural(s/minute, "minute")
	case s < day:
		return plural(s/hour, "hour")
	case s < month:
		return plural(s/day, "day")
	case s < year:
		return plural(s/month, "month")
	case s < 1000*year:
		return plural(s/year, "year")
	}
	return "centuries"
}
