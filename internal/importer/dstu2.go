package importer

import (
	"bytes"
	"encoding/json"
)

// phr reads FHIR R4. A DSTU2 file (Apple Health Records and older portals
// still hand them out) states no version, so it is recognised by its
// shapes, and refused as a whole: mapping the parts that happen to decode
// would half-import it, losing dates and statuses silently.

// isDSTU2Only reports resource types that exist in DSTU2 and not in R4.
func isDSTU2Only(t string) bool {
	switch t {
	case "MedicationOrder", "DiagnosticOrder", "DeviceUseRequest", "Order", "OrderResponse",
		"DeviceComponent", "DeviceMetricCalibration", "Conformance":
		return true
	}
	return false
}

// dstu2Signal says why raw looks like a DSTU2 resource, or "" when it does
// not. It is asked only after an R4 decode failed, so it costs nothing on
// good files.
func dstu2Signal(rtype string, raw []byte) string {
	var probe struct {
		ClinicalStatus json.RawMessage   `json:"clinicalStatus"`
		Category       json.RawMessage   `json:"category"`
		Class          json.RawMessage   `json:"class"`
		Name           []json.RawMessage `json:"name"`
	}
	if json.Unmarshal(raw, &probe) != nil {
		return ""
	}
	isString := func(r json.RawMessage) bool { return len(r) > 0 && r[0] == '"' }
	isObject := func(r json.RawMessage) bool { return len(r) > 0 && r[0] == '{' }
	switch rtype {
	case "Condition", "AllergyIntolerance":
		if isString(probe.ClinicalStatus) {
			return rtype + ".clinicalStatus is a plain code"
		}
	case "Observation", "DiagnosticReport":
		if isObject(probe.Category) {
			return rtype + ".category is a single object"
		}
	case "Encounter":
		if isString(probe.Class) {
			return "Encounter.class is a plain code"
		}
	case "Patient", "Practitioner":
		for _, n := range probe.Name {
			var fam struct {
				Family json.RawMessage `json:"family"`
			}
			if json.Unmarshal(n, &fam) == nil && len(fam.Family) > 0 && fam.Family[0] == '[' {
				return rtype + ".name.family is a list"
			}
		}
	}
	return ""
}

// looksDSTU2Immunization reports an Immunization with DSTU2's date and
// wasNotGiven in place of R4's occurrence[x].
func looksDSTU2Immunization(raw []byte) bool {
	return bytes.Contains(raw, []byte(`"wasNotGiven"`)) && bytes.Contains(raw, []byte(`"date"`))
}
