package passphrase

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/frequency"
)

func TestCheckTable(t *testing.T) {
	own := []string{"ada", "lovelace", "1815", "18151210", "10121815", "12101815", "1012", "1210"}
	tests := []struct {
		name, p string
		ok      bool
		advice  string
	}{
		// zxcvbn 4 puts three common words at 10^9.5 guesses: not enough.
		{"three common words", "lantern quartz pepper", false, "Add another word"},
		{"five generated words", "quartz-harbour-pepper-ostrich-tundra", true, ""},
		{"spaces and other scripts", "ночь улица фонарь аптека", true, ""},
		{"emoji", "🦊 lantern 🎻 meadow 🌧 quartz", true, ""},
		{"14 characters", "lantern-violin", false, "at least 15"},
		{"leet classic", "Tr0ub4dor&3", false, "at least 15"},
		{"famous xkcd", "correcthorsebatterystaple", false, "random words"},
		{"famous xkcd with spaces", "correct horse battery staple", false, "random words"},
		{"common password padded", "password1234567", false, "phr, health or records"},
		{"repeats", "aaaaaaaaaaaaaaaaaaaa", false, "repeated"},
		{"sequence", "abcdefghijklmnopqrstu", false, ""},
		{"keyboard", "qwertyuiopasdfghjkl", false, ""},
		{"own name", "lovelace glacier quartz omelette", false, "your name"},
		{"birth year", "glacier1815quartz omelette", false, "year of birth"},
		{"vocabulary", "my health glacier quartz omelette", false, "phr, health or records"},
		// Issue 16: each was accepted by the old estimator.
		{"keyboard walk", "1qaz2wsx3edc4rfv5tgb", false, "keys on the keyboard"},
		{"counting", "one two three four five", false, ""},
		{"counting further", "one two three four five six seven", false, ""},
		{"ordinals", "first second third fourth fifth", false, ""},
		{"calendar", "monday tuesday wednesday", false, ""},
		{"calendar, the whole week", "monday tuesday wednesday thursday friday", false, ""},
		{"months", "january february march april", false, ""},
		{"song line", "happy birthday to you", false, ""},
		{"song line, run together", "HappyBirthdayToYou!", false, ""},
		{"nursery rhyme", "twinkle twinkle little star", false, ""},
		{"a word repeated", "correct correct correct correct", false, "repeated"},
		{"a word repeated with dashes", "lantern-lantern-lantern-lantern", false, "repeated"},
		{"a non-Latin word repeated", "пароль пароль пароль пароль", false, "repeated"},
		{"a Chinese word repeated", "密码密码密码密码密码密码密码密码", false, "repeated"},
		{"leet repeated", "Tr0ub4dor&3Tr0ub4dor&3", false, ""},
		{"name and birth date", "adalovelace18151210", false, "your name"},
		{"birth date only, other order", "glacier quartz 10121815", false, "year of birth"},
		// Still fine.
		{"four random words", "lantern quartz pepper ostrich", true, ""},
		{"random words in another script", "фонарь кварц перец страус тундра", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check([]byte(tt.p), own)
			if r.Acceptable != tt.ok {
				t.Fatalf("Check(%q) = %+v, want acceptable=%v", tt.p, r, tt.ok)
			}
			if !tt.ok && r.Warning == "" {
				t.Errorf("a refusal without a warning: %+v", r)
			}
			// The warning gives a rule (the length), the suggestions the rest.
			if tt.advice != "" && !strings.Contains(r.Warning+" "+strings.Join(r.Suggestions, " "), tt.advice) {
				t.Errorf("warning %q and suggestions %q lack %q", r.Warning, r.Suggestions, tt.advice)
			}
			if strings.Contains(r.Warning+strings.Join(r.Suggestions, ""), tt.p) {
				t.Errorf("the advice repeats the passphrase")
			}
			if r.Suggestions == nil {
				t.Error("suggestions must be an empty array, not null")
			}
		})
	}
}

func TestLengthCountsCodePointsAfterNFKC(t *testing.T) {
	// "ﬁ" (one code point, U+FB01) becomes "fi" (two) under NFKC.
	fourteen := "ﬁglacierquartz" // 14 runes before NFKC, 15 after
	if n := utf8.RuneCountInString(fourteen); n != 14 {
		t.Fatalf("test input has %d runes", n)
	}
	if got := utf8.RuneCount(Normalize([]byte(fourteen))); got != 15 {
		t.Fatalf("after NFKC: %d runes", got)
	}
	composed := "caf\u00e9 glacier quartz omelette"
	decomposed := "cafe\u0301 glacier quartz omelette"
	if !bytes.Equal(Normalize([]byte(composed)), Normalize([]byte(decomposed))) {
		t.Fatal("composed and decomposed forms normalise differently")
	}
}

