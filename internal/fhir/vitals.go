package fhir

import (
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// LOINC codes of blood pressure and its parts (the R4 vital-signs shape).
const (
	LOINCBloodPressure = "85354-9"
	LOINCSystolic      = "8480-6"
	LOINCDiastolic     = "8462-4"
)

// vitalSign is a reading of the R4 core vital-signs profiles: its LOINC
// code, the profile the code calls for, the UCUM units that profile
// allows, and the words that name it when typed by hand.
type vitalSign struct {
	code, display, profile string
	units                  []string
	words                  []string
}

// vitalSigns are the readings phr codes by hand, in the order words are
// tried ("heart rate" before "rate").
var vitalSigns = []vitalSign{
	{LOINCBloodPressure, "Blood pressure panel with all children optional", "bp", []string{"mm[Hg]"}, []string{"blood pressure", "bp"}},
	{"29463-7", "Body weight", "bodyweight", []string{"kg", "g", "[lb_av]"}, []string{"weight", "body weight"}},
	{"8302-2", "Body height", "bodyheight", []string{"cm", "[in_i]"}, []string{"height", "body height"}},
	{"39156-5", "Body mass index (BMI) [Ratio]", "bmi", []string{"kg/m2"}, []string{"bmi", "body mass index"}},
	{"8867-4", "Heart rate", "heartrate", []string{"/min"}, []string{"heart rate", "pulse", "pulse rate", "resting heart rate"}},
	{"9279-1", "Respiratory rate", "resprate", []string{"/min"}, []string{"respiratory rate", "breathing rate"}},
	{"8310-5", "Body temperature", "bodytemp", []string{"Cel", "[degF]"}, []string{"temperature", "body temperature", "temp"}},
	{"59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "oxygensat", []string{"%"},
		[]string{"oxygen saturation", "spo2", "o2 saturation", "oxygen", "sats"}},
	{"2708-6", "Oxygen saturation in Arterial blood", "oxygensat", []string{"%"}, nil},
	{"9843-4", "Head Occipital-frontal circumference", "headcircum", []string{"cm", "[in_i]"}, []string{"head circumference"}},
}

// glucose readings: LOINC by the unit's kind (mass or moles per volume).
var glucoseByUnit = map[string]record.Code{
	"mmol/L": {System: "loinc", Code: "15074-8", Display: "Glucose [Moles/volume] in Blood"},
	"mg/dL":  {System: "loinc", Code: "2339-0", Display: "Glucose [Mass/volume] in Blood"},
}

// vitalOf returns the vital sign of a LOINC code.
func vitalOf(code string) (vitalSign, bool) {
	for _, v := range vitalSigns {
		if v.code == code {
			return v, true
		}
	}
	return vitalSign{}, false
}

// ReadingCode returns the LOINC code of a common reading typed by hand
// (blood pressure, weight, height, BMI, heart rate, respiratory rate,
// temperature, oxygen saturation, glucose), from its title and the UCUM
// code of its unit, or nil when phr does not know the reading. A unit the
// reading's profile does not allow gives nil too, rather than a wrong code.
func ReadingCode(title, unitCode string) *record.Code {
	t := strings.ToLower(strings.Join(strings.Fields(title), " "))
	if strings.Contains(t, "glucose") || strings.Contains(t, "blood sugar") {
		if c, ok := glucoseByUnit[unitCode]; ok {
			return &c
		}
		return nil
	}
	for _, v := range vitalSigns {
		if !slices.Contains(v.words, t) {
			continue
		}
		if unitCode != "" && !slices.Contains(v.units, unitCode) {
			return nil
		}
		return &record.Code{System: "loinc", Code: v.code, Display: v.display}
	}
	return nil
}

// IsBloodPressure reports whether an entry is a blood pressure: coded as
// one (LOINC 85354-9, 55284-4 or 35094-2) or titled so.
func IsBloodPressure(e *record.Entry) bool {
	if anyCode(e, func(c record.Code) bool {
		return record.ShortSystem(c.System) == "loinc" && (c.Code == LOINCBloodPressure || c.Code == "55284-4" || c.Code == "35094-2")
	}) {
		return true
	}
	return strings.Contains(strings.ToLower(e.Title), "blood pressure")
}

// IsVitalSignCode reports whether a LOINC code is one of the R4 vital-signs
// profiles' codes or their parts.
func IsVitalSignCode(code string) bool {
	if _, ok := vitalOf(code); ok {
		return true
	}
	switch code {
	case LOINCSystolic, LOINCDiastolic, "85353-1", "8478-0", "55284-4", "8306-3", "8287-5", "59576-9", "77606-2", "8289-1":
		return true
	}
	return false
}

// ShapeReading gives a hand-entered measurement its LOINC code when phr
// knows the reading (see ReadingCode) and it has none, and splits a blood
// pressure written "142/91" into its systolic and diastolic parts in
// mm[Hg], the vital-signs shape. Units must already carry their UCUM codes.
func ShapeReading(e *record.Entry) {
	if e.Category != record.Measurement {
		return
	}
	if e.Code == nil && len(e.Codings) == 0 {
		if c := ReadingCode(e.Title, e.UnitCode); c != nil {
			e.Code, e.Codings = c, []record.Code{*c}
		}
	}
	if !IsBloodPressure(e) || (e.UnitCode != "" && e.UnitCode != "mm[Hg]") {
		return
	}
	sys, dia, ok := strings.Cut(strings.TrimSpace(e.Value), "/")
	sys, dia = strings.TrimSpace(sys), strings.TrimSpace(dia)
	if !ok || !isDecimal(sys) || !isDecimal(dia) {
		return
	}
	if len(e.Components) > 0 {
		// An edited reading: its parts follow the value the person typed.
		if len(e.Components) == 2 && bpRole(e.Components[0]) != "" && bpRole(e.Components[1]) != "" &&
			bpRole(e.Components[0]) != bpRole(e.Components[1]) {
			for i := range e.Components {
				e.Components[i].Value = map[string]string{"systolic": sys, "diastolic": dia}[bpRole(e.Components[i])]
			}
			e.Value = sys + "/" + dia
		}
		return
	}
	if e.Unit == "" {
		e.Unit = "mmHg" // a blood pressure without a unit is in millimetres of mercury
	}
	e.UnitCode = "mm[Hg]"
	e.Value = sys + "/" + dia
	e.Components = []record.Component{
		{Code: &record.Code{System: "loinc", Code: LOINCSystolic, Display: "Systolic blood pressure"}, Title: "Systolic",
			Value: sys, Unit: e.Unit, UnitCode: "mm[Hg]"},
		{Code: &record.Code{System: "loinc", Code: LOINCDiastolic, Display: "Diastolic blood pressure"}, Title: "Diastolic",
			Value: dia, Unit: e.Unit, UnitCode: "mm[Hg]"},
	}
}

// bpRole says which part of a blood pressure a component is: "systolic",
// "diastolic" (by LOINC code, else by title) or "".
func bpRole(c record.Component) string {
	code := ""
	if c.Code != nil {
		code = c.Code.Code
	}
	low := strings.ToLower(c.Title)
	switch {
	case code == LOINCSystolic || code == "" && strings.Contains(low, "systolic"):
		return "systolic"
	case code == LOINCDiastolic || code == "" && strings.Contains(low, "diastolic"):
		return "diastolic"
	}
	return ""
}

// BloodPressureText writes a blood pressure's parts as "142/91", each
// rounded to a whole number ("142.0" gives "142"), as phr shows one.
func BloodPressureText(sys, dia string) string {
	return record.RoundReading(sys) + "/" + record.RoundReading(dia)
}
