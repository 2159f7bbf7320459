package record

import (
	"strconv"
	"strings"
)

// plainUnits maps units as FHIR and UCUM spell them ("mm[Hg]", "Cel",
// "mL/min/{1.73_m2}") to how a person writes them. It is the reverse of
// fhir.UCUMCode, for display only: the entry keeps its unit and unit code.
var plainUnits = map[string]string{
	"mm[Hg]":           "mmHg",
	"mm[hg]":           "mmHg",
	"Cel":              "°C",
	"[degF]":           "°F",
	"[lb_av]":          "lb",
	"[oz_av]":          "oz",
	"[stone_av]":       "st",
	"[in_i]":           "in",
	"[ft_i]":           "ft",
	"kg/m2":            "kg/m²",
	"mL/min/{1.73_m2}": "mL/min/1.73m²",
	"mL/min/1.73m2":    "mL/min/1.73m²",
	"mL/min/1.73_m2":   "mL/min/1.73m²",
	"m[IU]/L":          "mIU/L",
	"u[IU]/mL":         "µIU/mL",
	"[IU]/L":           "IU/L",
	"[iU]/L":           "IU/L",
	"[IU]":             "IU",
	"[iU]":             "IU",
	"meq/L":            "mEq/L",
	"umol/L":           "µmol/L",
	"ug":               "µg",
	"ug/L":             "µg/L",
	"ug/dL":            "µg/dL",
	"uL":               "µL",
	"10*9/L":           "×10⁹/L",
	"10*12/L":          "×10¹²/L",
	"10*3/uL":          "×10³/µL",
	"10*6/uL":          "×10⁶/µL",
	"/min":             "/min",
	"1/min":            "/min",
	"{beats}/min":      "beats/min",
	"{beat}/min":       "beats/min",
	"{breaths}/min":    "breaths/min",
	"{breath}/min":     "breaths/min",
	"/[HPF]":           "per high-power field",
	"1":                "",
	"{score}":          "points",
}

// perMinute names what a "/min" counts for the codes that say so: a heart
// or pulse rate counts beats, a respiratory rate breaths.
var perMinute = map[string]string{
	"loinc|8867-4":     "beats/min", // heart rate
	"loinc|8889-8":     "beats/min", // heart rate by pulse oximetry
	"loinc|8893-0":     "beats/min", // peripheral pulse rate
	"loinc|40443-4":    "beats/min", // resting heart rate
	"snomed|364075005": "beats/min", // heart rate
	"snomed|78564009":  "beats/min", // pulse rate
	"loinc|9279-1":     "breaths/min",
	"snomed|86290005":  "breaths/min",
	"snomed|271625008": "breaths/min",
}

// PlainUnit returns a unit as a person reads it: "mm[Hg]" is "mmHg", "Cel"
// is "°C", "mL/min/{1.73_m2}" is "mL/min/1.73m²", "{score}" is "points";
// any other unit is kept, without UCUM's braces ("{copies}/mL" is
// "copies/mL"). The lists, details, charts and summaries show units through
// it (or PlainUnitOf); --json keeps the stored unit and unit code.
func PlainUnit(u string) string {
	u = strings.TrimSpace(u)
	if p, ok := plainUnits[u]; ok {
		return p
	}
	if strings.ContainsAny(u, "{}") {
		return strings.NewReplacer("{", "", "}", "").Replace(u)
	}
	return u
}

// PlainUnitOf is PlainUnit for a reading coded with codes: a "/min" whose
// code says heart rate reads "beats/min", one that says respiratory rate
// "breaths/min".
func PlainUnitOf(u string, codes ...Code) string {
	p := PlainUnit(u)
	if p != "/min" {
		return p
	}
	for _, c := range codes {
		if w, ok := perMinute[ShortSystem(c.System)+"|"+strings.TrimSpace(c.Code)]; ok {
			return w
		}
	}
	return p
}

// PlainValue is an entry's value and unit as a person reads them ("72
// beats/min", "142/91 mmHg"), one space apart; "" when it has neither.
//
// A compound reading without a value of its own (a blood pressure read
// from an extract) joins its parts: "142/91 mmHg".
func (e *Entry) PlainValue() string {
	v, unit := strings.TrimSpace(e.Value), e.Unit
	if v == "" && len(e.Components) > 0 {
		v = partsText(e.Components)
		if unit == "" {
			unit = e.Components[0].Unit
		}
	}
	return strings.TrimSpace(v + " " + PlainUnitOf(unit, e.AllCodes()...))
}

// PartsValue is a blood pressure kept as its parts alone (imported, or read
// from an extract) as one value: "142/91", systolic first and as recorded,
// with the parts' unit and its UCUM code. ok is false unless the entry has
// no value of its own and exactly a systolic and a diastolic part in one
// unit.
func (e *Entry) PartsValue() (value, unit, unitCode string, ok bool) {
	if strings.TrimSpace(e.Value) != "" || len(e.Components) != 2 {
		return "", "", "", false
	}
	sys, dia := e.Components[0], e.Components[1]
	if bpPart(sys) == "diastolic" {
		sys, dia = dia, sys
	}
	if bpPart(sys) != "systolic" || bpPart(dia) != "diastolic" || sys.Unit != dia.Unit ||
		strings.TrimSpace(sys.Value) == "" || strings.TrimSpace(dia.Value) == "" {
		return "", "", "", false
	}
	return strings.TrimSpace(sys.Value) + "/" + strings.TrimSpace(dia.Value), sys.Unit, sys.UnitCode, true
}

// PlainValue is a component's value and unit as a person reads them.
func (c *Component) PlainValue() string {
	codes := c.Codings
	if c.Code != nil {
		codes = append([]Code{*c.Code}, codes...)
	}
	return strings.TrimSpace(c.Value + " " + PlainUnitOf(c.Unit, codes...))
}

// partsText joins a compound reading's parts with "/". A blood pressure's
// systolic part (LOINC 8480-6, or so titled) comes first, and both are
// rounded to whole numbers, as phr shows one ("142/91").
func partsText(cs []Component) string {
	if len(cs) == 2 {
		sys, dia := bpPart(cs[0]), bpPart(cs[1])
		if sys == "diastolic" && dia == "systolic" {
			cs = []Component{cs[1], cs[0]}
			sys, dia = dia, sys
		}
		if sys == "systolic" && dia == "diastolic" {
			return RoundReading(cs[0].Value) + "/" + RoundReading(cs[1].Value)
		}
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Value
	}
	return strings.Join(parts, "/")
}

// bpPart says which part of a blood pressure a component is, by its LOINC
// code or else its title: "systolic", "diastolic" or "".
func bpPart(c Component) string {
	code, low := "", strings.ToLower(c.Title)
	if c.Code != nil {
		code = c.Code.Code
	}
	switch {
	case code == "8480-6" || code == "" && strings.Contains(low, "systolic"):
		return "systolic"
	case code == "8462-4" || code == "" && strings.Contains(low, "diastolic"):
		return "diastolic"
	}
	return ""
}

// RoundReading drops a reading's fraction ("142.0" gives "142"); text that
// is not a number stays as it is.
func RoundReading(v string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(f, 'f', 0, 64)
}
