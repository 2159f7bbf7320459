// Package sensitive suggests the sensitive kinds (mental health, sexual
// health, HIV, substance use, genetic, violence) that an entry's codes and
// words point to. It never suggests "private": only the person sets that.
package sensitive

import (
	"regexp"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// Suggest returns the sensitive kinds that the entry's codes and words
// suggest, in canonical order (record.NormalizeKinds). It does not include
// the entry's own e.Sensitive. It returns nil when e.SensitiveReviewed is
// true (the person chose the kinds themselves).
func Suggest(e *record.Entry) []record.Kind {
	if e == nil || e.SensitiveReviewed {
		return nil
	}
	r := reasons(e)
	if len(r) == 0 {
		return nil
	}
	ks := make([]record.Kind, 0, len(r))
	for k := range r {
		ks = append(ks, k)
	}
	return record.NormalizeKinds(ks)
}

// Effective returns the union of e.Sensitive and Suggest(e), in canonical
// order (just e.Sensitive, normalized, when e.SensitiveReviewed).
func Effective(e *record.Entry) []record.Kind {
	if e == nil {
		return nil
	}
	all := append(append([]record.Kind{}, e.Sensitive...), Suggest(e)...)
	return record.NormalizeKinds(all)
}

// Reasons explains in a few words why each suggested kind was suggested,
// for example "code icd10 F32.1" or "word \"methadone\" in the title".
// It returns an empty map when e.SensitiveReviewed is true.
func Reasons(e *record.Entry) map[record.Kind]string {
	if e == nil || e.SensitiveReviewed {
		return map[record.Kind]string{}
	}
	return reasons(e)
}

func reasons(e *record.Entry) map[record.Kind]string {
	out := map[record.Kind]string{}
	add := func(k record.Kind, why string) {
		if _, ok := out[k]; !ok {
			out[k] = why
		}
	}
	codes := []*record.Code{e.Code}
	for i := range e.Components {
		codes = append(codes, e.Components[i].Code)
	}
	for _, c := range codes {
		if c == nil {
			continue
		}
		for _, k := range codeKinds(c) {
			add(k, "code "+shortSystem(c.System)+" "+c.Code)
		}
	}
	fields := []struct{ where, text string }{{"the title", e.Title}, {"the notes", e.Notes}}
	if e.Code != nil {
		fields = append(fields, struct{ where, text string }{"the code's name", e.Code.Display})
	}
	for _, f := range fields {
		for _, m := range matchWords(f.text) {
			add(m.kind, "word \""+m.word+"\" in "+f.where)
		}
	}
	return out
}

func shortSystem(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "http://snomed.info/sct", "snomed", "snomed-ct", "sct", "2.16.840.1.113883.6.96":
		return "snomed"
	case "http://loinc.org", "loinc", "2.16.840.1.113883.6.1":
		return "loinc"
	case "http://www.nlm.nih.gov/research/umls/rxnorm", "rxnorm", "2.16.840.1.113883.6.88":
		return "rxnorm"
	case "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm", "icd10", "icd-10", "icd10cm", "icd-10-cm",
		"2.16.840.1.113883.6.90", "2.16.840.1.113883.6.3":
		return "icd10"
	case "http://www.whocc.no/atc", "atc", "2.16.840.1.113883.6.73":
		return "atc"
	}
	return s
}

func codeKinds(c *record.Code) []record.Kind {
	code := strings.ToUpper(strings.TrimSpace(c.Code))
	var out []record.Kind
	switch shortSystem(c.System) {
	case "icd10":
		code = strings.ReplaceAll(code, ".", "")
		for _, r := range icdRanges {
			if len(code) >= 3 && code[:3] >= r.from && code[:3] <= r.to {
				out = append(out, r.kind)
			}
		}
	case "snomed":
		if k, ok := snomedCodes[code]; ok {
			out = append(out, k)
		}
	case "loinc":
		if k, ok := loincCodes[code]; ok {
			out = append(out, k)
		}
	case "atc":
		for p, k := range atcPrefixes {
			if strings.HasPrefix(code, p) {
				out = append(out, k)
			}
		}
	}
	return out
}

