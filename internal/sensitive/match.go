package sensitive

import (
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// shortSystem names a code system the way importers and people write it:
// URIs, OIDs and spellings all become "snomed", "loinc", "icd10", "atc"...
func shortSystem(s string) string {
	switch strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), "/") {
	case "http://snomed.info/sct", "snomed", "snomed-ct", "snomedct", "sct", "2.16.840.1.113883.6.96":
		return "snomed"
	case "http://loinc.org", "loinc", "2.16.840.1.113883.6.1":
		return "loinc"
	case "http://www.nlm.nih.gov/research/umls/rxnorm", "rxnorm", "2.16.840.1.113883.6.88":
		return "rxnorm"
	case "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm", "icd10", "icd-10", "icd10cm",
		"icd-10-cm", "2.16.840.1.113883.6.90", "2.16.840.1.113883.6.3":
		return "icd10"
	case "http://www.whocc.no/atc", "atc", "2.16.840.1.113883.6.73":
		return "atc"
	}
	return s
}

// codeKinds returns the kinds a code points to.
func (t *tables) codeKinds(c *record.Code) []record.Kind {
	code := strings.ToUpper(strings.TrimSpace(c.Code))
	var out []record.Kind
	switch shortSystem(c.System) {
	case "icd10":
		code = strings.ReplaceAll(code, ".", "")
		for _, r := range t.icd {
			if n := len(r.from); len(code) >= n && code[:n] >= r.from && code[:n] <= r.to {
				out = append(out, r.kind)
			}
		}
	case "snomed":
		out = append(out, t.snomed[code])
	case "loinc":
		out = append(out, t.loinc[code])
	case "atc":
		// The longest matching prefix wins, so a "-" row exempts one drug
		// of a sensitive class.
		best := ""
		for p := range t.atc {
			if strings.HasPrefix(code, p) && len(p) > len(best) {
				best = p
			}
		}
		if best != "" {
			out = append(out, t.atc[best])
		}
	}
	return slices.DeleteFunc(out, func(k record.Kind) bool { return k == "" })
}

// matchWords finds the table's phrases in text, longest first at each
// word, so "drug abuse" is substance use and not also violence, and a
// not-sensitive phrase ("abuse-deterrent") hides its words.
func (t *tables) matchWords(text string) []phrase {
	w := tokens(text)
	var out []phrase
	for i := 0; i < len(w); {
		best := -1
		var found phrase
		for _, p := range t.phrases[w[i]] {
			n := len(p.words)
			if n > best && i+n <= len(w) && equalWords(w[i:i+n], p.words, p.prefix) {
				best, found = n, p
			}
		}
		if best < 0 {
			for _, p := range t.prefix {
				if strings.HasPrefix(w[i], p.words[0]) {
					best, found = 1, p
					break
				}
			}
		}
		if best < 0 {
			i++
			continue
		}
		if found.kind != record.Kind("") {
			out = append(out, found)
		}
		i += best
	}
	return out
}

func equalWords(a, b []string, prefixLast bool) bool {
	for i := range b {
		if i == len(b)-1 && prefixLast {
			if !strings.HasPrefix(a[i], b[i]) {
				return false
			}
		} else if a[i] != b[i] {
			return false
		}
	}
	return true
}
