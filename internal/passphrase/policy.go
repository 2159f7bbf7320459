// Package passphrase is phr's passphrase policy: it rates a candidate,
// explains in plain words what would make a weak one stronger, and suggests
// passphrases of random words.
//
// The policy follows NIST SP 800-63B revision 4 for single-factor secrets and
// goes further where it is cheap: at least MinLength code points after NFKC
// normalisation; at least 10^10 estimated guesses (zxcvbn score 4); nothing
// from a blocklist of common passwords, from the person's own profile words
// or from phr's vocabulary; no character-class rules; any Unicode, spaces
// included, never truncated. The guess estimate comes from zxcvbn 4
// (github.com/trustelem/zxcvbn: dictionaries, l33t, keyboard walks,
// sequences, repeats, dates), computed on the first EstimateRunes code
// points only, because its cost grows quickly with length: the rest adds
// nothing to the estimate, which can only make it more cautious. phr adds
// what zxcvbn misses: the passphrase is also estimated with its spaces and
// punctuation taken out (so repeated and sequenced words are seen across
// separators), and the person's own words, phr's vocabulary, counting and
// calendar words and well-known lines are given to zxcvbn as words an
// attacker tries first. The advice text is phr's own.
//
// One verdict: [Check]'s Result is the only judgement. Its Score and Label
// (the meter's bar and words), its CrackTime and Acceptable all come from
// the same decision, so a refused passphrase is never called strong, and
// has no crack time when it is refused for a rule other than how easy it
// is to guess.
package passphrase

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/frequency"
	"github.com/trustelem/zxcvbn/match"
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

