package summary

import "strings"

// plainUnits maps UCUM spellings, as imports carry them, to what a reader
// expects to see on paper.
var plainUnits = map[string]string{
	"mm[Hg]":           "mmHg",
	"mm[hg]":           "mmHg",
	"Cel":              "°C",
	"[degF]":           "°F",
	"[lb_av]":          "lb",
	"[in_i]":           "in",
	"kg/m2":            "kg/m²",
	"mL/min/{1.73_m2}": "mL/min/1.73m²",
	"mL/min/1.73m2":    "mL/min/1.73m²",
	"m[IU]/L":          "mIU/L",
	"u[IU]/mL":         "µIU/mL",
	"[IU]/L":           "IU/L",
	"[IU]":             "IU",
	"umol/L":           "µmol/L",
	"ug":               "µg",
	"ug/L":             "µg/L",
	"10*9/L":           "×10⁹/L",
	"10*12/L":          "×10¹²/L",
	"10*3/uL":          "×10³/µL",
	"/min":             "per minute",
	"{beats}/min":      "beats per minute",
	"{breaths}/min":    "breaths per minute",
	"/[HPF]":           "per high-power field",
	"1":                "",
	"{score}":          "points",
}

// PlainUnit returns a unit as people write it: "mm[Hg]" is "mmHg", "Cel" is
// "°C", "10*9/L" is "×10⁹/L"; other units are kept, without UCUM's braces.
func PlainUnit(u string) string {
	u = strings.TrimSpace(u)
	if p, ok := plainUnits[u]; ok {
		return p
	}
	if strings.HasPrefix(u, "{") && strings.HasSuffix(u, "}") {
		return strings.Trim(u, "{}")
	}
	return u
}
