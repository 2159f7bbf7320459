// Package sensitive suggests the sensitive kinds (mental health, sexual
// and reproductive health, HIV, substance use, genetic, violence) that an
// entry's codes and words point to. It never suggests "private": only the
// person sets that.
//
// The rules live in tables/*.tsv, embedded in the binary: ICD-10 ranges,
// SNOMED CT concepts, LOINC tests, ATC prefixes, and words and phrases
// (including medicine names). Each table names its public source.
//
// Deliberately not sensitive: preventive vaccines (hepatitis B, HPV,
// influenza), since being vaccinated says nothing about a condition;
// smoking status ("Never smoker", nicotine F17); painkillers such as
// oxycodone/acetaminophen, which alone do not mean substance use
// ("abuse-deterrent" is a formulation, not abuse); blood-pressure drugs,
// paracetamol; diazepam and other benzodiazepines by name (widely used for
// muscle spasm and sedation), though their ATC class N05B counts;
// prochlorperazine (ATC N05AB04, mostly for nausea). Screening tests for
// hepatitis B and C are not sexual health. RxNorm codes are not listed
// (there are too many): RxNorm medicines are matched by their ingredient
// and brand names, which every export carries as the display.
//
// Known over-inclusions, accepted because a suggestion only holds an entry
// back until the person includes it: a routine depression screening is
// mental health; amitriptyline and duloxetine given for pain are mental
// health by their class; tenofovir and lamivudine given for hepatitis B are
// HIV by name; estradiol for menopause is sexual and reproductive health
// by ATC G03. Not covered: RxNorm or NDC codes without a name, SNOMED
// concepts outside snomed.tsv whose display names no listed word, and
// negation ("no history of depression" still suggests mental health).
package sensitive

import (
	"strings"
	"sync"
	"unicode"

	"github.com/phrhealth/phr/internal/record"
)

// rules returns the parsed tables; they are embedded, so an error here is
// a build defect caught by the tests.
var rules = sync.OnceValues(loadTables)

// Suggest returns the sensitive kinds that the entry's codes and words
// suggest, in canonical order (record.NormalizeKinds). It does not include
// the entry's own e.Sensitive. It returns nil when e.SensitiveReviewed is
// true (the person chose the kinds themselves).
func Suggest(e *record.Entry) []record.Kind {
	r := Reasons(e)
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
// for example "code icd10 F32.1" or "word \"methadone\" in the title". It
// returns an empty map when e.SensitiveReviewed is true.
func Reasons(e *record.Entry) map[record.Kind]string {
	out := map[record.Kind]string{}
	if e == nil || e.SensitiveReviewed {
		return out
	}
	t, err := rules()
	if err != nil {
		return out
	}
	add := func(k record.Kind, why string) {
		if _, ok := out[k]; !ok && k != "" {
			out[k] = why
		}
	}
	codes := []*record.Code{e.Code}
	for i := range e.Components {
		codes = append(codes, e.Components[i].Code)
	}
	for _, c := range codes {
		if c != nil {
			for _, k := range t.codeKinds(c) {
				add(k, strings.TrimSpace("code "+shortSystem(c.System)+" "+c.Code+" "+c.Display))
			}
		}
	}
	fields := []struct{ where, text string }{{"the title", e.Title}, {"the notes", e.Notes}}
	if e.Code != nil {
		fields = append(fields, struct{ where, text string }{"the code's name", e.Code.Display})
	}
	for _, f := range fields {
		for _, m := range t.matchWords(f.text) {
			add(m.kind, "word \""+m.text+"\" in "+f.where)
		}
	}
	return out
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