// Result is the policy's verdict on a candidate passphrase. Score is the
// verdict on a 0..4 scale: 0-2 refused (very weak, weak, fair), 3 and 4
// acceptable (good, strong); Label is its word.
type Result struct {
	Acceptable   bool     `json:"acceptable"`
	Score        int      `json:"score"`
	Label        string   `json:"label"`
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

// commonPasswords is zxcvbn's list of common passwords, each with its rank
// (1 the most common).
var commonPasswords = sync.OnceValue(func() map[string]int {
	list := frequency.FrequencyLists["passwords"]
	m := make(map[string]int, len(list))
	for i, p := range list {
		if l := strings.ToLower(p); m[l] == 0 {
			m[l] = i + 1
		}
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
func IsCommon(p string) bool { return commonRank(p) > 0 }

// commonRank is p's place among the passwords attackers try first (the
// famous examples, then zxcvbn's list), ignoring case, spaces and
// separators; 0 when it is on neither.
func commonRank(p string) int {
	l := strings.ToLower(p)
	squashed := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' {
			return -1
		}
		return r
	}, l)
	for _, s := range []string{l, squashed} {
		if i := slices.Index(famous, s); i >= 0 {
			return i + 1
		}
	}
	for _, s := range []string{l, squashed} {
		if r := commonPasswords()[s]; r > 0 {
			return len(famous) + r
		}
	}
	return 0
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
	inputs := slices.Concat(lowerAll(userWords), Vocabulary(), predictable())
	est := estimate(prefix, inputs)
	r.GuessesLog10 = math.Round(est.log10*100) / 100

	own := containsWord(n, lowerAll(userWords))
	vocab := containsWord(n, Vocabulary())
	rank := commonRank(n)
	common := rank > 0

	var warnings []string
	add := func(s string) {
		if !slices.Contains(r.Suggestions, s) {
			r.Suggestions = append(r.Suggestions, s)
		}
	}
	if length < MinLength {
		warnings = append(warnings, fmt.Sprintf("It is %d characters long; phr needs at least %d", length, MinLength))
	}
	if common {
		warnings = append(warnings, "This is one of the most commonly used passwords")
		add("Choose something nobody else would use.")
	}
	if length < MinLength || common {
		// The warning gives the length; this answers both, once.
		add("Three or four random words work well.")
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
		for _, s := range patternAdvice(est.matches) {
			add(s)
		}
		add("Add another word or two that have nothing to do with each other.")
	}
	if common {
		// Attackers try the common list first: however zxcvbn rates its
		// shape, it falls within the list's length.
		r.GuessesLog10 = min(r.GuessesLog10, math.Round(math.Log10(float64(rank))*100)/100)
	}
	r.Acceptable = length >= MinLength && !common && own == "" && vocab == "" && r.GuessesLog10 >= MinGuessesLog10
	r.CrackTime = CrackTime(r.GuessesLog10, DefaultAttack())
	if !r.Acceptable && r.GuessesLog10 >= MinGuessesLog10 {
		// Refused for a rule (too short, your own name) though guessing
		// would take long: "centuries" beside "too weak" would mislead,
		// so the verdict names the rule and no time.
		r.CrackTime = ""
	}
	r.Score = verdictScore(r.Acceptable, r.GuessesLog10)
	r.Label = Labels[r.Score]
	if r.Acceptable && r.GuessesLog10 < WarnGuessesLog10 {
		warnings = append(warnings, "Acceptable, but a determined attacker could guess it in "+r.CrackTime)
		add("Add another random word to make it much stronger.")
	}
	if len(warnings) > 0 {
		r.Warning = warnings[0] + "."
	}
	return r
}

// Labels are the words for each Score.
var Labels = [5]string{"very weak", "weak", "fair", "good", "strong"}

// verdictScore is the Score of a verdict: a refused passphrase scores at
// most 2 (fair), whatever its estimate, and an acceptable one 3 (good)
// below WarnGuessesLog10, else 4 (strong).
func verdictScore(acceptable bool, g float64) int {
	if acceptable {
		if g < WarnGuessesLog10 {
			return 3
		}
		return 4
	}
	switch {
	case g < 3:
		return 0
	case g < 6:
		return 1
	}
	return 2
}

// estimated is zxcvbn's estimate of a passphrase.
type estimated struct {
	log10   float64
	matches []*match.Match
}

// estimate runs zxcvbn on p, and again on p without its spaces and
// punctuation (an attacker joining words tries separators cheaply), and
// keeps the lower: "one two three four five" is then seen as a sequence
// of counting words, "word word word" as a repeat.
func estimate(p string, inputs []string) estimated {
	run := func(s string) estimated {
		res := zxcvbn.PasswordStrength(s, inputs)
		return estimated{log10: max(0, math.Log10(max(res.Guesses, 1))), matches: res.Sequence}
	}
	e := run(p)
	squashed := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, p)
	if squashed != p && squashed != "" {
		if e2 := run(squashed); e2.log10 < e.log10 {
			e = e2
		}
	}
	// What zxcvbn misses: a word repeated in a script its repeat matcher
	// does not read (пароль пароль …), and runs of counting or calendar
	// words longer than its per-word minimum makes cheap.
	if unit, k := repetition(strings.ToLower(squashed)); k >= 2 {
		if g := run(unit).log10 + math.Log10(float64(k)); g < e.log10 {
			e = estimated{log10: g, matches: []*match.Match{{Pattern: "repeat", Token: p}}}
		}
	}
	if g, ok := predictableRun(strings.ToLower(squashed)); ok && g < e.log10 {
		e = estimated{log10: g, matches: []*match.Match{{Pattern: "sequence", Token: p}}}
	}
	return e
}

// repetition returns the shortest unit that s is k copies of, or k = 1.
func repetition(s string) (unit string, k int) {
	r := []rune(s)
	for u := 1; u <= len(r)/2; u++ {
		if len(r)%u != 0 {
			continue
		}
		same := true
		for i := u; i < len(r) && same; i++ {
			same = r[i] == r[i%u]
		}
		if same {
			return string(r[:u]), len(r) / u
		}
	}
	return s, 1
}

