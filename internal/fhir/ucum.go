package fhir

import (
	"strings"
	"unicode"
)

// UCUM is the code system of units of measure.
const UCUM = "http://unitsofmeasure.org"

// ucumOfUnit maps the units people type (lower-cased, spaces removed) to
// their UCUM codes. Only units phr is sure of are here: a unit it does not
// know gets no code rather than a guess.
var ucumOfUnit = map[string]string{
	"kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg",
	"g": "g", "gram": "g", "grams": "g",
	"mg": "mg", "milligram": "mg", "milligrams": "mg",
	"mcg": "ug", "ug": "ug", "µg": "ug", "microgram": "ug", "micrograms": "ug",
	"lb": "[lb_av]", "lbs": "[lb_av]", "pound": "[lb_av]", "pounds": "[lb_av]", "[lb_av]": "[lb_av]",
	"oz": "[oz_av]", "[oz_av]": "[oz_av]",
	"st": "[stone_av]", "stone": "[stone_av]", "[stone_av]": "[stone_av]",
	"cm": "cm", "mm": "mm", "m": "m",
	"in": "[in_i]", "inch": "[in_i]", "inches": "[in_i]", "[in_i]": "[in_i]",
	"ft": "[ft_i]", "feet": "[ft_i]", "[ft_i]": "[ft_i]",
	"mmhg": "mm[Hg]", "mm[hg]": "mm[Hg]",
	"bpm": "/min", "/min": "/min", "permin": "/min", "beats/min": "/min", "{beats}/min": "/min",
	"breaths/min": "/min", "{breaths}/min": "/min", "beatsperminute": "/min", "1/min": "/min",
	"°c": "Cel", "c": "Cel", "degc": "Cel", "cel": "Cel", "celsius": "Cel", "ºc": "Cel",
	"°f": "[degF]", "f": "[degF]", "degf": "[degF]", "[degf]": "[degF]", "fahrenheit": "[degF]", "ºf": "[degF]",
	"%": "%", "percent": "%",
	"mmol/l": "mmol/L", "mg/dl": "mg/dL", "g/dl": "g/dL", "g/l": "g/L", "mg/l": "mg/L",
	"umol/l": "umol/L", "µmol/l": "umol/L", "nmol/l": "nmol/L", "pmol/l": "pmol/L",
	"meq/l": "meq/L", "mmol/mol": "mmol/mol", "iu/l": "[IU]/L", "u/l": "U/L",
	"ml": "mL", "l": "L", "dl": "dL",
	"kg/m2": "kg/m2", "kg/m²": "kg/m2", "kg/m^2": "kg/m2",
	"iu": "[iU]", "units": "[iU]",
	"ml/min": "mL/min", "ml/min/1.73m2": "mL/min/{1.73_m2}", "ml/min/{1.73_m2}": "mL/min/{1.73_m2}",
	"h": "h", "hours": "h", "min": "min", "minutes": "min", "s": "s", "d": "d", "days": "d",
	"steps": "{steps}", "{steps}": "{steps}", "kcal": "kcal",
}

// UCUMCode returns the UCUM code of a unit as people write it ("mmHg" gives
// "mm[Hg]", "bpm" gives "/min", "°C" gives "Cel"), or "" when phr does not
// know the unit.
func UCUMCode(unit string) string {
	k := unit
	if strings.IndexFunc(k, unicode.IsSpace) >= 0 {
		// Spaces are dropped; a unit without any (every reading's) skips
		// making a list of its one field.
		k = strings.Join(strings.Fields(k), "")
	}
	k = strings.ToLower(k)
	if k == "" {
		return ""
	}
	return ucumOfUnit[k]
}
