package importer

import (
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// standardSystems are the terminologies two sources share, so a code in
// one of them names the same concept wherever it comes from.
var standardSystems = map[string]bool{"snomed": true, "loinc": true, "rxnorm": true, "icd10": true, "icd10cm": true, "cvx": true}

// FactKeys says what fact an entry records, in forms another source of the
// same fact would give too: its category, a standard code (every standard
// coding it has), its day and its value with unit. Two
// entries from different sources that share a key record the same fact
// (a C-CDA and its FHIR conversion). An entry without a standard code or
// a date has no key: it is never taken for another.
func FactKeys(e *record.Entry) []string {
	if e.Date == "" {
		return nil
	}
	codes := append([]record.Code(nil), e.Codings...)
	if e.Code != nil {
		codes = append(codes, *e.Code)
	}
	// The day only: one source writes the time, another (a C-CDA time
	// without a zone) only the day.
	day := e.Date
	if len(day) > 10 {
		day = day[:10]
	}
	value := normValue(e.Value) + "|" + strings.ToLower(strings.TrimSpace(e.Unit))
	seen := map[string]bool{}
	var keys []string
	// A blood pressure's parts are facts too: another source may send
	// them as two readings.
	for _, c := range e.Components {
		if c.Code == nil || c.Value == "" {
			continue
		}
		sys := strings.ToLower(c.Code.System)
		if standardSystems[sys] {
			k := string(e.Category) + "|" + sys + "|" + c.Code.Code + "|" + day + "|" + normValue(c.Value) + "|" + strings.ToLower(strings.TrimSpace(c.Unit))
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	for _, c := range codes {
		sys := strings.ToLower(c.System)
		if !standardSystems[sys] || c.Code == "" {
			continue
		}
		if sys == "icd10cm" {
			sys = "icd10"
		}
		k := string(e.Category) + "|" + sys + "|" + strings.TrimSpace(c.Code) + "|" + day + "|" + value
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// normValue writes a number in one form ("5.50" and "5.5" agree) and
// leaves other values as written, trimmed and lower case.
func normValue(v string) string {
	v = strings.TrimSpace(v)
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strings.ToLower(v)
}
