package importer

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// LOINC codes of blood pressure and its parts.
const (
	loincBP        = "85354-9"
	loincSystolic  = "8480-6"
	loincDiastolic = "8462-4"
)

// vitalSignCodes are the LOINC codes of the FHIR vital-signs profile; an
// Observation carrying one is a measurement even without a category.
var vitalSignCodes = map[string]bool{
	"85353-1": true, "9279-1": true, "8867-4": true, "2708-6": true, "59408-5": true,
	"8310-5": true, "8302-2": true, "9843-4": true, "29463-7": true, "39156-5": true,
	loincBP: true, loincSystolic: true, loincDiastolic: true, "8478-0": true,
	"55284-4": true, "8306-3": true, "8287-5": true, "59576-9": true, "77606-2": true, "8289-1": true,
}

// observationCategory decides where an Observation goes: vital signs
// (by category, or by a vital-signs LOINC code) are measurements; laboratory
// results and everything else (social history, surveys, exams, imaging) are
// results, since they are findings about the person rather than readings
// the person tracks over time.
func observationCategory(o *fhir.Observation) record.Category {
	for _, c := range o.Category {
		for _, cd := range c.Coding {
			if cd.Code == "vital-signs" {
				return record.Measurement
			}
		}
	}
	if o.Code != nil {
		for _, cd := range o.Code.Coding {
			if fhir.ShortSystem(cd.System) == "loinc" && vitalSignCodes[cd.Code] {
				return record.Measurement
			}
		}
	}
	return record.Result
}

func mapObservation(o *fhir.Observation, e *record.Entry) {
	e.Category = observationCategory(o)
	e.Title = o.Code.Best()
	setCode(e, o.Code)
	e.Status = o.Status
	notes := []string{}
	ps, pe := periodOf(o.EffectivePeriod)
	setDates(e, firstOf(o.EffectiveDateTime, ps, o.EffectiveInstant, o.Issued), pe, &notes)
	e.Value, e.Unit = observationValue(o)
	e.UnitCode = ucumCode(o.ValueQuantity)
	if o.ValueRange != nil {
		e.UnitCode = firstOf(ucumCode(o.ValueRange.Low), ucumCode(o.ValueRange.High))
	}
	for i := range o.Component {
		c := &o.Component[i]
		v, u := componentValue(c)
		e.Components = append(e.Components, record.Component{Code: codeOf(c.Code), Codings: codingsOf(c.Code),
			Title: orDefault(c.Code.Best(), "part"), Value: v, Unit: u, UnitCode: ucumCode(c.ValueQuantity)})
	}
	if e.Value == "" {
		e.Value, e.Unit = bloodPressure(o.Code, e.Components, e.Unit)
		if e.Unit == "mm[Hg]" || fhir.UCUMCode(e.Unit) == "mm[Hg]" {
			e.UnitCode = "mm[Hg]"
		}
	}
	if len(o.ReferenceRange) > 0 {
		e.Range = rangeText(o.ReferenceRange[0])
	}
	if len(o.Interpretation) > 0 {
		e.Interpretation = interpretation(&o.Interpretation[0])
	}
	if o.DataAbsentReason != nil {
		notes = append(notes, labelled("No value", o.DataAbsentReason.Best()))
	}
	e.Notes = joinNotes(append(notes, annotations(o.Note))...)
}

// observationValue returns the value[x] as text and its unit.
func observationValue(o *fhir.Observation) (string, string) {
	switch {
	case o.ValueQuantity != nil:
		return quantity(o.ValueQuantity)
	case o.ValueCodeableConcept != nil:
		return o.ValueCodeableConcept.Best(), ""
	case o.ValueString != "":
		return o.ValueString, ""
	case o.ValueBoolean != nil:
		if *o.ValueBoolean {
			return "yes", ""
		}
		return "no", ""
	case o.ValueInteger != nil:
		return strconv.FormatInt(*o.ValueInteger, 10), ""
	case o.ValueRange != nil:
		lo, u1 := quantity(o.ValueRange.Low)
		hi, u2 := quantity(o.ValueRange.High)
		return strings.Trim(lo+"-"+hi, "-"), firstOf(u1, u2)
	case o.ValueDateTime != "":
		d, _ := fhirDate(o.ValueDateTime)
		return firstOf(d, o.ValueDateTime), ""
	}
	return "", ""
}

func componentValue(c *fhir.ObservationComponent) (string, string) {
	switch {
	case c.ValueQuantity != nil:
		return quantity(c.ValueQuantity)
	case c.ValueCodeableConcept != nil:
		return c.ValueCodeableConcept.Best(), ""
	}
	return c.ValueString, ""
}

// quantity returns a plain decimal value (with its comparator, as in
// "<5") and the unit, preferring the human unit to the UCUM code.
func quantity(q *fhir.Quantity) (string, string) {
	if q == nil {
		return "", ""
	}
	v := plainDecimal(string(q.Value))
	if v != "" {
		v = q.Comparator + v
	}
	return v, strings.TrimSpace(firstOf(q.Unit, q.Code))
}

// ucumCode returns a quantity's UCUM code, or "" when it has none.
func ucumCode(q *fhir.Quantity) string {
	if q == nil || strings.TrimRight(strings.TrimSpace(q.System), "/") != fhir.UCUM {
		return ""
	}
	return strings.TrimSpace(q.Code)
}

// bloodPressure writes a blood pressure's systolic and diastolic parts as
// "142/91" in mm[Hg].
func bloodPressure(code *fhir.CodeableConcept, comps []record.Component, unit string) (string, string) {
	var sys, dia *record.Component
	for i := range comps {
		if comps[i].Code == nil {
			continue
		}
		switch comps[i].Code.Code {
		case loincSystolic:
			sys = &comps[i]
		case loincDiastolic:
			dia = &comps[i]
		}
	}
	if sys == nil || dia == nil || sys.Value == "" || dia.Value == "" {
		return "", unit
	}
	// The parts' unit as the source wrote it, mm[Hg] when it gave none.
	return fhir.BloodPressureText(sys.Value, dia.Value), firstOf(sys.Unit, "mm[Hg]")
}

func rangeText(r fhir.ReferenceRange) string {
	if t := strings.TrimSpace(r.Text); t != "" {
		return t
	}
	lo, u1 := quantity(r.Low)
	hi, u2 := quantity(r.High)
	unit := firstOf(u1, u2)
	var s string
	switch {
	case lo != "" && hi != "":
		s = lo + "-" + hi
	case lo != "":
		s = ">=" + lo
	case hi != "":
		s = "<=" + hi
	default:
		return ""
	}
	return strings.TrimSpace(s + " " + unit)
}

// interpretation turns an HL7 interpretation code into words ("high").
func interpretation(c *fhir.CodeableConcept) string {
	words := map[string]string{"H": "high", "L": "low", "N": "normal", "A": "abnormal",
		"HH": "critically high", "LL": "critically low", "AA": "critically abnormal",
		"POS": "positive", "NEG": "negative", "HU": "very high", "LU": "very low"}
	for _, cd := range c.Coding {
		if w, ok := words[strings.ToUpper(cd.Code)]; ok {
			return w
		}
	}
	return strings.ToLower(c.Best())
}

// jsonUnmarshalQuiet decodes raw into v and reports whether it worked.
func jsonUnmarshalQuiet(raw []byte, v any) bool {
	return json.Unmarshal(raw, v) == nil
}
