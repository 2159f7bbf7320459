package share

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// object is a JSON object that keeps its members in order, so resources read
// as FHIR's own examples do (resourceType first). Members with empty values
// are left out when set.
type object []member

type member struct {
	key string
	val any
}

// set appends a member unless its value is empty.
func (o object) set(key string, val any) object {
	if isEmpty(val) {
		return o
	}
	return append(o, member{key, val})
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.val)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case json.Number:
		return v == ""
	case object:
		return len(v) == 0
	case []object:
		return len(v) == 0
	case []string:
		return len(v) == 0
	}
	return false
}

// FHIR code system URIs.
const (
	systemLOINC           = "http://loinc.org"
	systemSNOMED          = "http://snomed.info/sct"
	systemActCode         = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	systemConfidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	systemObsCategory     = "http://terminology.hl7.org/CodeSystem/observation-category"
	systemCondClinical    = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	systemCondCategory    = "http://terminology.hl7.org/CodeSystem/condition-category"
	systemAllergyClinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
)

// systemURI returns the FHIR URI of a code system given by short name or URI.
// An unknown short name gives "", leaving the coding without a system.
func systemURI(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ":") {
		return s
	}
	switch strings.ToLower(s) {
	case "snomed", "sct", "snomed-ct", "snomedct":
		return systemSNOMED
	case "loinc":
		return systemLOINC
	case "rxnorm":
		return "http://www.nlm.nih.gov/research/umls/rxnorm"
	case "icd10", "icd-10":
		return "http://hl7.org/fhir/sid/icd-10"
	case "icd10cm", "icd10-cm", "icd-10-cm":
		return "http://hl7.org/fhir/sid/icd-10-cm"
	case "cvx":
		return "http://hl7.org/fhir/sid/cvx"
	case "atc":
		return "http://www.whocc.no/atc"
	case "dmd":
		return "https://dmd.nhs.uk"
	case "ucum":
		return "http://unitsofmeasure.org"
	}
	return ""
}

// systemName is the reverse of systemURI: the short name phr uses for a URI.
func systemName(uri string) string {
	switch uri {
	case systemSNOMED:
		return "snomed"
	case systemLOINC:
		return "loinc"
	case "http://www.nlm.nih.gov/research/umls/rxnorm":
		return "rxnorm"
	case "http://hl7.org/fhir/sid/icd-10":
		return "icd10"
	case "http://hl7.org/fhir/sid/icd-10-cm":
		return "icd10cm"
	case "http://hl7.org/fhir/sid/cvx":
		return "cvx"
	case "http://www.whocc.no/atc":
		return "atc"
	case "https://dmd.nhs.uk":
		return "dmd"
	}
	return uri
}

// Sensitivity labels. Each sensitive kind maps to one v3-ActCode information
// sensitivity code in the resource's meta.security, and every sensitive
// resource also carries the v3-Confidentiality code R (restricted); the
// Composition's confidentiality is R when any sensitive entry is included, N
// otherwise.
//
//	mental-health  MH    mental health information sensitivity
//	sexual-health  SEX   sexuality and reproductive health information sensitivity
//	hiv            HIV   HIV/AIDS information sensitivity
//	substance-use  ETH   substance abuse information sensitivity
//	genetic        GDIS  genetic disease information sensitivity
//	violence       SDV   sexual assault, abuse, or domestic violence information sensitivity
//	private        PRS   patient requested information sensitivity
var securityLabels = []struct {
	kind    record.Kind
	code    string
	display string
}{
	{record.MentalHealth, "MH", "mental health information sensitivity"},
	{record.SexualHealth, "SEX", "sexuality and reproductive health information sensitivity"},
	{record.HIV, "HIV", "HIV/AIDS information sensitivity"},
	{record.SubstanceUse, "ETH", "substance abuse information sensitivity"},
	{record.Genetic, "GDIS", "genetic disease information sensitivity"},
	{record.Violence, "SDV", "sexual assault, abuse, or domestic violence information sensitivity"},
	{record.Private, "PRS", "patient requested information sensitivity"},
}

// securityMeta returns a resource's meta with the labels of its kinds, or nil.
func securityMeta(kinds []record.Kind) object {
	if len(kinds) == 0 {
		return nil
	}
	var labels []object
	for _, l := range securityLabels {
		for _, k := range kinds {
			if k == l.kind {
				labels = append(labels, coding(systemActCode, l.code, l.display))
			}
		}
	}
	labels = append(labels, coding(systemConfidentiality, "R", "restricted"))
	return object{}.set("security", labels)
}

// kindOfLabel maps a v3-ActCode sensitivity code back to a kind.
func kindOfLabel(system, code string) (record.Kind, bool) {
	if system != systemActCode {
		return "", false
	}
	for _, l := range securityLabels {
		if l.code == code {
			return l.kind, true
		}
	}
	return "", false
}

// coding is a FHIR Coding.
func coding(system, code, display string) object {
	return object{}.set("system", system).set("code", code).set("display", display)
}

// concept is a FHIR CodeableConcept of a phr code (possibly nil) and a text.
func concept(c *record.Code, text string) object {
	o := object{}
	if c != nil && strings.TrimSpace(c.Code) != "" {
		o = o.set("coding", []object{coding(systemURI(c.System), strings.TrimSpace(c.Code), c.Display)})
	}
	return o.set("text", text)
}

// fixedConcept is a CodeableConcept of one known coding.
func fixedConcept(system, code, display string) object {
	return object{}.set("coding", []object{coding(system, code, display)})
}

// ref is a FHIR Reference.
func ref(url string) object { return object{}.set("reference", url) }
