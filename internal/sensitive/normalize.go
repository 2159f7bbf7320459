package sensitive

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold prepares text for matching: Unicode NFKC (fullwidth and ligature
// forms become plain letters), format characters dropped (zero-width
// spaces and joiners, the soft hyphen, the byte-order mark: "H\u200bIV"
// and "Sertra\u00adline" must still match), accents removed ("Psychiatrie
// générale" = "generale") and case folded.
func fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s) // the common case: nothing to normalise
	}
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Mn, r):
			continue
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø':
			b.WriteByte('o')
		case r == 'æ':
			b.WriteString("ae")
		case r == 'œ':
			b.WriteString("oe")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// tokens splits text into folded words of letters or of digits. Every
// other character (space, hyphen, punctuation) separates words, and so
// does a change between letters and digits, so "HIV1+2", "HIV-1" and
// "HIV 1" all read as "hiv", "1"... and "PHQ9" as "phq", "9".
func tokens(s string) []string {
	s = fold(s)
	var out []string
	start, prev := -1, 0 // prev: 1 letter, 2 digit
	for i, r := range s {
		cls := 0
		switch {
		case unicode.IsDigit(r):
			cls = 2
		case unicode.IsLetter(r):
			cls = 1
		}
		if cls != prev && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		if cls != 0 && start < 0 {
			start = i
		}
		prev = cls
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
