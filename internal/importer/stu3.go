package importer

import (
	"bytes"
	"encoding/json"
)

// FHIR STU3 (3.0) resources mostly have R4's shapes; where they differ
// in what phr reads, stu3ToR4 rewrites them the R4 way before decoding,
// and the report says the file was read as STU3. A shape both DSTU2 and
// STU3 write (a plain-code clinicalStatus) is STU3 unless the resource
// also has a DSTU2-only field, so DSTU2 files are still refused as a
// whole (see dstu2.go).

// stu3ToR4 returns raw with its STU3 shapes rewritten the R4 way, and
// whether it had any; the resource's original JSON is kept as written.
func stu3ToR4(rtype string, raw []byte) ([]byte, bool) {
	switch rtype {
	case "Condition", "AllergyIntolerance", "Immunization", "MedicationStatement", "Procedure", "DocumentReference":
	default:
		return raw, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return raw, false
	}
	isString := func(k string) bool { v := m[k]; return len(v) > 0 && v[0] == '"' }
	concept := func(k, system string) {
		var code string
		_ = json.Unmarshal(m[k], &code)
		m[k], _ = json.Marshal(map[string]any{"coding": []map[string]string{{"system": system, "code": code}}})
	}
	rename := func(from, to string) bool {
		if v, ok := m[from]; ok {
			if _, taken := m[to]; !taken {
				m[to] = v
			}
			delete(m, from)
			return true
		}
		return false
	}
	isTrue := func(k string) bool { return bytes.Equal(bytes.TrimSpace(m[k]), []byte("true")) }
	changed := false
	switch rtype {
	case "Condition", "AllergyIntolerance":
		// DSTU2 wrote these too, with fields STU3 dropped.
		for _, k := range []string{"dateRecorded", "patient", "substance"} {
			if _, ok := m[k]; ok {
				return raw, false
			}
		}
		clin, ver := "http://terminology.hl7.org/CodeSystem/condition-clinical", "http://terminology.hl7.org/CodeSystem/condition-ver-status"
		if rtype == "AllergyIntolerance" {
			clin, ver = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
		}
		if isString("clinicalStatus") {
			concept("clinicalStatus", clin)
			changed = true
		}
		if isString("verificationStatus") {
			concept("verificationStatus", ver)
			changed = true
		}
		changed = rename("assertedDate", "recordedDate") || changed
	case "Immunization":
		if _, ok := m["wasNotGiven"]; ok {
			return raw, false // DSTU2
		}
		if _, ok := m["notGiven"]; ok {
			if isTrue("notGiven") {
				m["status"], _ = json.Marshal("not-done")
			}
			delete(m, "notGiven")
			changed = true
		}
		changed = rename("date", "occurrenceDateTime") || changed
	case "MedicationStatement":
		if isString("taken") {
			var t string
			_ = json.Unmarshal(m["taken"], &t)
			if t == "n" {
				m["status"], _ = json.Marshal("not-taken")
			}
			delete(m, "taken")
			changed = true
		}
	case "Procedure":
		if _, ok := m["notDone"]; ok {
			if isTrue("notDone") {
				m["status"], _ = json.Marshal("not-done")
			}
			delete(m, "notDone")
			changed = true
		}
	case "DocumentReference":
		if _, ok := m["indexed"]; ok {
			changed = rename("indexed", "date")
		}
	}
	if !changed {
		return raw, false
	}
	out, err := json.Marshal(m)
	if err != nil {
		return raw, false
	}
	return out, true
}