func TestLongPassphrasesAreKeptWhole(t *testing.T) {
	for _, n := range []int{64, 256, 1024} {
		words := Words()
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(words[(i*7919)%len(words)])
			b.WriteByte(' ')
		}
		p := b.String()[:n]
		if got := Normalize([]byte(p)); string(got) != p {
			t.Fatalf("%d characters: Normalize changed or truncated it", n)
		}
		if r := Check([]byte(p), nil); !r.Acceptable {
			t.Fatalf("%d characters of words refused: %+v", n, r)
		}
	}
}

func TestEveryLongBlocklistEntryIsRefused(t *testing.T) {
	n := 0
	for _, p := range frequency.FrequencyLists["passwords"] {
		if utf8.RuneCountInString(p) < MinLength {
			continue
		}
		n++
		r := Check([]byte(p), nil)
		if r.Acceptable {
			t.Errorf("blocklisted %q accepted", p)
		}
		if !strings.Contains(r.Warning, "commonly used") && r.GuessesLog10 >= MinGuessesLog10 {
			t.Errorf("blocklisted %q refused without the reason: %q", p, r.Warning)
		}
	}
	t.Logf("%d blocklisted entries of 15 or more characters checked", n)
}

func TestGenerate(t *testing.T) {
	if n, eff := len(Words()), len(effWords()); eff != 7776 || n < 7500 || n >= eff {
		t.Fatalf("word list has %d words of the EFF's %d", n, eff)
	}
	rng := rand.NewChaCha8([32]byte{1})
	counts := map[string]int{}
	for i := 0; i < 1000; i++ {
		p, err := Generate(DefaultWords, rng)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(p, "-")
		if len(parts) < DefaultWords {
			t.Fatalf("%q has %d parts", p, len(parts))
		}
		if !Check([]byte(p), nil).Acceptable {
			t.Fatalf("generated %q is not acceptable", p)
		}
		counts[parts[0]]++
	}
	// 1,000 draws over 7,645 words: no word should come up more than a few times.
	for w, c := range counts {
		if c > 6 {
			t.Errorf("word %q drawn %d times in 1,000", w, c)
		}
	}
	if _, err := Generate(3, rng); err == nil {
		t.Fatal("three words accepted")
	}
	if _, err := Generate(5, bytes.NewReader(nil)); err == nil {
		t.Fatal("an empty random source did not fail")
	}
}

func TestUniformIsUnbiased(t *testing.T) {
	rng := rand.NewChaCha8([32]byte{2})
	const n, draws = 6, 60000
	var c [n]int
	for i := 0; i < draws; i++ {
		v, err := uniform(rng, n)
		if err != nil {
			t.Fatal(err)
		}
		c[v]++
	}
	for i, k := range c {
		if k < draws/n*9/10 || k > draws/n*11/10 {
			t.Fatalf("value %d drawn %d times of %d", i, k, draws)
		}
	}
}

func TestJSONFieldNames(t *testing.T) {
	b, _ := json.Marshal(Check([]byte("x"), nil))
	for _, f := range []string{`"acceptable":`, `"score":`, `"label":`, `"guesses_log10":`, `"crack_time":`, `"warning":`, `"suggestions":[`} {
		if !bytes.Contains(b, []byte(f)) {
			t.Errorf("JSON %s lacks %s", b, f)
		}
	}
}

func TestCrackTime(t *testing.T) {
	a := DefaultAttack()
	for g, want := range map[float64]string{0: "less than a second", 6: "40 seconds", 10: "5 days", 14: "127 years", 20: "centuries"} {
		if got := CrackTime(g, a); got != want {
			t.Errorf("CrackTime(%v) = %q, want %q", g, got, want)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "Tr0ub4dor&3", "quartz-harbour-pepper-ostrich-tundra", "ﬁ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Check([]byte(s), []string{"ada"})
		if r.Acceptable && utf8.RuneCount(Normalize([]byte(s))) < MinLength {
			t.Fatalf("%q accepted below the minimum length", s)
		}
		if r.Score < 0 || r.Score > 4 {
			t.Fatalf("score %d", r.Score)
		}
		oneVerdict(t, s, r)
	})
}

func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{20, 200} {
		p := []byte(strings.Repeat("glacier quartz ", n/15+1)[:n])
		b.Run(string(rune('0'+n/100))+"x100chars", func(b *testing.B) {
			for b.Loop() {
				Check(p, nil)
			}
		})
	}
}

// oneVerdict fails when a Result's parts disagree: the label, the bar's
// score and the crack time come from the same verdict as Acceptable.
func oneVerdict(t *testing.T, p string, r Result) {
	t.Helper()
	if r.Acceptable != (r.Score >= 3) {
		t.Fatalf("%q: acceptable=%v but score %d", p, r.Acceptable, r.Score)
	}
	if r.Label != Labels[r.Score] {
		t.Fatalf("%q: label %q for score %d", p, r.Label, r.Score)
	}
	if refusedByRule := !r.Acceptable && r.GuessesLog10 >= MinGuessesLog10; refusedByRule != (r.CrackTime == "") {
		t.Fatalf("%q: crack time %q beside acceptable=%v at 10^%v", p, r.CrackTime, r.Acceptable, r.GuessesLog10)
	}
	if r.CrackTime != "" && r.CrackTime != CrackTime(r.GuessesLog10, DefaultAttack()) {
		t.Fatalf("%q: crack time %q is not the estimate's (10^%v)", p, r.CrackTime, r.GuessesLog10)
	}
	if r.Acceptable && r.GuessesLog10 < MinGuessesLog10 {
		t.Fatalf("%q: acceptable below 10^%d guesses", p, MinGuessesLog10)
	}
}

