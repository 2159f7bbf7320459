package record

import (
	"regexp"
	"strconv"
	"strings"
)

// RefRange is a reference range as numbers: a reading below Low (when
// HasLow) or above High (when HasHigh) is outside it.
type RefRange struct {
	Low, High       float64
	HasLow, HasHigh bool
}

// rangeForms are the ways a reference range is written by the importers
// and by people: "3.5-5.0 mmol/L", "3.5 – 5.0", "60 to 100", ">=60",
// "< 5.7 %", "≤ 200".
var (
	rangeBetween = regexp.MustCompile(`^\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|—|to)\s*(-?\d+(?:\.\d+)?)`)
	rangeBound   = regexp.MustCompile(`^\s*(>=|<=|≥|≤|>|<)\s*(-?\d+(?:\.\d+)?)`)
)

// ParseRange reads a reference range written in words; it reports false
// for text that gives no bound ("see report", "negative").
func ParseRange(s string) (RefRange, bool) {
	s = strings.TrimSpace(s)
	num := func(v string) (float64, bool) {
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil && InRange(f)
	}
	if m := rangeBetween.FindStringSubmatch(s); m != nil {
		lo, ok1 := num(m[1])
		hi, ok2 := num(m[2])
		if ok1 && ok2 && lo <= hi {
			return RefRange{Low: lo, High: hi, HasLow: true, HasHigh: true}, true
		}
		return RefRange{}, false
	}
	if m := rangeBound.FindStringSubmatch(s); m != nil {
		v, ok := num(m[2])
		if !ok {
			return RefRange{}, false
		}
		if strings.ContainsAny(m[1], ">≥") {
			return RefRange{Low: v, HasLow: true}, true
		}
		return RefRange{High: v, HasHigh: true}, true
	}
	return RefRange{}, false
}

// Outside says where v lies against the range: -1 below it, 1 above it,
// 0 within it.
func (r RefRange) Outside(v float64) int {
	switch {
	case r.HasLow && v < r.Low:
		return -1
	case r.HasHigh && v > r.High:
		return 1
	}
	return 0
}

// Flag says in a word or two whether an entry's result is outside its
// reference range: "high", "low", "critically high", "abnormal", … or ""
// when it is within it or nobody can tell. The source's own flag
// (Interpretation) wins; without one, the value is compared with Range.
func (e *Entry) Flag() string {
	switch i := strings.ToLower(strings.TrimSpace(e.Interpretation)); {
	case i == "":
	case strings.Contains(i, "high"), strings.Contains(i, "low"), strings.Contains(i, "abnormal"):
		return i
	case i == "h", i == "hh", i == "hu":
		return "high"
	case i == "l", i == "ll", i == "lu":
		return "low"
	case i == "a", i == "aa":
		return "abnormal"
	default:
		// "normal", "negative", "positive": not a side of a range.
		return ""
	}
	r, ok := ParseRange(e.Range)
	if !ok {
		return ""
	}
	v, ok := Numeric(e.Value)
	if !ok {
		return ""
	}
	return r.Flag(v)
}

// Flag says where v lies against the range in a word: "high", "low", or ""
// within it.
func (r RefRange) Flag(v float64) string {
	switch r.Outside(v) {
	case -1:
		return "low"
	case 1:
		return "high"
	}
	return ""
}

// FlagMark is a flag as the lists show it, an arrow beside the words so it
// reads without colour: "▲ high", "▼ low", "! abnormal"; "" for no flag.
func FlagMark(flag string) string {
	switch {
	case flag == "":
		return ""
	case strings.Contains(flag, "high"):
		return "▲ " + flag
	case strings.Contains(flag, "low"):
		return "▼ " + flag
	}
	return "! " + flag
}
