package sensitive

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"

	"github.com/phrhealth/phr/internal/record"
)

//go:embed tables/*.tsv
var tableFiles embed.FS

// codeRange is an inclusive range of classification codes (ICD-10, ICD-9,
// ICD-11, ICD-10-PCS) written without the dot, compared on their first len(from)
// characters (F20-F99, or Z114 for Z11.4). Kind "" exempts a narrower
// range from a wider one (ICD-9 305.1 tobacco inside 305).
type codeRange struct {
	from, to string
	kind     record.Kind
	table    string
}

// phrase is a word or words to find; prefix matches any word ending.
type phrase struct {
	words  []string
	prefix bool
	kind   record.Kind // "" for a phrase that is not sensitive
	text   string
	// unless lists words that, anywhere in the same field, mean the phrase
	// has another sense there (ritonavir beside nirmatrelvir is COVID-19
	// treatment, not HIV).
	unless []string
}

// tables holds the parsed tables. They are read once and never changed.
type tables struct {
	ranges  map[string][]codeRange        // by short system: icd10, icd9, icd11
	exact   map[string]map[string]codeRow // by short system: snomed, loinc, rxnorm, cpt
	atc     map[string]record.Kind        // by prefix
	labels  map[string]record.Kind        // security label code -> kind
	phrases map[string][]phrase           // by first word
	prefix  []phrase                      // single words matched by prefix
}

// codeRow is one concept of an exact-code table.
type codeRow struct {
	kind  record.Kind
	name  string
	table string
}

// rangeTables and exactTables name the table files per code system.
var (
	rangeTables = map[string]string{"icd10": "icd10.tsv", "icd9": "icd9.tsv", "icd11": "icd11.tsv",
		"icd10pcs": "icd10pcs.tsv", "cpt": "cpt_ranges.tsv"}
	// exactTables lists, per system, the hand list first and then the
	// published value sets: the first table that lists a code decides it.
	exactTables = map[string][]string{"snomed": {"snomed.tsv", "snomed_c2s.tsv"}, "loinc": {"loinc.tsv", "loinc_c2s.tsv"},
		"rxnorm": {"rxnorm.tsv"}, "cpt": {"cpt.tsv"}}
)

// loadTables parses the embedded tables.
func loadTables() (*tables, error) {
	t := &tables{ranges: map[string][]codeRange{}, exact: map[string]map[string]codeRow{},
		atc: map[string]record.Kind{}, labels: map[string]record.Kind{}, phrases: map[string][]phrase{}}
	for sys, file := range rangeTables {
		err := eachRow(file, 3, func(f []string) error {
			from, to := strings.ToUpper(f[0]), strings.ToUpper(f[1])
			if len(from) < 2 || len(from) != len(to) || from > to {
				return fmt.Errorf("range %s-%s: want two codes of the same length, in order", f[0], f[1])
			}
			k, err := kindOrNone(f[2])
			t.ranges[sys] = append(t.ranges[sys], codeRange{from: from, to: to, kind: k, table: file})
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	for sys, files := range exactTables {
		rows := map[string]codeRow{}
		for _, file := range files {
			mine := map[string]bool{}
			err := eachRow(file, 2, func(f []string) error {
				k, err := kindOrNone(f[1])
				name := ""
				if len(f) > 2 {
					name = f[2]
				}
				code := strings.ToUpper(strings.TrimSpace(f[0]))
				if mine[code] {
					return fmt.Errorf("code %s listed twice", code)
				}
				mine[code] = true
				if _, earlier := rows[code]; !earlier {
					rows[code] = codeRow{kind: k, name: name, table: file}
				}
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		t.exact[sys] = rows
	}
	err := eachRow("atc.tsv", 2, func(f []string) error {
		k, err := kindOrNone(f[1])
		t.atc[strings.ToUpper(f[0])] = k
		return err
	})
	if err == nil {
		// Labels may say "private": the source's own restricted and very
		// restricted confidentiality are the person's kind of secret.
		err = eachRow("labels.tsv", 2, func(f []string) error {
			k, err := record.ParseKind(f[1])
			t.labels[strings.ToUpper(f[0])] = k
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
			p := phrase{words: phraseWords(text), prefix: strings.HasSuffix(f[0], "*"), kind: k, text: text}
			if len(f) > 2 {
				for _, u := range strings.Split(f[2], ",") {
					p.unless = append(p.unless, tokens(u)...)
				}
			}
			switch {
			case len(p.words) == 0:
				return fmt.Errorf("empty phrase")
			case p.prefix && len(p.words) == 1:
				t.prefix = append(t.prefix, p)
			default:
				t.phrases[p.words[0]] = append(t.phrases[p.words[0]], p)
			}
			return nil
		})
	}
	return t, err
}

// phraseWords splits a phrase of words.tsv into folded words, keeping
// "#" (any number) as a word of its own.
func phraseWords(text string) []string {
	var out []string
	for _, part := range strings.Fields(text) {
		if part == "#" {
			out = append(out, "#")
			continue
		}
		out = append(out, tokens(part)...)
	}
	return out
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
// (or the source's own confidentiality label) sets it.
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

// matcherVersion is bumped when the matching code (not a table) changes
// what Suggest finds, so that stored kinds are inferred again (Version).
const matcherVersion = "7"

// Version names the tables and matcher this phr infers kinds with: a hash
// of every embedded table and matcherVersion. A vault keeps the Version its
// stored kinds were inferred with; when it differs, internal/app infers
// them again once.
var Version = sync.OnceValue(func() string {
	h := sha256.New()
	io.WriteString(h, "matcher "+matcherVersion+"\n")
	files, _ := fs.Glob(tableFiles, "tables/*.tsv") // sorted
	for _, f := range files {
		b, _ := tableFiles.ReadFile(f)
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
})
