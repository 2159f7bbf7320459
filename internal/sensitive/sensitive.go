// Package sensitive suggests the sensitive kinds (mental health, sexual
// and reproductive health, HIV, substance use, genetic, violence) that an
// entry's codes, words and security labels point to. Words and codes never
// suggest "private": only the person sets that, or the source itself
// through a restricted (R) or very restricted (V) confidentiality label.
//
// The rules live in tables/*.tsv, embedded in the binary, each naming its
// public source: ICD-10, ICD-9-CM and ICD-11 ranges, SNOMED CT, LOINC,
// RxNorm and CPT concepts, ATC prefixes, security label codes (HL7 ActCode
// sensitivity, Confidentiality), and words and phrases (medicine names and
// brands, abbreviations, tests by organism or gene). Every coding of the
// entry and of its components is tested, and every text field that can
// reach an extract is read (see Reasons). Text is matched after Unicode
// NFKC, removal of format characters (zero-width, soft hyphen) and
// accents, and case folding; letters and digits split words ("HIV1+2").
//
// False alarms are answered by phrases marked "-" that hide their words
// (instructions such as "do not take if you are pregnant", "respiratory
// depression", "ST segment depression", "smoking cessation", "hearing
// aids") and by words that only count without a neighbour of another
// sense (ritonavir beside nirmatrelvir, PrEP beside bowel, testosterone in
// a serum level). Negation is deliberately not read: "HIV negative" and
// "no history of depression" still tell a reader the topic was tested or
// asked about, which is the sensitive fact. The one exception is the
// psychiatric line of a review of systems or an examination that only
// denies or finds normal, asked of every patient (routinePsychLine).
//
// Deliberately not sensitive: preventive vaccines (hepatitis B, HPV,
// influenza); smoking and nicotine (F17, ICD-9 305.1, ICD-11 6C4A);
// painkillers such as oxycodone/acetaminophen; blood-pressure drugs;
// diazepam and other benzodiazepines by name (their ATC class N05B
// counts), except alprazolam; prochlorperazine (ATC N05AB04, mostly for
// nausea); screening for hepatitis B and C.
//
// Known over-inclusions, accepted because a suggestion only holds an entry
// back until the person includes it: a routine depression screening is
// mental health; amitriptyline and duloxetine given for pain are mental
// health by their class; tenofovir and lamivudine given for hepatitis B are
// HIV by name; estradiol for menopause is sexual and reproductive health
// by ATC G03.
package sensitive

import (
	"regexp"
	"slices"
	"strings"
	"sync"

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

// Reasons explains in a few words why each suggested kind was suggested:
// the table, the code or word, and the field, for example
// "code icd10 F32.1 (icd10.tsv)", "word \"methadone\" in the title" or
// "security label PSY from the source". It returns an empty map when
// e.SensitiveReviewed is true.
//
// Every field that can reach an extract is read: the title, notes, value,
// unit, interpretation, reference range, status and tags; a medication's
// dose, route and frequency ("as needed for anxiety"); an allergy's
// reaction, severity and criticality; every coding of
// the entry and of its components (their codes and their names); the
// components' titles, values and units; attachment names; and the
// security labels the source put on the entry, which force their kind.
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
	for _, l := range e.Labels {
		if k := t.labelKind(l); k != "" {
			add(k, "security label "+strings.ToUpper(strings.TrimSpace(l.Code))+" from the source")
		}
	}
	codes := e.AllCodes()
	for i := range e.Components {
		c := &e.Components[i]
		if c.Code != nil {
			codes = record.AddCoding(codes, *c.Code)
		}
		for _, x := range c.Codings {
			codes = record.AddCoding(codes, x)
		}
	}
	for _, c := range codes {
		for _, h := range t.codeKinds(c) {
			add(h.kind, strings.TrimSpace("code "+systemOf(c.System)+" "+c.Code+" "+c.Display)+" ("+h.table+")")
		}
	}
	ctx := tokens(string(e.Category))
	for _, f := range entryFields(e, codes) {
		quiet := f.where == "the notes" && routinePsychLine(f.text)
		for _, m := range t.matchWords(f.text, ctx...) {
			if quiet && m.kind == record.MentalHealth {
				continue
			}
			add(m.kind, "word \""+m.text+"\" in "+f.where)
		}
	}
	return out
}

// psychHeading is the psychiatric heading of a review of systems or an
// examination line: "Psychiatric:", "Psychiatric/Behavioral:", "Psych:".
var psychHeading = regexp.MustCompile(`(?i)^\s*(psych|psychiatric)(\s*/\s*behaviou?ral)?\s*:`)

