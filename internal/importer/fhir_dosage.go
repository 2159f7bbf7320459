package importer

import (
	"fmt"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// applyDosage fills a medication entry's Dose, Route and Frequency from
// the dosage of a statement or request, when it gives one (several, as a
// dose that tapers, stay in words in Notes: one field each cannot hold
// them). It returns the notes for what no field holds: the dosage's own
// words, every dosage in words when there are several, and a dose phr
// cannot read as an amount and a unit ("2.5 B20180406162601968-1"). A
// dose quantity alone is the entry's value, as before.
func applyDosage(e *record.Entry, ds []fhir.Dosage) []string {
	if len(ds) != 1 {
		return []string{dosageText(ds)}
	}
	d := &ds[0]
	if q := d.DoseAndRate; len(q) == 1 && q[0].DoseQuantity != nil && q[0].DoseQuantity.Value != "" && q[0].DoseRange == nil &&
		d.Text == "" && d.Route == nil && d.Timing == nil && !d.AsNeededBoolean && d.AsNeededCodeableConcept == nil {
		// A quantity alone is how phr wrote a medication's value before
		// it kept a dose (and how it still writes one typed so): read
		// back as that value, as fhir.ReadIPS does.
		e.Value, e.Unit = quantity(q[0].DoseQuantity)
		e.UnitCode = ucumCode(q[0].DoseQuantity)
		return nil
	}
	p := partsOf(d)
	var notes []string
	if p.doseOK {
		e.Dose = p.dose
	} else {
		notes = append(notes, labelled("Dose", p.dose))
	}
	e.Route, e.Frequency = p.route, p.frequency
	return append(notes, labelled("Dosage", ds[0].Text))
}

// dosageParts is a dosage read into phr's fields; doseOK is false when
// the dose is words phr cannot read as an amount and a unit.
type dosageParts struct {
	dose, route, frequency string
	doseOK                 bool
}

func partsOf(d *fhir.Dosage) dosageParts {
	q, rg := d.DoseQuantity, d.DoseRange
	if len(d.DoseAndRate) > 0 {
		q, rg = d.DoseAndRate[0].DoseQuantity, d.DoseAndRate[0].DoseRange
	}
	var p dosageParts
	p.dose, p.doseOK = doseOf(q, rg)
	p.route = d.Route.Best()
	p.frequency = timingWords(d.Timing, d.AsNeededBoolean, d.AsNeededCodeableConcept)
	return p
}

// doseOf writes a dose quantity or range as phr keeps a dose ("500 mg",
// "1-2 puff"); ok is false when record.ParseDose would refuse it (a unit
// holding digits, an amount of zero), and the dose is then words for a note.
func doseOf(q *fhir.Quantity, rg *fhir.Range) (string, bool) {
	var s string
	switch {
	case q != nil && q.Value != "":
		v, _ := quantity(q)
		s = strings.TrimSpace(v + " " + doseUnit(q))
	case rg != nil && rg.Low != nil && rg.High != nil && rg.Low.Value != "" && rg.High.Value != "":
		lo, _ := quantity(rg.Low)
		hi, _ := quantity(rg.High)
		s = strings.TrimSpace(lo + "-" + hi + " " + firstOf(doseUnit(rg.High), doseUnit(rg.Low)))
	default:
		return "", true
	}
	d, err := record.ParseDose(s)
	if err != nil {
		return s, false
	}
	return d.String(), true
}

// doseUnit is a dose's unit as written, or its code when it has no words;
// UCUM's "1" (a count, often beside "tablet") is no unit.
func doseUnit(q *fhir.Quantity) string {
	u := strings.TrimSpace(q.Unit)
	if u == "" && strings.TrimSpace(q.Code) != "1" {
		u = strings.TrimSpace(q.Code)
	}
	return u
}

// timingWords says how often a medicine is taken, as people do: a timing
// code's display ("every 8 hours") or words, else its repeat ("twice a
// day", "every 4-6 hours", "once a day in the morning"), then "as needed"
// when it is.
func timingWords(t *fhir.Timing, asNeeded bool, asNeededFor *fhir.CodeableConcept) string {
	var parts []string
	if t != nil {
		if w := codeWords(t.Code); w != "" {
			parts = append(parts, w)
		} else if t.Repeat != nil {
			parts = append(parts, repeatWords(t.Repeat.Frequency.String(), t.Repeat.FrequencyMax.String(),
				t.Repeat.Period.String(), t.Repeat.PeriodMax.String(), t.Repeat.PeriodUnit))
			var when []string
			for _, w := range t.Repeat.When {
				when = append(when, whenWords(w))
			}
			parts = append(parts, strings.Join(when, " and "))
			for _, at := range t.Repeat.TimeOfDay {
				if at = strings.TrimSpace(at); at != "" {
					parts = append(parts, "at "+strings.TrimSuffix(at, ":00"))
				}
			}
		}
	}
	if why := asNeededFor.Best(); why != "" {
		parts = append(parts, "as needed for "+why)
	} else if asNeeded {
		parts = append(parts, "as needed")
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// codeWords prefers a coding's display ("every 8 hours") to the code's
// text, which is often the abbreviation ("Q8H").
func codeWords(c *fhir.CodeableConcept) string {
	if c == nil {
		return ""
	}
	for _, cd := range c.Coding {
		if d := strings.TrimSpace(cd.Display); d != "" {
			return d
		}
	}
	return c.Best()
}

// periodUnits are UCUM's units of a timing's period, in words.
var periodUnits = map[string]string{"s": "second", "min": "minute", "h": "hour", "d": "day", "wk": "week",
	"mo": "month", "a": "year"}

// repeatWords says "so many times in a period": frequency (default 1)
// and period (default 1) of a unit, each with an optional maximum.
func repeatWords(freq, freqMax, period, periodMax, unit string) string {
	u, ok := periodUnits[strings.TrimSpace(unit)]
	if !ok {
		return ""
	}
	num := func(s, def string) string {
		if s = plainDecimal(strings.TrimSpace(s)); s == "" {
			return def
		}
		return s
	}
	f, p := num(freq, "1"), num(period, "1")
	if fm := num(freqMax, ""); fm != "" && fm != f {
		f += "-" + fm
	}
	if pm := num(periodMax, ""); pm != "" && pm != p {
		p += "-" + pm
	}
	times := map[string]string{"1": "once", "2": "twice", "3": "three times", "4": "four times"}[f]
	if times == "" {
		times = f + " times"
	}
	switch {
	case p == "1":
		return times + " a " + u
	case f == "1":
		return fmt.Sprintf("every %s %ss", p, u)
	}
	return fmt.Sprintf("%s every %s %ss", times, p, u)
}

// whenCodes are FHIR's event-timing codes, in words.
var whenCodes = map[string]string{"MORN": "in the morning", "MORN.early": "early in the morning",
	"MORN.late": "late in the morning", "NOON": "at noon", "AFT": "in the afternoon", "AFT.early": "early in the afternoon",
	"AFT.late": "late in the afternoon", "EVE": "in the evening", "EVE.early": "early in the evening",
	"EVE.late": "late in the evening", "NIGHT": "at night", "PHS": "after sleep", "HS": "at bedtime",
	"WAKE": "on waking", "C": "with a meal", "CM": "with breakfast", "CD": "with lunch", "CV": "with dinner",
	"AC": "before a meal", "ACM": "before breakfast", "ACD": "before lunch", "ACV": "before dinner",
	"PC": "after a meal", "PCM": "after breakfast", "PCD": "after lunch", "PCV": "after dinner"}

// whenWords says an event-timing code in words, or as written.
func whenWords(code string) string {
	if w, ok := whenCodes[strings.TrimSpace(code)]; ok {
		return w
	}
	return strings.TrimSpace(code)
}

// dosageText is every dosage in words: its own text, or what its parts
// say ("1 tablet Oral use once a day"), joined by "; ".
func dosageText(ds []fhir.Dosage) string {
	var out []string
	for i := range ds {
		if t := strings.TrimSpace(ds[i].Text); t != "" {
			out = append(out, t)
			continue
		}
		p := partsOf(&ds[i])
		if w := strings.Join(strings.Fields(p.dose+" "+p.route+" "+p.frequency), " "); w != "" {
			out = append(out, w)
		}
	}
	return labelled("Dosage", strings.Join(out, "; "))
}