type icdRange struct {
	from, to string
	kind     record.Kind
}

var icdRanges = []icdRange{
	{"F01", "F09", record.MentalHealth}, {"F20", "F99", record.MentalHealth},
	{"F10", "F19", record.SubstanceUse},
	{"B20", "B24", record.HIV}, {"Z21", "Z21", record.HIV},
	{"A50", "A64", record.SexualHealth}, {"O00", "O9A", record.SexualHealth}, {"Z30", "Z30", record.SexualHealth},
	{"T74", "T74", record.Violence}, {"T76", "T76", record.Violence}, {"Y07", "Y07", record.Violence},
	{"Q90", "Q99", record.Genetic},
}

var snomedCodes = map[string]record.Kind{
	"35489007": record.MentalHealth, "197480006": record.MentalHealth, "370143000": record.MentalHealth,
	"13746004": record.MentalHealth, "58214004": record.MentalHealth,
	"86406008": record.HIV, "165816005": record.HIV,
	"105629000": record.SexualHealth, "19169002": record.SexualHealth, "79586000": record.SexualHealth,
	"424441002": record.SexualHealth, "72892002": record.SexualHealth,
	"7200002": record.SubstanceUse, "5602001": record.SubstanceUse,
}

var loincCodes = map[string]record.Kind{
	"75622-1": record.HIV, "7917-8": record.HIV, "56888-1": record.HIV,
	"2106-3": record.SexualHealth, "19080-1": record.SexualHealth,
}

var atcPrefixes = map[string]record.Kind{
	"N06A": record.MentalHealth, "N05A": record.MentalHealth, "N05B": record.MentalHealth,
	"J05AE": record.HIV, "J05AF": record.HIV, "J05AG": record.HIV, "J05AR": record.HIV,
	"N07BC": record.SubstanceUse, "G03A": record.SexualHealth,
}

type wordMatch struct {
	word string
	kind record.Kind
}

var words = map[record.Kind][]string{
	record.MentalHealth: {"depression", "depressive", "anxiety", "bipolar", "schizophrenia", "suicide", "self-harm", "psychiatric", "psychiatry", "psychiatrist",
		"escitalopram", "citalopram", "sertraline", "fluoxetine", "paroxetine", "trazodone", "mirtazapine", "venlafaxine", "duloxetine", "amitriptyline",
		"quetiapine", "olanzapine", "risperidone", "aripiprazole", "lithium"},
	record.SexualHealth: {"chlamydia", "gonorrhoea", "gonorrhea", "syphilis", "pregnancy", "miscarriage", "abortion", "termination of pregnancy", "contraception", "contraceptive", "ivf",
		"levonorgestrel", "ethinyl estradiol", "drospirenone", "yaz", "norethindrone", "jolivette", "medroxyprogesterone", "etonogestrel"},
	record.HIV:          {"hiv", "tenofovir", "emtricitabine", "efavirenz", "dolutegravir", "bictegravir"},
	record.SubstanceUse: {"alcohol dependence", "opioid dependence", "methadone", "buprenorphine", "naltrexone", "heroin", "cocaine"},
	record.Genetic:      {"brca", "brca1", "brca2", "genetic test", "genetic testing"},
	record.Violence:     {"domestic violence", "abuse", "assault"},
}

var wordRE = func() map[string]*regexp.Regexp {
	m := map[string]*regexp.Regexp{}
	for _, ws := range words {
		for _, w := range ws {
			m[w] = regexp.MustCompile(`(?i)(^|[^\pL\pN])` + regexp.QuoteMeta(w) + `($|[^\pL\pN])`)
		}
	}
	return m
}()

func matchWords(text string) []wordMatch {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	var out []wordMatch
	for _, k := range record.Kinds() {
		for _, w := range words[k] {
			if wordRE[w].MatchString(text) {
				out = append(out, wordMatch{w, k})
			}
		}
	}
	return out
}
