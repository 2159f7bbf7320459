package fhir

import "strings"

// Code system URIs that phr maps to short names.
const (
	SNOMED  = "http://snomed.info/sct"
	LOINC   = "http://loinc.org"
	RxNorm  = "http://www.nlm.nih.gov/research/umls/rxnorm"
	ICD10   = "http://hl7.org/fhir/sid/icd-10"
	ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
	CVX     = "http://hl7.org/fhir/sid/cvx"
	ATC     = "http://www.whocc.no/atc"
)

// ShortSystem returns phr's short name for a code system URI ("snomed",
// "loinc", "rxnorm", "icd10", "cvx", "atc"), or the URI unchanged.
func ShortSystem(uri string) string {
	switch strings.TrimRight(strings.TrimSpace(uri), "/") {
	case SNOMED:
		return "snomed"
	case LOINC:
		return "loinc"
	case RxNorm:
		return "rxnorm"
	case ICD10, ICD10CM:
		return "icd10"
	case CVX:
		return "cvx"
	case ATC:
		return "atc"
	}
	return uri
}

// Name returns a readable name: the text, else "given family", else the
// first non-empty part.
// Parts that say "null" (a system writing out a missing middle name, as
// in "JOEY null MILLER") are left out.
func (n HumanName) Name() string {
	if t := strings.TrimSpace(n.Text); t != "" {
		return DropNullWords(t)
	}
	parts := append(append([]string{}, n.Given...), n.Family)
	return DropNullWords(strings.Join(parts, " "))
}

// DropNullWords removes the words "null", "undefined" and "nil" that
// systems write for a missing part of a name, and extra spaces.
func DropNullWords(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		switch strings.ToLower(w) {
		case "null", "undefined", "nil":
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// String returns the address on one line.
func (a Address) String() string {
	if t := strings.TrimSpace(a.Text); t != "" {
		return t
	}
	var parts []string
	for _, p := range append(append([]string{}, a.Line...), a.City, a.District, a.State, a.PostalCode, a.Country) {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// Best returns the text of a concept: its text, else the first coding's
// display, else its first code.
func (c *CodeableConcept) Best() string {
	if c == nil {
		return ""
	}
	if t := strings.TrimSpace(c.Text); t != "" {
		return t
	}
	for _, cd := range c.Coding {
		if d := strings.TrimSpace(cd.Display); d != "" {
			return d
		}
	}
	for _, cd := range c.Coding {
		if cd.Code != "" {
			return cd.Code
		}
	}
	return ""
}

// Primary returns the first coding with a display, else the first coding,
// or nil when there is none.
func (c *CodeableConcept) Primary() *Coding {
	if c == nil || len(c.Coding) == 0 {
		return nil
	}
	for i := range c.Coding {
		if strings.TrimSpace(c.Coding[i].Display) != "" && c.Coding[i].Code != "" {
			return &c.Coding[i]
		}
	}
	return &c.Coding[0]
}

// HasCode reports whether any coding has the given code (any system).
func (c *CodeableConcept) HasCode(code string) bool {
	if c == nil {
		return false
	}
	for _, cd := range c.Coding {
		if cd.Code == code {
			return true
		}
	}
	return false
}
