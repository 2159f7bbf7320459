// Package passphrase is phr's passphrase policy: it rates a candidate,
// explains in plain words what would make a weak one stronger, and suggests
// passphrases of random words.
//
// The policy follows NIST SP 800-63B revision 4 for single-factor secrets and
// goes further where it is cheap: at least MinLength code points after NFKC
// normalisation; at least 10^10 estimated guesses (zxcvbn score 4); nothing
// from a blocklist of common passwords, from the person's own profile words
// or from phr's vocabulary; no character-class rules; any Unicode, spaces
// included, never truncated. The guess estimate comes from zxcvbn-go (the old
// entropy model), computed on the first EstimateRunes code points only,
// because its cost grows quickly with length: the rest adds nothing to the
// estimate, which can only make it more cautious. The advice text is phr's
// own, since zxcvbn-go gives none.
package passphrase

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go"
	"github.com/ccojocar/zxcvbn-go/frequency"
	"golang.org/x/text/unicode/norm"
)

const (
	// MinLength is the shortest acceptable passphrase, in code points.
	MinLength = 15
	// MinGuessesLog10 is the least acceptable estimate: 10^10 guesses.
	MinGuessesLog10 = 10
	// WarnGuessesLog10 is where an acceptable passphrase still gets a warning.
	WarnGuessesLog10 = 14
	// EstimateRunes bounds the part of a passphrase zxcvbn looks at.
	EstimateRunes = 100
	// DefaultWords is how many words Generate uses unless told otherwise.
	DefaultWords = 5
	// MinWords is the fewest words Generate accepts.
	MinWords = 4
)

// Vocabulary lists phr's own words, which a passphrase must not contain.
func Vocabulary() []string {
	return []string{"phr", "health", "record", "records", "vault", "password", "passphrase"}
}

// Result is the policy's verdict on a candidate passphrase.
type Result struct {
	Acceptable   bool     `json:"acceptable"`
	Score        int      `json:"score"`
	GuessesLog10 float64  `json:"guesses_log10"`
	CrackTime    string   `json:"crack_time"`
	Warning      string   `json:"warning"`
	Suggestions  []string `json:"suggestions"`
}

// Normalize returns p in NFKC form, the form keys are derived from, so that
// composed and decomposed spellings of one passphrase open the same vault.
// It never shortens the passphrase otherwise.
func Normalize(p []byte) []byte {
	return norm.NFKC.Bytes(p)
}

// commonPasswords is zxcvbn's list of common passwords, as a set.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	list := frequency.Lists["Passwords"].List
	m := make(map[string]bool, len(list))
	for _, p := range list {
		m[strings.ToLower(p)] = true
	}
	return m
})

// famous lists passphrases published as examples, which attackers try first.
var famous = []string{
	"correcthorsebatterystaple", "correct horse battery staple", "tr0ub4dor&3",
	"thequickbrownfoxjumpsoverthelazydog", "maryhadalittlelamb", "iloveyoutothemoonandback",
	"letmeinletmeinletmein", "passwordpassword", "opensesameopensesame",
}

// IsCommon reports whether p (ignoring case, spaces and separators) is on
// the blocklist of common passwords.
func IsCommon(p string) bool {
	l := strings.ToLower(p)
	if commonPasswords()[l] || slices.Contains(famous, l) {
		return true
	}
	squashed := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' {
			return -1
		}
		return r
	}, l)
	return commonPasswords()[squashed] || slices.Contains(famous, squashed)
}

