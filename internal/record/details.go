package record

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The details only some categories have: how a medication is taken, and what
// an allergy does. They are kept in the entry's own fields (JSON "dose",
// "route", "frequency", "reaction", "severity", "criticality"), in the
// store's columns of the same names and in an extract's
// MedicationStatement.dosage and AllergyIntolerance.criticality and
// reaction.

// severities are FHIR's AllergyIntolerance.reaction.severity codes.
var severities = []string{"mild", "moderate", "severe"}

// criticalities are FHIR's AllergyIntolerance.criticality codes.
var criticalities = []string{"low", "high", "unable-to-assess"}

// Severities returns the severity codes of an allergy's reaction.
func Severities() []string { return slices.Clone(severities) }

// Criticalities returns the criticality codes of an allergy.
func Criticalities() []string { return slices.Clone(criticalities) }

// CriticalityWords says an allergy's criticality as people do.
func CriticalityWords(c string) string {
	switch c {
	case "low":
		return "low risk"
	case "high":
		return "high risk: could be life-threatening"
	case "unable-to-assess":
		return "risk not known"
	}
	return c
}

// Routes are the ways of taking a medicine phr suggests; any other words
// may be typed.
func Routes() []string {
	return []string{"by mouth", "under the tongue", "on the skin", "inhaled", "in the eye", "in the ear", "in the nose",
		"injection under the skin", "injection into a muscle", "into a vein", "rectal", "vaginal"}
}

// Frequencies are the usual answers to "how often" phr suggests; any other
// words may be typed.
func Frequencies() []string {
	return []string{"once a day", "twice a day", "three times a day", "four times a day", "every morning", "every night",
		"every 4 hours", "every 6 hours", "every 8 hours", "every 12 hours", "once a week", "as needed"}
}

// Dose is a medication's dose read into its amount and unit: "500 mg", or
// "1-2 tablets" (Low 1, High 2).
type Dose struct {
	Low, High string // High is empty for one amount
	Unit      string
}

// String writes the dose as phr keeps it: "500 mg", "1-2 tablets".
func (d Dose) String() string {
	s := d.Low
	if d.High != "" {
		s += "-" + d.High
	}
	if d.Unit != "" {
		s += " " + d.Unit
	}
	return s
}

// ParseDose reads a dose as people write it: an amount, or a range of two,
// then its unit ("500 mg", "500mg", "1 tablet", "1-2 puffs", "0.5 ml",
// "2,5 mg"). It refuses words without an amount, naming an example.
func ParseDose(s string) (Dose, error) {
	in := strings.Join(strings.Fields(s), " ")
	bad := fmt.Errorf("dose %q: start with the amount, then its unit, such as 500 mg, 1 tablet or 1-2 puffs", in)
	low, rest, ok := amount(in)
	if !ok {
		return Dose{}, bad
	}
	d := Dose{Low: low}
	rest = strings.TrimSpace(rest)
	for _, sep := range []string{"-", "–", "to "} {
		if r, ok := strings.CutPrefix(rest, sep); ok {
			high, r2, ok := amount(strings.TrimSpace(r))
			if !ok {
				return Dose{}, bad
			}
			d.High, rest = high, strings.TrimSpace(r2)
			break
		}
	}
	d.Unit = rest
	if strings.ContainsAny(d.Unit, "0123456789") && !strings.Contains(d.Unit, "/") {
		// "500 mg 2" or "1 tablet 3 times": a dose and a frequency mixed.
		return Dose{}, fmt.Errorf("dose %q: give the amount once, such as 500 mg, and how often under frequency", in)
	}
	return d, nil
}

// amount reads a positive number at the start of s: "500", "0.5", "2,5".
func amount(s string) (num, rest string, ok bool) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s[:i], ",", "."), 64)
	if i == 0 || err != nil || f <= 0 || !InRange(f) {
		return "", s, false
	}
	// One spelling of each amount ("2.50" is 2.5), a plain decimal as an
	// extract's Quantity.value needs.
	return strconv.FormatFloat(f, 'f', -1, 64), s[i:], true
}

// checkDetails checks and tidies the fields only some categories have.
func (e *Entry) checkDetails() error {
	for _, p := range []*string{&e.Dose, &e.Route, &e.Frequency, &e.Reaction, &e.Severity, &e.Criticality} {
		*p = strings.Join(strings.Fields(*p), " ")
	}
	only := func(c Category, fields ...[2]string) error {
		if e.Category == c {
			return nil
		}
		for _, f := range fields {
			if f[1] != "" {
				return fmt.Errorf("%s has no %s: leave it out (only %s has one)", e.Category.A(), f[0], c.A())
			}
		}
		return nil
	}
	if err := only(Medication, [2]string{"dose", e.Dose}, [2]string{"route", e.Route}, [2]string{"frequency", e.Frequency}); err != nil {
		return err
	}
	if err := only(Allergy, [2]string{"reaction", e.Reaction}, [2]string{"severity", e.Severity}, [2]string{"criticality", e.Criticality}); err != nil {
		return err
	}
	if e.Dose != "" {
		d, err := ParseDose(e.Dose)
		if err != nil {
			return err
		}
		e.Dose = d.String()
	}
	e.Severity = strings.ToLower(e.Severity)
	if e.Severity != "" && !slices.Contains(severities, e.Severity) {
		return fmt.Errorf("unknown severity %q: use one of %s", e.Severity, strings.Join(severities, ", "))
	}
	e.Criticality = strings.ReplaceAll(strings.ToLower(e.Criticality), " ", "-")
	if e.Criticality != "" && !slices.Contains(criticalities, e.Criticality) {
		return fmt.Errorf("unknown criticality %q: use one of %s", e.Criticality, strings.Join(criticalities, ", "))
	}
	return nil
}

// A names one entry of the category with its article: "a medication", "an
// allergy".
func (c Category) A() string {
	if strings.IndexByte("aeiou", string(c + " ")[0]) >= 0 {
		return "an " + string(c)
	}
	return "a " + string(c)
}

// Dosage says how a medication is taken in one line: "500 mg by mouth twice
// a day"; empty when nothing is known.
func (e *Entry) Dosage() string {
	return strings.Join(strings.Fields(e.Dose+" "+e.Route+" "+e.Frequency), " ")
}
