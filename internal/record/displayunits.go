package record

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// DisplayUnits are the units a person chose to read their measurements in
// (phr settings --weight lb, the interface's settings). A field left empty
// shows readings as they were recorded. Only what is shown changes: an
// entry keeps the value and unit it was recorded or imported in, and
// --json, extracts and exports carry those.
type DisplayUnits struct {
	// Weight is "kg", "lb" or "st" (stones and pounds).
	Weight string `json:"weight"`
	// Height is "cm" or "ft" (feet and inches; other body lengths, such
	// as a waist, in inches).
	Height string `json:"height"`
	// Temperature is "C" or "F".
	Temperature string `json:"temperature"`
	// Glucose is "mmol/L" or "mg/dL", for blood glucose only.
	Glucose string `json:"glucose"`
	// Distance is "km" or "mi".
	Distance string `json:"distance"`
}

// UnitKinds names the kinds of measurement a unit can be chosen for, in
// the order the settings show them.
var UnitKinds = []string{"weight", "height", "temperature", "glucose", "distance"}

var unitChoices = map[string][]string{
	"weight":      {"kg", "lb", "st"},
	"height":      {"cm", "ft"},
	"temperature": {"C", "F"},
	"glucose":     {"mmol/L", "mg/dL"},
	"distance":    {"km", "mi"},
}

// unitWords are the other ways people write a choice.
var unitWords = map[string]string{
	"kilograms": "kg", "kilogram": "kg", "kgs": "kg",
	"pounds": "lb", "pound": "lb", "lbs": "lb",
	"stone": "st", "stones": "st", "st/lb": "st", "st-lb": "st",
	"centimetres": "cm", "centimeters": "cm",
	"feet": "ft", "ft/in": "ft", "ft-in": "ft", "in": "ft", "inches": "ft",
	"°c": "C", "celsius": "C", "centigrade": "C", "degc": "C", "cel": "C",
	"°f": "F", "fahrenheit": "F", "degf": "F",
	"mmol": "mmol/L", "mg": "mg/dL", "mg/dl": "mg/dL", "mmol/l": "mmol/L",
	"kilometres": "km", "kilometers": "km", "miles": "mi", "mile": "mi",
}

// UnitChoices lists the choices for a kind of measurement ("weight": kg,
// lb, st), or nil for another kind.
func UnitChoices(kind string) []string { return slices.Clone(unitChoices[kind]) }

// UnitChoiceWords says a choice in words for the settings: "st" is
// "stones and pounds", "" is "as recorded".
func UnitChoiceWords(choice string) string {
	switch choice {
	case "":
		return "as recorded"
	case "st":
		return "stones and pounds (st lb)"
	case "ft":
		return "feet and inches (ft in)"
	case "C":
		return "°C"
	case "F":
		return "°F"
	}
	return choice
}

// ParseUnitChoice reads a choice for a kind of measurement, in any case
// and the usual other spellings ("pounds", "°F", "ft/in"); "as-recorded"
// (or "recorded", "") clears it.
func ParseUnitChoice(kind, v string) (string, error) {
	cs, ok := unitChoices[kind]
	if !ok {
		return "", fmt.Errorf("%q is not a kind of measurement phr converts: choose from %s", kind, strings.Join(UnitKinds, ", "))
	}
	t := strings.ToLower(strings.TrimSpace(v))
	switch t {
	case "", "as-recorded", "as recorded", "recorded", "none", "off":
		return "", nil
	}
	if w, ok := unitWords[t]; ok && slices.Contains(cs, w) {
		return w, nil
	}
	for _, c := range cs {
		if strings.EqualFold(c, t) {
			return c, nil
		}
	}
	return "", fmt.Errorf("%s unit %q: choose %s, or as-recorded", kind, strings.TrimSpace(v), strings.Join(cs, ", "))
}

// Set sets the choice for one kind; see ParseUnitChoice.
func (u *DisplayUnits) Set(kind, v string) error {
	c, err := ParseUnitChoice(kind, v)
	if err != nil {
		return err
	}
	*u.field(kind) = c
	return nil
}

// Get returns the choice for one kind ("" as recorded).
func (u DisplayUnits) Get(kind string) string {
	if p := u.field(kind); p != nil {
		return *p
	}
	return ""
}