// Check rates p against the policy. userWords are the person's own words
// (parts of their name, their birth year); they are refused in the passphrase
// and count as easy guesses.
func Check(p []byte, userWords []string) Result {
	n := string(Normalize(p))
	r := Result{Suggestions: []string{}}
	length := utf8.RuneCountInString(n)

	prefix := n
	if length > EstimateRunes {
		prefix = string([]rune(n)[:EstimateRunes])
	}
	inputs := append(slices.Clone(Vocabulary()), lowerAll(userWords)...)
	est := zxcvbn.PasswordStrength(prefix, inputs)
	// zxcvbn's old model: guesses = 2^entropy / 2 on average.
	r.GuessesLog10 = math.Round((est.Entropy*math.Log10(2)-math.Log10(2))*100) / 100
	if r.GuessesLog10 < 0 {
		r.GuessesLog10 = 0
	}
	r.Score = scoreFor(r.GuessesLog10)
	r.CrackTime = CrackTime(r.GuessesLog10, DefaultAttack())

	own := containsWord(n, lowerAll(userWords))
	vocab := containsWord(n, Vocabulary())
	common := IsCommon(n)

	var warnings []string
	add := func(s string) {
		if !slices.Contains(r.Suggestions, s) {
			r.Suggestions = append(r.Suggestions, s)
		}
	}
	if length < MinLength {
		warnings = append(warnings, fmt.Sprintf("It is %d characters long; phr needs at least %d", length, MinLength))
		add("Use at least 15 characters: three or four random words work well.")
	}
	if common {
		warnings = append(warnings, "This is one of the most commonly used passwords")
		add("Choose something nobody else would: random words work well.")
	}
	if own != "" {
		warnings = append(warnings, "It contains your own name or year of birth")
		add("Leave out your name, your year of birth and other facts about you.")
	}
	if vocab != "" {
		warnings = append(warnings, fmt.Sprintf("It contains the word %q, which is easy to guess for a health record", vocab))
		add("Leave out words to do with phr, health or records.")
	}
	if r.GuessesLog10 < MinGuessesLog10 {
		if len(warnings) == 0 {
			warnings = append(warnings, "This is easy to guess")
		}
		for _, s := range patternAdvice(est.MatchSequence) {
			add(s)
		}
		add("Add another word or two that have nothing to do with each other.")
	}
	r.Acceptable = length >= MinLength && !common && own == "" && vocab == "" && r.GuessesLog10 >= MinGuessesLog10
	if r.Acceptable && r.GuessesLog10 < WarnGuessesLog10 {
		warnings = append(warnings, "Acceptable, but a determined attacker could guess it in "+r.CrackTime)
		add("Add another random word to make it much stronger.")
	}
	if len(warnings) > 0 {
		r.Warning = warnings[0] + "."
	}
	return r
}

// scoreFor maps a guess estimate to zxcvbn's 0..4 scale (as zxcvbn 4 does:
// 10^3, 10^6, 10^8, 10^10).
func scoreFor(g float64) int {
	switch {
	case g < 3:
		return 0
	case g < 6:
		return 1
	case g < 8:
		return 2
	case g < 10:
		return 3
	}
	return 4
}

// patternAdvice turns zxcvbn's weak matches into plain advice.
func patternAdvice(ms []zxcvbnMatch) []string {
	var out []string
	for _, m := range ms {
		switch {
		case m.Pattern == "repeat":
			out = append(out, "Avoid repeated characters or words (aaa, abcabc).")
		case m.Pattern == "sequence":
			out = append(out, "Avoid sequences such as abc, 123 or 987.")
		case m.Pattern == "spatial":
			out = append(out, "Avoid rows of keys on the keyboard, such as qwerty.")
		case strings.HasPrefix(m.Pattern, "date"):
			out = append(out, "Avoid dates and years that are linked to you.")
		case m.DictionaryName != "" && hasLeet(m.Token):
			out = append(out, "Swapping letters for look-alike numbers or symbols (p@ssw0rd) does not help much.")
		}
	}
	return out
}

// hasLeet reports whether a token mixes letters with look-alike digits or
// symbols (p@ssw0rd), rather than being a plain number.
func hasLeet(s string) bool {
	return strings.ContainsAny(s, "0134579@$!") && strings.IndexFunc(s, unicode.IsLetter) >= 0
}

func lowerAll(in []string) []string {
	out := make([]string, 0, len(in))
	for _, w := range in {
		w = strings.ToLower(strings.TrimSpace(w))
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// containsWord returns the first of words that appears in p as a whole word
// (case-insensitive), or "".
func containsWord(p string, words []string) string {
	tokens := strings.FieldsFunc(strings.ToLower(p), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range words {
		if slices.Contains(tokens, w) {
			return w
		}
		// A birth year or a name run together with other text still counts.
		if len([]rune(w)) >= 4 && strings.Contains(strings.ToLower(p), w) {
			return w
		}
	}
	return ""
}
