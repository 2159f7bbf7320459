package applehealth

import (
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// How the samples of one type are summed up for a day.
type kind uint8

const (
	// cumulative: the day's total (steps, distance, energy).
	cumulative kind = iota + 1
	// discrete: the day's mean, with the lowest, the highest and the count.
	discrete
	// sleep: the time asleep a night, from sleep analysis segments.
	sleep
	// category: the day's values in words (menstrual flow "medium").
	category
)

// unitConv turns a unit as Apple writes it into the unit phr keeps (UCUM)
// and the factor a value is multiplied by.
type unitConv struct {
	unit   string
	factor float64
}

// qtype is one HealthKit type phr maps.
type qtype struct {
	id    string // HKQuantityTypeIdentifierStepCount
	title string
	code  string // LOINC, or ""
	kind  kind
	// units are the units Apple writes for this type (in the person's
	// chosen form: kg or lb, km or mi) and what phr keeps of each.
	units map[string]unitConv
	// prec is the number of decimals the value is written with.
	prec int
	// sensitive marks reproductive health (Cycle Tracking, sexual
	// activity, pregnancy): held back from extracts unless chosen.
	sensitive bool
	// values names a category type's values, by the suffix after its
	// HKCategoryValue prefix.
	values map[string]string
}

var (
	countU   = map[string]unitConv{"count": {"{steps}", 1}}
	distU    = map[string]unitConv{"km": {"km", 1}, "m": {"m", 1}, "mi": {"[mi_i]", 1}, "ft": {"[ft_i]", 1}, "yd": {"[yd_i]", 1}}
	energyU  = map[string]unitConv{"kcal": {"kcal", 1}, "Cal": {"kcal", 1}, "kJ": {"kJ", 1}}
	perMinU  = map[string]unitConv{"count/min": {"/min", 1}}
	minutesU = map[string]unitConv{"min": {"min", 1}}
	massU    = map[string]unitConv{"kg": {"kg", 1}, "lb": {"[lb_av]", 1}, "g": {"g", 1}, "st": {"[stone_av]", 1}}
	lengthU  = map[string]unitConv{"cm": {"cm", 1}, "m": {"m", 1}, "in": {"[in_i]", 1}, "ft": {"[ft_i]", 1}}
	// A fraction (0.97) becomes a percentage (97 %).
	percentU = map[string]unitConv{"%": {"%", 100}}
	tempU    = map[string]unitConv{"degC": {"Cel", 1}, "degF": {"[degF]", 1}}
	glucoseU = map[string]unitConv{"mg/dL": {"mg/dL", 1}, "mmol<180.15588000005408>/L": {"mmol/L", 1}, "mmol<180.1558800000541>/L": {"mmol/L", 1}, "mmol/L": {"mmol/L", 1}}
)

const (
	hkQ = "HKQuantityTypeIdentifier"
	hkC = "HKCategoryTypeIdentifier"
)

// types lists the HealthKit types phr maps; any other is counted as not
// understood.
var types = []qtype{
	{id: hkQ + "StepCount", title: "Steps", code: "55423-8", kind: cumulative, units: countU},
	{id: hkQ + "DistanceWalkingRunning", title: "Walking and running distance", code: "41953-1", kind: cumulative, units: distU, prec: 2},
	{id: hkQ + "DistanceCycling", title: "Cycling distance", kind: cumulative, units: distU, prec: 2},
	{id: hkQ + "DistanceSwimming", title: "Swimming distance", kind: cumulative, units: distU, prec: 2},
	{id: hkQ + "ActiveEnergyBurned", title: "Active energy", code: "41981-2", kind: cumulative, units: energyU},
	{id: hkQ + "BasalEnergyBurned", title: "Resting energy", kind: cumulative, units: energyU},
	{id: hkQ + "FlightsClimbed", title: "Flights climbed", kind: cumulative, units: map[string]unitConv{"count": {"{flights}", 1}}},
	{id: hkQ + "AppleExerciseTime", title: "Exercise time", kind: cumulative, units: minutesU},
	{id: hkQ + "AppleStandTime", title: "Stand time", kind: cumulative, units: minutesU},
	{id: hkQ + "DietaryWater", title: "Water", kind: cumulative, units: map[string]unitConv{"mL": {"mL", 1}, "L": {"L", 1}, "fl_oz_us": {"[foz_us]", 1}}},
	{id: hkQ + "DietaryEnergyConsumed", title: "Dietary energy", kind: cumulative, units: energyU},

	{id: hkQ + "HeartRate", title: "Heart rate", code: "8867-4", kind: discrete, units: perMinU, prec: 1},
	{id: hkQ + "RestingHeartRate", title: "Resting heart rate", code: "40443-4", kind: discrete, units: perMinU, prec: 1},
	{id: hkQ + "WalkingHeartRateAverage", title: "Walking heart rate", kind: discrete, units: perMinU, prec: 1},
	{id: hkQ + "HeartRateVariabilitySDNN", title: "Heart rate variability", code: "80404-7", kind: discrete, units: map[string]unitConv{"ms": {"ms", 1}}, prec: 1},
	{id: hkQ + "BodyMass", title: "Weight", code: "29463-7", kind: discrete, units: massU, prec: 1},
	{id: hkQ + "Height", title: "Height", code: "8302-2", kind: discrete, units: lengthU, prec: 1},
	{id: hkQ + "BodyMassIndex", title: "Body mass index", code: "39156-5", kind: discrete, units: map[string]unitConv{"count": {"kg/m2", 1}}, prec: 1},
	{id: hkQ + "BodyFatPercentage", title: "Body fat", code: "41982-0", kind: discrete, units: percentU, prec: 1},
	{id: hkQ + "BloodGlucose", title: "Blood glucose", code: "2339-0", kind: discrete, units: glucoseU, prec: 1},
	{id: hkQ + "OxygenSaturation", title: "Oxygen saturation", code: "59408-5", kind: discrete, units: percentU, prec: 1},
	{id: hkQ + "BodyTemperature", title: "Body temperature", code: "8310-5", kind: discrete, units: tempU, prec: 2},
	{id: hkQ + "RespiratoryRate", title: "Respiratory rate", code: "9279-1", kind: discrete, units: perMinU, prec: 1},
	{id: hkQ + "VO2Max", title: "Cardio fitness (VO2 max)", kind: discrete, units: map[string]unitConv{"mL/min·kg": {"mL/min/kg", 1}}, prec: 1},
	// Basal body temperature is kept for cycle tracking: reproductive health.
	{id: hkQ + "BasalBodyTemperature", title: "Basal body temperature", kind: discrete, units: tempU, prec: 2, sensitive: true},

	{id: hkC + "SleepAnalysis", title: "Sleep", code: "93832-4", kind: sleep, prec: 2},

	{id: hkC + "MenstrualFlow", title: "Menstrual flow", kind: category, sensitive: true,
		values: map[string]string{"MenstrualFlowUnspecified": "recorded", "MenstrualFlowLight": "light", "MenstrualFlowMedium": "medium", "MenstrualFlowHeavy": "heavy", "MenstrualFlowNone": "none"}},
	{id: hkC + "IntermenstrualBleeding", title: "Spotting", kind: category, sensitive: true},
	{id: hkC + "SexualActivity", title: "Sexual activity", kind: category, sensitive: true},
	{id: hkC + "OvulationTestResult", title: "Ovulation test", kind: category, sensitive: true,
		values: map[string]string{"OvulationTestResultNegative": "negative", "OvulationTestResultPositive": "positive", "OvulationTestResultLuteinizingHormoneSurge": "LH surge", "OvulationTestResultEstrogenSurge": "estrogen surge", "OvulationTestResultIndeterminate": "indeterminate"}},
	{id: hkC + "PregnancyTestResult", title: "Pregnancy test", kind: category, sensitive: true,
		values: map[string]string{"PregnancyTestResultNegative": "negative", "PregnancyTestResultPositive": "positive", "PregnancyTestResultIndeterminate": "indeterminate"}},
	{id: hkC + "ProgesteroneTestResult", title: "Progesterone test", kind: category, sensitive: true,
		values: map[string]string{"ProgesteroneTestResultNegative": "negative", "ProgesteroneTestResultPositive": "positive", "ProgesteroneTestResultIndeterminate": "indeterminate"}},
	{id: hkC + "CervicalMucusQuality", title: "Cervical mucus", kind: category, sensitive: true,
		values: map[string]string{"CervicalMucusQualityDry": "dry", "CervicalMucusQualitySticky": "sticky", "CervicalMucusQualityCreamy": "creamy", "CervicalMucusQualityWatery": "watery", "CervicalMucusQualityEggWhite": "egg white"}},
	{id: hkC + "Contraceptive", title: "Contraceptive", kind: category, sensitive: true,
		values: map[string]string{"ContraceptiveUnspecified": "recorded", "ContraceptiveImplant": "implant", "ContraceptiveInjection": "injection", "ContraceptiveIntrauterineDevice": "intrauterine device", "ContraceptiveIntravaginalRing": "vaginal ring", "ContraceptiveOral": "pill", "ContraceptivePatch": "patch"}},
	{id: hkC + "Pregnancy", title: "Pregnancy", kind: category, sensitive: true},
	{id: hkC + "Lactation", title: "Lactation", kind: category, sensitive: true},
	{id: hkC + "InfrequentMenstrualCycles", title: "Infrequent periods", kind: category, sensitive: true},
	{id: hkC + "IrregularMenstrualCycles", title: "Irregular cycles", kind: category, sensitive: true},
	{id: hkC + "PersistentIntermenstrualBleeding", title: "Persistent spotting", kind: category, sensitive: true},
	{id: hkC + "ProlongedMenstrualPeriods", title: "Prolonged periods", kind: category, sensitive: true},
	{id: hkC + "BleedingDuringPregnancy", title: "Bleeding during pregnancy", kind: category, sensitive: true},
	{id: hkC + "BleedingAfterPregnancy", title: "Bleeding after pregnancy", kind: category, sensitive: true},
}

// The two parts of a blood pressure, read from its correlation.
const (
	bpType      = "HKCorrelationTypeIdentifierBloodPressure"
	systolicID  = hkQ + "BloodPressureSystolic"
	diastolicID = hkQ + "BloodPressureDiastolic"
)

// bpIndex is the index of the blood pressure in the aggregate keys (after
// types).
var bpIndex = uint16(len(types))

var typeIndex = func() map[string]uint16 {
	m := make(map[string]uint16, len(types))
	for i, t := range types {
		m[t.id] = uint16(i)
	}
	return m
}()

// asleep lists the sleep analysis values that count as time asleep (not
// in bed awake, not awake).
var asleep = map[string]bool{
	"HKCategoryValueSleepAnalysisAsleep":            true,
	"HKCategoryValueSleepAnalysisAsleepUnspecified": true,
	"HKCategoryValueSleepAnalysisAsleepCore":        true,
	"HKCategoryValueSleepAnalysisAsleepDeep":        true,
	"HKCategoryValueSleepAnalysisAsleepREM":         true,
}

// categoryWord is the word for a category value: the type's own name for
// it, else the value without its prefix in lower case, "recorded" for
// HKCategoryValueNotApplicable.
func (t *qtype) categoryWord(v string) string {
	rest := strings.TrimPrefix(v, "HKCategoryValue")
	if w, ok := t.values[rest]; ok {
		return w
	}
	if rest == "NotApplicable" || rest == "" {
		return "recorded"
	}
	return strings.ToLower(rest)
}

// format writes a value with prec decimals, without trailing zeros.
func format(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// code returns the type's LOINC coding, or nil.
func (t *qtype) coding() *record.Code {
	if t.code == "" {
		return nil
	}
	return &record.Code{System: "loinc", Code: t.code, Display: t.title}
}