// midPsychHeading finds a psychiatric heading after the end of a sentence
// in a line ("Constitutional: Negative. Psychiatric/Behavioral: ...").
var midPsychHeading = regexp.MustCompile(`(?i)[.;]\s+(psych|psychiatric)(\s*/\s*behaviou?ral)?\s*:`)

// splitBeforePsych cuts a line before each psychiatric heading that
// follows the end of a sentence.
func splitBeforePsych(line string) []string {
	var out []string
	for {
		loc := midPsychHeading.FindStringIndex(line)
		if loc == nil {
			return append(out, line)
		}
		cut := loc[0] + 1 // keep the full stop with the part before
		out = append(out, line[:cut])
		line = strings.TrimLeft(line[cut:], " \t;.")
	}
}

// routinePsychLine reports whether a line of notes is the psychiatric line
// of a review of systems or an examination that finds nothing, asked of
// every patient: it starts with the heading ("Psychiatric:",
// "Psychiatric/Behavioral:", "Psych:") and only denies or finds normal
// ("Negative for depression and suicidal ideas", "Normal mood and affect",
// "The patient is not nervous/anxious"). A line that reports anything
// ("positive", "endorses", "reports", "history") is not routine.
func routinePsychLine(line string) bool {
	if !psychHeading.MatchString(line) {
		return false
	}
	w := tokens(line)
	body := slices.DeleteFunc(slices.Clone(w), func(x string) bool {
		return x == "psych" || x == "psychiatric" || x == "behavioral" || x == "behavioural"
	})
	if len(body) == 0 {
		return true // the heading alone, its findings on the lines below
	}
	denies := false
	for _, x := range body {
		switch x {
		case "positive", "endorses", "endorsed", "reports", "reported", "complains", "history", "hx", "diagnosed",
			"treated", "treatment", "medication", "medications", "referred", "referral", "admitted", "attempt", "attempts",
			"plan", "plans", "intent", "abnormal", "depressed", "anxious", "tearful", "flat", "agitated", "psychotic",
			"on", "seeing", "sees", "seen", "follows", "followed", "taking", "takes", "prescribed", "consult":
			if x == "anxious" && slices.Contains(w, "not") {
				continue // "The patient is not nervous/anxious"
			}
			return false
		case "negative", "denies", "denied", "no", "not", "normal", "appropriate", "unremarkable", "none":
			denies = true
		}
	}
	return denies
}

// ScanText returns the kinds that the words of a text suggest, each with
// its reason naming where ("the attachment letter.pdf"). Codes are not
// read from free text.
func ScanText(text, where string) map[record.Kind]string {
	out := map[record.Kind]string{}
	t, err := rules()
	if err != nil {
		return out
	}
	for _, m := range t.matchWords(text) {
		if _, ok := out[m.kind]; !ok {
			out[m.kind] = "word \"" + m.text + "\" in " + where
		}
	}
	return out
}

// field is one piece of an entry's text and where it is, for a reason.
type field struct{ where, text string }

// entryFields lists every text of the entry that can reach an extract.
func entryFields(e *record.Entry, codes []record.Code) []field {
	fs := []field{{"the title", e.Title}, {"the value", e.Value}, {"the unit", e.Unit},
		{"the interpretation", e.Interpretation}, {"the reference range", e.Range}, {"the status", e.Status},
		{"the tags", strings.Join(e.Tags, ", ")}, {"the dose", e.Dose}, {"the route", e.Route},
		{"the frequency", e.Frequency}, {"the reaction", e.Reaction}, {"the severity", e.Severity},
		{"the criticality", e.Criticality}}
	// Notes are read line by line: the importers write one fact a line
	// ("Seen by: Dr. Camila Ruiz"), and a word's other sense is told by
	// the words of its own line.
	// A review of systems written on one line is cut before its
	// psychiatric heading, so that routinePsychLine can read that part.
	for _, line := range strings.Split(e.Notes, "\n") {
		for _, part := range splitBeforePsych(line) {
			if strings.TrimSpace(part) != "" {
				fs = append(fs, field{"the notes", part})
			}
		}
	}
	for _, c := range codes {
		fs = append(fs, field{"the code's name", c.Display})
	}
	for i := range e.Components {
		c := &e.Components[i]
		fs = append(fs, field{"a component", c.Title}, field{"a component's value", c.Value},
			field{"a component's unit", c.Unit})
	}
	for _, a := range e.Attachments {
		fs = append(fs, field{"an attachment's name", a.Name})
	}
	return fs
}