func (u *DisplayUnits) field(kind string) *string {
	switch kind {
	case "weight":
		return &u.Weight
	case "height":
		return &u.Height
	case "temperature":
		return &u.Temperature
	case "glucose":
		return &u.Glucose
	case "distance":
		return &u.Distance
	}
	return nil
}

// Each unit phr converts: its kind and its size in the kind's base unit
// (kg, cm, km, mmol/L of glucose); temperatures are converted on their own.
type unitDef struct {
	kind   string
	factor float64
}

var convUnits = map[string]unitDef{
	"kg": {"weight", 1}, "[lb_av]": {"weight", 0.45359237}, "lb": {"weight", 0.45359237}, "lbs": {"weight", 0.45359237},
	"[stone_av]": {"weight", 6.35029318}, "st": {"weight", 6.35029318},
	"cm": {"height", 1}, "[in_i]": {"height", 2.54}, "in": {"height", 2.54},
	// Metres and feet are converted for a body height only (a swim is
	// measured in metres too).
	"m": {"height", 100}, "[ft_i]": {"height", 30.48}, "ft": {"height", 30.48},
	"Cel": {"temperature", 0}, "°C": {"temperature", 0}, "degC": {"temperature", 0},
	"[degF]": {"temperature", 0}, "°F": {"temperature", 0}, "degF": {"temperature", 0},
	// Glucose: 1 mmol/L is 18.0156 mg/dL (its molar mass, 180.156 g/mol).
	"mmol/L": {"glucose", 1}, "mg/dL": {"glucose", 1 / glucoseMgPerMmol},
	"km": {"distance", 1}, "[mi_i]": {"distance", 1.609344}, "mi": {"distance", 1.609344},
}

const glucoseMgPerMmol = 18.0156

// The codes of a body height and of a blood glucose (LOINC).
var (
	heightCodes  = []string{"8302-2", "8306-3", "8308-9", "3137-7", "3138-5", "8301-4"}
	glucoseCodes = []string{"2339-0", "2345-7", "15074-8", "41653-7", "14743-9", "14749-6", "1558-6", "2340-8", "32016-8", "41604-0", "14770-2", "1547-9"}
)

func hasCode(codes []Code, list []string) bool {
	for _, c := range codes {
		if ShortSystem(c.System) == "loinc" && slices.Contains(list, strings.TrimSpace(c.Code)) {
			return true
		}
	}
	return false
}

// isHeight reports a body height (or an infant's length) by its code or
// title.
func isHeight(title string, codes []Code) bool {
	t := strings.ToLower(title)
	return hasCode(codes, heightCodes) || strings.Contains(t, "height") || strings.Contains(t, "body length")
}

// isGlucose reports a glucose reading by its code or title: mmol/L is
// also the unit of sodium or cholesterol, which convert otherwise.
func isGlucose(title string, codes []Code) bool {
	t := strings.ToLower(title)
	return hasCode(codes, glucoseCodes) || strings.Contains(t, "glucose") || strings.Contains(t, "blood sugar")
}

// target is the unit a choice shows, as a unit code, and how many
// decimals; "st" and "ft" are shown as two numbers and charted in their
// smaller unit's terms ("st" in stones, "ft" in inches).
func target(kind, choice string) (unit string, prec int) {
	switch kind + ":" + choice {
	case "weight:kg":
		return "kg", 1
	case "weight:lb":
		return "[lb_av]", 1
	case "weight:st":
		return "[stone_av]", 2
	case "height:cm":
		return "cm", 1
	case "height:ft":
		return "[in_i]", 1
	case "temperature:C":
		return "Cel", 1
	case "temperature:F":
		return "[degF]", 1
	case "glucose:mmol/L":
		return "mmol/L", 1
	case "glucose:mg/dL":
		return "mg/dL", 0
	case "distance:km":
		return "km", 2
	case "distance:mi":
		return "[mi_i]", 2
	}
	return "", 0
}

