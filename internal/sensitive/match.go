package sensitive

import (
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// codeHit is one kind a code points to, with the table that says so.
type codeHit struct {
	kind  record.Kind
	table string
}

// classCode writes a classification code the way the range tables do:
// upper case, without dots or spaces, and without an ICD-11 cluster's
// extension codes ("6A70.0&XS25" is read as 6A700).
func classCode(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if i := strings.IndexAny(c, "&/"); i > 0 {
		c = c[:i]
	}
	return strings.NewReplacer(".", "", " ", "").Replace(c)
}

// codeKinds returns the kinds a code points to, each with its table.
func (t *tables) codeKinds(c record.Code) []codeHit {
	sys := systemOf(c.System)
	if sys == "hcpcs" {
		// HCPCS Level II codes share the CPT tables: many sources send
		// them under the CPT system anyway, and the two never collide
		// (a letter and four digits against five digits).
		sys = "cpt"
	}
	var out []codeHit
	if rs, ok := t.ranges[sys]; ok {
		code := classCode(c.Code)
		var hits []codeRange
		exempt := 0
		for _, r := range rs {
			if n := len(r.from); len(code) >= n && code[:n] >= r.from && code[:n] <= r.to {
				hits = append(hits, r)
				if r.kind == "" {
					exempt = max(exempt, n)
				}
			}
		}
		// A narrower "-" row exempts a code from the wider rows around it;
		// rows narrower still count again.
		for _, r := range hits {
			if r.kind != "" && len(r.from) > exempt {
				out = append(out, codeHit{r.kind, r.table})
			}
		}
		if sys == "icd10" {
			if k := intentKind(code); k != "" {
				out = append(out, codeHit{k, "ICD-10-CM intent character"})
			}
		}
	}
	// CPT has both: ranges of a family (psychiatry 90785-90899) and single
	// codes.
	if rows, ok := t.exact[sys]; ok {
		if r, ok := rows[strings.ToUpper(strings.TrimSpace(c.Code))]; ok && r.kind != "" {
			out = append(out, codeHit{r.kind, r.table})
		}
		return out
	}
	if sys == "atc" {
		// The longest matching prefix wins, so a "-" row exempts one drug
		// of a sensitive class.
		code := strings.ToUpper(strings.TrimSpace(c.Code))
		best := ""
		for p := range t.atc {
			if strings.HasPrefix(code, p) && len(p) > len(best) {
				best = p
			}
		}
		if best != "" && t.atc[best] != "" {
			out = append(out, codeHit{t.atc[best], "atc.tsv"})
		}
	}
	return out
}

// systemOf names a coding's system the way the tables do: as
// record.ShortSystem does, but ICD-10-PCS ("icd10pcs": procedure codes are
// not diagnoses, "F13Z..." is a hearing test, not F13 sedative use) and
// HCPCS ("hcpcs") apart, and a spelling ShortSystem does not know read by
// the name it contains, as producers write edition URIs
// ("http://snomed.info/sct/731000124108"), national variants
// ("http://hl7.org/fhir/sid/icd-10-nl") and their own spellings.
func systemOf(system string) string {
	switch {
	case isPCS(system):
		return "icd10pcs"
	case isHCPCS(system):
		return "hcpcs"
	}
	sys := record.ShortSystem(system)
	switch sys {
	case "snomed", "loinc", "rxnorm", "icd10", "icd9", "icd11", "cvx", "atc", "ndc", "cpt":
		return sys
	}
	s := strings.ToLower(system)
	if strings.Contains(s, "proc") {
		return sys // ICD-9-CM volume 3 and other procedure classifications
	}
	for _, k := range []struct{ has, sys string }{
		{"snomed", "snomed"}, {"loinc", "loinc"}, {"rxnorm", "rxnorm"}, {"icd-10", "icd10"}, {"icd10", "icd10"},
		{"icd-9", "icd9"}, {"icd9", "icd9"}, {"icd-11", "icd11"}, {"icd11", "icd11"}, {"whocc.no/atc", "atc"},
		{"ama-assn.org", "cpt"},
	} {
		if strings.Contains(s, k.has) {
			return k.sys
		}
	}
	return sys
}

// isPCS reports whether a code system is ICD-10-PCS (by its URLs or its
// OID 2.16.840.1.113883.6.4), which record.ShortSystem counts as ICD-10.
func isPCS(system string) bool {
	s := strings.ToLower(strings.TrimSpace(system))
	s = strings.TrimPrefix(s, "urn:oid:")
	return s == "2.16.840.1.113883.6.4" || strings.Contains(s, "icd10pcs") || strings.Contains(s, "icd-10-pcs") ||
		s == "http://www.cms.gov/medicare/coding/icd10"
}

// isHCPCS reports whether a code system is HCPCS Level II (OID
// 2.16.840.1.113883.6.285 or a CMS HCPCS URL).
func isHCPCS(system string) bool {
	s := strings.ToLower(strings.TrimSpace(system))
	s = strings.TrimPrefix(s, "urn:oid:")
	return s == "2.16.840.1.113883.6.285" || s == "hcpcs" || strings.Contains(s, "hcpcs")
}

// intentKind reads the intent that ICD-10-CM writes in the sixth
// character of a poisoning, toxic effect or asphyxiation code (T36-T65,
// T71; "T42.4X2A" is written T424X2A here): 2 intentional self-harm
// (mental health), 3 assault (violence). 1 accidental, 4 undetermined and
// 5 adverse effect say nothing sensitive. WHO ICD-10 codes stop at four
// characters and so never match.
func intentKind(code string) record.Kind {
	if len(code) < 6 || code[0] != 'T' {
		return ""
	}
	if !(code[:3] >= "T36" && code[:3] <= "T65") && code[:3] != "T71" {
		return ""
	}
	switch code[5] {
	case '2':
		return record.MentalHealth
	case '3':
		return record.Violence
	}
	return ""
}

// labelKind returns the kind a security label forces, if any: HL7 ActCode
// sensitivity codes (PSY, ETH, HIV, SDV, SEX, STD, GDIS...) and the
// confidentiality codes R and V. A label's code is read whatever system it
// names, since only security labels are kept in Entry.Labels; R and V
// count only under a confidentiality system (or none).
func (t *tables) labelKind(l record.Code) record.Kind {
	code := strings.ToUpper(strings.TrimSpace(l.Code))
	k, ok := t.labels[code]
	if !ok {
		return ""
	}
	if code == "R" || code == "V" {
		sys := strings.ToLower(l.System)
		if sys != "" && !strings.Contains(sys, "confidentiality") && !strings.HasSuffix(sys, "2.16.840.1.113883.5.25") {
			return ""
		}
	}
	return k
}

// matchWords finds the table's phrases in text, longest first at each
// word, so "drug abuse" is substance use and not also violence, and a
// not-sensitive phrase ("abuse-deterrent", "respiratory depression")
// hides its words.
//
// ctx lists words that count as in the field for a phrase's "unless"
// words though they are not matched themselves: the entry's category, so
// that IPV in an immunization is the polio vaccine.
func (t *tables) matchWords(text string, ctx ...string) []phrase {
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
		if found.kind != "" && !slices.ContainsFunc(found.unless, func(u string) bool { return slices.Contains(w, u) || slices.Contains(ctx, u) }) {
			out = append(out, found)
		}
		i += best
	}
	return out
}

// equalWords reports whether the words a begin with the phrase b; a "#"
// in b stands for any number, and the last word of a prefix phrase for any
// word it begins.
func equalWords(a, b []string, prefixLast bool) bool {
	for i := range b {
		if b[i] == "#" {
			if !isDigits(a[i]) {
				return false
			}
		} else if i == len(b)-1 && prefixLast {
			if !strings.HasPrefix(a[i], b[i]) {
				return false
			}
		} else if a[i] != b[i] {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
