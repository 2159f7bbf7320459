package passphrase

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:embed eff_large_wordlist.txt
var effLarge string

//go:embed excluded_words.txt
var excludedText string

// excluded returns the words phr never suggests, by category (see
// excluded_words.txt: offensive and distressing words of the EFF list).
func excluded() map[string][]string {
	out := map[string][]string{}
	category := ""
	for _, line := range strings.Split(excludedText, "\n") {
		line = strings.TrimSpace(line)
		if c, ok := strings.CutPrefix(line, "# category: "); ok {
			category = c
			continue
		}
		if line != "" && !strings.HasPrefix(line, "#") {
			out[category] = append(out[category], line)
		}
	}
	return out
}

// effWords is the EFF large word list as published: 7,776 words, one per
// five dice rolls.
func effWords() []string {
	var words []string
	for _, line := range strings.Split(strings.TrimSpace(effLarge), "\n") {
		_, w, ok := strings.Cut(line, "\t")
		if ok {
			words = append(words, w)
		}
	}
	return words
}

// wordList is the EFF large word list without the excluded words.
var wordList = sync.OnceValue(func() []string {
	skip := map[string]bool{}
	for _, ws := range excluded() {
		for _, w := range ws {
			skip[w] = true
		}
	}
	var words []string
	for _, w := range effWords() {
		if !skip[w] {
			words = append(words, w)
		}
	}
	return words
})

// Words returns the word list Generate draws from.
func Words() []string { return append([]string(nil), wordList()...) }

// Generate returns a passphrase of n words drawn uniformly from the EFF large
// list less its offensive and distressing words (7,645 words, log2 = 12.9
// bits each; five words are about 64 bits), joined
// with "-". It reads randomness from r (crypto/rand.Reader in production) and
// uses rejection sampling, so no word is likelier than another. In the
// unlikely case that the words spell something the policy refuses (such as
// the word "record"), it draws again, so the result always passes Check.
func Generate(n int, r io.Reader) (string, error) {
	if n < MinWords {
		return "", fmt.Errorf("a generated passphrase needs at least %d words, not %d", MinWords, n)
	}
	if n > 64 {
		return "", fmt.Errorf("%d words is more than anyone can type: use at most 64", n)
	}
	words := wordList()
	for attempt := 0; attempt < 100; attempt++ {
		parts := make([]string, n)
		for i := range parts {
			idx, err := uniform(r, uint32(len(words)))
			if err != nil {
				return "", fmt.Errorf("generate passphrase: %w", err)
			}
			parts[i] = words[idx]
		}
		p := strings.Join(parts, "-")
		if Check([]byte(p), nil).Acceptable {
			return p, nil
		}
	}
	return "", fmt.Errorf("generate passphrase: no acceptable passphrase in 100 draws (is the random source broken?)")
}

// uniform returns a uniform value in [0, n) using rejection sampling.
func uniform(r io.Reader, n uint32) (uint32, error) {
	limit := (1<<32 - 1) - (1<<32-1)%n // largest multiple of n, exclusive-ish
	var b [4]byte
	for {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return 0, err
		}
		v := binary.LittleEndian.Uint32(b[:])
		if v < limit {
			return v % n, nil
		}
	}
}