// wordGroups are ordered groups of words people count or list in order.
var wordGroups = [][]string{
	{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
		"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"},
	{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"},
	{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
	{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
		"november", "december"},
	{"spring", "summer", "autumn", "winter"},
	{"red", "orange", "yellow", "green", "blue", "indigo", "violet"},
}

// predictableRun reports whether s (lower case, no separators) is made
// wholly of two or more words of wordGroups, and the guesses (log10) an
// attacker needs: a run in order (either way, wrapping round a week or a
// year) is one of a few thousand; any other mix of such words costs
// about 130 (all the groups' words) per word.
func predictableRun(s string) (float64, bool) {
	var all []string
	for _, g := range wordGroups {
		all = append(all, g...)
	}
	// Split s into words of the groups, longest first at each point
	// (with backtracking: "seventeen" before "seven").
	memo := map[string][]string{}
	var split func(rest string) []string
	split = func(rest string) []string {
		if rest == "" {
			return []string{}
		}
		if b, ok := memo[rest]; ok {
			return b
		}
		var best []string
		defer func() { memo[rest] = best }()
		for _, w := range all {
			if strings.HasPrefix(rest, w) {
				if tail := split(rest[len(w):]); tail != nil && (best == nil || len(w) > len(best[0])) {
					best = append([]string{w}, tail...)
				}
			}
		}
		return best
	}
	if len(s) > 400 {
		return 0, false
	}
	words := split(s)
	if len(words) < 2 {
		return 0, false
	}
	for _, g := range wordGroups {
		if inOrder(g, words) {
			return math.Log10(float64(len(g) * 2 * 25)), true
		}
	}
	return float64(len(words)) * math.Log10(float64(len(all))), true
}

// inOrder reports whether words follow each other in g, forwards or
// backwards, wrapping round.
func inOrder(g, words []string) bool {
	for _, step := range []int{1, -1} {
		ok := true
		for i := 1; i < len(words) && ok; i++ {
			a, b := slices.Index(g, words[i-1]), slices.Index(g, words[i])
			ok = a >= 0 && b >= 0 && b == (a+step+len(g))%len(g)
		}
		if ok {
			return true
		}
	}
	return false
}

// predictable lists words and lines an attacker tries before random words:
// counting and calendar words and well-known lines, written without
// spaces (estimate also tries the passphrase without them). zxcvbn ranks
// them as words of the person's own, first in line.
var predictable = sync.OnceValue(func() []string {
	var out []string
	for _, group := range [][]string{
		{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
			"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "zero",
			"hundred", "thousand", "million"},
		{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"},
		{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
		{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
			"november", "december"},
		{"spring", "summer", "autumn", "fall", "winter"},
		{"red", "orange", "yellow", "green", "blue", "indigo", "violet"},
		{"happybirthdaytoyou", "happybirthday", "twinkletwinklelittlestar", "howiwonderwhatyouare",
			"maryhadalittlelamb", "rowrowrowyourboat", "gentlydownthestream", "jinglebells", "jinglealltheway",
			"wewillrockyou", "wearethechampions", "letitbe", "letitgo", "allyouneedislove", "imagineallthepeople",
			"tobeornottobe", "thatisthequestion", "maytheforcebewithyou", "iloveyou", "iloveyoutoo",
			"thequickbrownfoxjumpsoverthelazydog", "onceuponatime", "happilyeverafter", "godsavethequeen",
			"godsavetheking", "ohsaycanyousee", "ourfatherwhoartinheaven", "hakunamatata", "abcdefghijklmnopqrstuvwxyz",
			"doremifasollatido", "heyjude", "yesterday", "hellohello", "helloworld", "goodmorning", "goodnight"},
	} {
		out = append(out, group...)
	}
	return out
})

// patternAdvice turns zxcvbn's weak matches into plain advice.
func patternAdvice(ms []*match.Match) []string {
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
