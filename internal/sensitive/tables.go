package sensitive

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

//go:embed tables/*.tsv
var tableFiles embed.FS

// icdRange is an inclusive range of ICD-10 codes written without the dot,
// compared on their first len(from) characters (F20-F99, or Z114 for Z11.4).
type icdRange struct {
	from, to string
	kind     record.Kind
}

// phrase is a word or words to find; prefix matches any word ending.
type phrase struct {
	words  []string
	prefix bool
	kind   record.Kind // "" for a phrase that is not sensitive
	text   string
}

// tables holds the parsed tables. They are read once and never changed.
type tables struct {
	icd     []icdRange
	snomed  map[string]record.Kind
	loinc   map[string]record.Kind
	atc     map[string]record.Kind // by prefix
	phrases map[string][]phrase    // by first word
	prefix  []phrase               // single words matched by prefix
	maxLen  int                    // longest phrase, in words
}

// loadTables parses the embedded tables.
func loadTables() (*tables, error) {
	t := &tables{snomed: map[string]record.Kind{}, loinc: map[string]record.Kind{},
		atc: map[string]record.Kind{}, phrases: map[string][]phrase{}}
	err := eachRow("icd10.tsv", 3, func(f []string) error {
		from, to := strings.ToUpper(f[0]), strings.ToUpper(f[1])
		if len(from) < 3 || len(from) != len(to) || from > to {
			return fmt.Errorf("range %s-%s: want two codes of the same length, in order", f[0], f[1])
		}
		k, err := kind(f[2])
		t.icd = append(t.icd, icdRange{from: from, to: to, kind: k})
		return err
	})
	for _, tab := range []struct {
		file string
		into map[string]record.Kind
	}{{"snomed.tsv", t.snomed}, {"loinc.tsv", t.loinc}, {"atc.tsv", t.atc}} {
		if err != nil {
			break
		}
		err = eachRow(tab.file, 2, func(f []string) error {
			k, err := kindOrNone(f[1])
			tab.into[strings.ToUpper(f[0])] = k
			return err
		})
	}
	if err == nil {
		err = eachRow("words.tsv", 2, func(f []string) error {
			k, err := kindOrNone(f[1])
			if err != nil {
				return err
			}
			text := strings.TrimSuffix(f[0], "*")
			p := phrase{words: tokens(text), prefix: strings.HasSuffix(f[0], "*"), kind: k, text: text}
			switch {
			case len(p.words) == 0:
				return fmt.Errorf("empty phrase")
			case p.prefix && len(p.words) == 1:
				t.prefix = append(t.prefix, p)
			default:
				t.phrases[p.words[0]] = append(t.phrases[p.words[0]], p)
			}
			t.maxLen = max(t.maxLen, len(p.words))
			return nil
		})
	}
	return t, err
}

// kindOrNone reads a kind, or "-" (returned as "") for a row that marks
// something as not sensitive.
func kindOrNone(s string) (record.Kind, error) {
	if s == "-" {
		return "", nil
	}
	return kind(s)
}

// kind reads a sensitive kind; "private" is refused, as only the person
// sets it.
func kind(s string) (record.Kind, error) {
	k, err := record.ParseKind(s)
	if err == nil && k == record.Private {
		return "", fmt.Errorf("the private kind is only set by the person")
	}
	return k, err
}

// eachRow calls fn for every data row of a table, skipping comments and
// blank lines; each row must have at least n tab-separated fields.
func eachRow(name string, n int, fn func([]string) error) error {
	data, err := tableFiles.ReadFile("tables/" + name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) < n {
			return fmt.Errorf("tables/%s line %d: want %d tab-separated fields", name, line, n)
		}
		if err := fn(f); err != nil {
			return fmt.Errorf("tables/%s line %d: %w", name, line, err)
		}
	}
	return sc.Err()
}

// tokens splits text into lower-case words of letters and digits; every
// other character (space, hyphen, punctuation) separates words.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && isLetterOrDigit(r))
	})
}