// TestOneVerdict: no refused passphrase is labelled good or strong, and a
// common password's crack time is the common list's, not its shape's.
func TestOneVerdict(t *testing.T) {
	for _, tc := range []struct {
		p, label string
		ok       bool
	}{
		{"Tr0ub4dor&3", "very weak", false},
		{"correcthorsebatterystaple", "", false},
		{"lantern-violin", "", false},
		{"password1234567", "", false},
		{"1qaz2wsx3edc4rfv5tgb", "", false},
		{"lovelace glacier quartz omelette", "", false},
		{"quartz-harbour-pepper-ostrich-tundra", "strong", true},
	} {
		t.Run(tc.p, func(t *testing.T) {
			r := Check([]byte(tc.p), []string{"ada", "lovelace", "1815"})
			oneVerdict(t, tc.p, r)
			if r.Acceptable != tc.ok {
				t.Fatalf("acceptable=%v, want %v: %+v", r.Acceptable, tc.ok, r)
			}
			if !r.Acceptable && (r.Label == "good" || r.Label == "strong") {
				t.Fatalf("refused but labelled %q", r.Label)
			}
			if tc.label != "" && r.Label != tc.label {
				t.Fatalf("label %q, want %q (%+v)", r.Label, tc.label, r)
			}
		})
	}
	if r := Check([]byte("Tr0ub4dor&3"), nil); r.CrackTime != "less than a second" {
		t.Fatalf("a famous password takes %q to crack", r.CrackTime)
	}
}

// TestAdviceSaysEachThingOnce: the warning and suggestions never give the
// same advice twice ("random words work well" was in two of them), and a
// passphrase refused for a rule though hard to guess shows no crack time
// ("centuries" beside "too weak").
func TestAdviceSaysEachThingOnce(t *testing.T) {
	for _, p := range []string{"Tr0ub4dor&3", "password", "password123", "abc", "correct horse battery staple",
		"kT9$vq2!Lm8@Zx", "Summer2024!Summer2024!", "ada lovelace 1815 quartz"} {
		r := Check([]byte(p), []string{"ada", "lovelace", "1815"})
		oneVerdict(t, p, r)
		all := strings.ToLower(r.Warning + " " + strings.Join(r.Suggestions, " "))
		for _, phrase := range []string{"random words", "at least 15", "nobody else", "another word"} {
			if n := strings.Count(all, phrase); n > 1 {
				t.Errorf("%q: %q said %d times: %q %q", p, phrase, n, r.Warning, r.Suggestions)
			}
		}
	}
	r := Check([]byte("kT9$vq2!Lm8@Zx"), nil)
	if r.Acceptable || r.CrackTime != "" || !strings.Contains(r.Warning, "14 characters") {
		t.Fatalf("a short random passphrase: %+v", r)
	}
}

// TestExcludedWords: the words for suggested passphrases leave out
// offensive and distressing ones. The categories checked are listed here,
// so dropping one fails; each excluded word must be on the EFF list (a typo
// would exclude nothing) and is never in Words or a generated passphrase.
func TestExcludedWords(t *testing.T) {
	want := []string{"death and dying", "violence, weapons and crime", "illness, injury and the body's troubles",
		"distress and despair", "addiction and drugs", "sexual or crude", "prejudice"}
	ex := excluded()
	if len(ex) != len(want) {
		t.Errorf("categories %d, want %d: %v", len(ex), len(want), ex)
	}
	eff := map[string]bool{}
	for _, w := range effWords() {
		eff[w] = true
	}
	words := map[string]bool{}
	for _, w := range Words() {
		words[w] = true
	}
	bad := map[string]bool{}
	for _, c := range want {
		if len(ex[c]) == 0 {
			t.Errorf("category %q is empty", c)
		}
		for _, w := range ex[c] {
			if !eff[w] {
				t.Errorf("%q (%s) is not on the EFF list", w, c)
			}
			if words[w] {
				t.Errorf("%q (%s) can be suggested", w, c)
			}
			bad[w] = true
		}
	}
	for _, w := range []string{"casket", "handgun", "cancer", "suicide", "grief", "morphine", "racism"} {
		if words[w] {
			t.Errorf("%q can be suggested", w)
		}
	}
	rng := rand.NewChaCha8([32]byte{9})
	for range 100 {
		p, err := Generate(DefaultWords, rng)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Split(p, "-") {
			if bad[w] {
				t.Fatalf("generated %q holds %q", p, w)
			}
		}
	}
}