// ConvertValue converts a number in unit (a UCUM code or as people write
// it) into the chosen unit for a reading titled title with codes: the
// number, the unit code it is now in, and whether it was converted (not
// when no unit is chosen for its kind, the unit is not one phr converts,
// or it is already in the chosen unit). A weight in stones and a height
// in feet come back in stones and inches, as a chart draws them; Convert
// writes them as two numbers.
func (u DisplayUnits) ConvertValue(v float64, unit, title string, codes ...Code) (float64, string, bool) {
	unit = strings.TrimSpace(unit)
	d, ok := convUnits[unit]
	if !ok {
		return v, unit, false
	}
	choice := u.Get(d.kind)
	if choice == "" {
		return v, unit, false
	}
	switch d.kind {
	case "height":
		if !isHeight(title, codes) && (unit == "m" || unit == "[ft_i]" || unit == "ft") {
			return v, unit, false
		}
	case "glucose":
		if !isGlucose(title, codes) {
			return v, unit, false
		}
	}
	to, _ := target(d.kind, choice)
	// Stones and feet are shown as two numbers even when recorded in
	// them (11.3 st reads 11 st 4 lb).
	compound := choice == "st" || choice == "ft"
	if !compound && (to == unit || (convUnits[to].factor == d.factor && d.kind != "temperature")) {
		return v, unit, false
	}
	if d.kind == "temperature" {
		fahrenheit := unit == "[degF]" || unit == "°F" || unit == "degF"
		switch {
		case fahrenheit && to == "Cel":
			return (v - 32) * 5 / 9, to, true
		case !fahrenheit && to == "[degF]":
			return v*9/5 + 32, to, true
		}
		return v, unit, false
	}
	return v * d.factor / convUnits[to].factor, to, true
}

// Convert converts a reading's value (text, as an entry keeps it) into
// the chosen unit: the value to show and its unit code. A weight in stones
// reads "11 st 4 lb" and a body height in feet "5 ft 11 in", with an
// empty unit; another body length under "ft" reads in inches. A value
// that is not a plain number ("<5.5", "positive"), or one that is not
// converted (see ConvertValue), comes back as it was.
func (u DisplayUnits) Convert(value, unit, title string, codes ...Code) (string, string) {
	f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return value, unit
	}
	g, to, ok := u.ConvertValue(f, unit, title, codes...)
	if !ok {
		return value, unit
	}
	kind := convUnits[to].kind
	choice := u.Get(kind)
	switch {
	case kind == "weight" && choice == "st":
		lb := math.Round(g * 14)
		return fmt.Sprintf("%d st %d lb", int64(lb)/14, int64(lb)%14), ""
	case kind == "height" && choice == "ft" && isHeight(title, codes):
		in := math.Round(g)
		return fmt.Sprintf("%d ft %d in", int64(in)/12, int64(in)%12), ""
	}
	_, prec := target(kind, choice)
	return formatNumber(g, prec), to
}

// formatNumber writes v with at most prec decimals, without trailing
// zeros.
func formatNumber(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// Shown is the entry as a person reads it in their chosen units: a copy
// whose value, unit, lowest and highest (Stats) and parts are converted
// (see Convert). The entry itself is not changed; nothing of the copy is
// ever saved.
func (u DisplayUnits) Shown(e Entry) Entry {
	if u == (DisplayUnits{}) {
		return e
	}
	codes := e.AllCodes()
	if v, unit := u.Convert(e.Value, e.Unit, e.Title, codes...); unit != e.Unit || v != e.Value {
		if e.Stats != nil {
			st := *e.Stats
			st.Min, _ = u.Convert(st.Min, e.Unit, e.Title, codes...)
			st.Max, _ = u.Convert(st.Max, e.Unit, e.Title, codes...)
			e.Stats = &st
		}
		e.Value, e.Unit, e.UnitCode = v, unit, unit
	}
	if len(e.Components) > 0 {
		cs := make([]Component, len(e.Components))
		for i, c := range e.Components {
			cc := c.Codings
			if c.Code != nil {
				cc = append([]Code{*c.Code}, cc...)
			}
			if v, unit := u.Convert(c.Value, c.Unit, c.Title+" "+e.Title, cc...); unit != c.Unit || v != c.Value {
				c.Value, c.Unit, c.UnitCode = v, unit, unit
			}
			cs[i] = c
		}
		e.Components = cs
	}
	return e
}
