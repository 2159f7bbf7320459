package importer

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
)

// Tally says what became of every resource (FHIR, by resource type) or
// every entry (C-CDA, by section) a file held: each one read is imported
// (as one entry or more), merged into another entry or the profile,
// skipped for a reason named in Result.Skipped, or counted in
// Result.Unmapped. Read always equals the sum of the other four: nothing
// is dropped silently.
type Tally struct {
	Read     int `json:"read"`
	Imported int `json:"imported"`
	Merged   int `json:"merged"`
	Skipped  int `json:"skipped"`
	Unmapped int `json:"unmapped"`
}

// Accounted reports whether every resource read has an outcome.
func (t Tally) Accounted() bool {
	return t.Read == t.Imported+t.Merged+t.Skipped+t.Unmapped
}

// Reasons for leaving a resource or entry out, in the words the import
// report shows.
const (
	reasonEnteredInError = "entered in error"
	reasonPlaceholder    = "a placeholder that holds no information"
	reasonBilling        = "insurance and billing paperwork, not part of a health record"
	reasonProvenance     = "a note of where other entries came from"
)

func (r *Result) tally(key string) *Tally {
	if r.Tally == nil {
		r.Tally = map[string]*Tally{}
	}
	t := r.Tally[key]
	if t == nil {
		t = &Tally{}
		r.Tally[key] = t
	}
	return t
}

// skip counts a resource (or entry) of kind key left out for why.
func (r *Result) skip(key, why string) {
	r.Skipped[key+": "+why]++
	r.tally(key).Skipped++
}

// unmapped counts a resource (or entry) of kind key that phr cannot map,
// under label in the report.
func (r *Result) unmapped(key, label string) {
	r.Unmapped[label]++
	r.tally(key).Unmapped++
}

// billingTypes are the FHIR resources about insurance and payment.
var billingTypes = map[string]bool{
	"Claim": true, "ClaimResponse": true, "ExplanationOfBenefit": true, "Coverage": true,
	"CoverageEligibilityRequest": true, "CoverageEligibilityResponse": true, "EnrollmentRequest": true,
	"EnrollmentResponse": true, "PaymentNotice": true, "PaymentReconciliation": true, "Invoice": true,
	"Account": true, "ChargeItem": true, "ChargeItemDefinition": true, "Contract": true, "InsurancePlan": true,
}

// statusHead is the part of a resource that says it was entered in error
// or holds no information.
type statusHead struct {
	Status                    json.RawMessage `json:"status"`
	ClinicalStatus            json.RawMessage `json:"clinicalStatus"`
	VerificationStatus        json.RawMessage `json:"verificationStatus"`
	Code                      json.RawMessage `json:"code"`
	MedicationCodeableConcept json.RawMessage `json:"medicationCodeableConcept"`
	VaccineCode               json.RawMessage `json:"vaccineCode"`
}

// fhirSkipReason says why a resource is left out, or "" to map it:
// entered in error (in status, clinicalStatus or verificationStatus,
// whether written as a code or a concept), billing, or a placeholder
// concept ("no information", the IPS absent/unknown "no-...-info" codes).
func fhirSkipReason(rtype string, raw []byte) string {
	if billingTypes[rtype] {
		return reasonBilling
	}
	if rtype == "Provenance" || rtype == "AuditEvent" {
		return reasonProvenance
	}
	var h statusHead
	if json.Unmarshal(raw, &h) != nil {
		return ""
	}
	eie := []byte(`"entered-in-error"`)
	for _, s := range []json.RawMessage{h.Status, h.ClinicalStatus, h.VerificationStatus} {
		if bytes.Contains(s, eie) {
			return reasonEnteredInError
		}
	}
	for _, c := range []json.RawMessage{h.Code, h.MedicationCodeableConcept, h.VaccineCode} {
		var cc fhir.CodeableConcept
		if len(c) == 0 || c[0] != '{' || json.Unmarshal(c, &cc) != nil {
			continue
		}
		if placeholderConcept(&cc) {
			return reasonPlaceholder
		}
	}
	return ""
}

// placeholderConcept reports a concept that says only that nothing is
// known: an IPS absent/unknown "no-...-info" code, a data-absent-reason
// code, or placeholder words and no other code.
func placeholderConcept(cc *fhir.CodeableConcept) bool {
	other := false
	for _, c := range cc.Coding {
		switch {
		case strings.Contains(c.System, "absent-unknown") && strings.HasSuffix(c.Code, "-info"),
			strings.Contains(c.System, "data-absent-reason"):
			return true
		case c.Code != "" && !placeholderText(c.Display):
			other = true
		}
	}
	if other {
		return false
	}
	if cc.Text != "" {
		return placeholderText(cc.Text)
	}
	for _, c := range cc.Coding {
		if placeholderText(c.Display) {
			return true
		}
	}
	return false
}

var placeholderWords = regexp.MustCompile(`^(unknown|unk|null|nil|n/?a|not applicable|not available|` +
	`no (known )?information( available)?|no data|none recorded|not recorded|` +
	`no [a-z ]*(data|information) (is )?(applicable|available|recorded)|` +
	`\{[a-z_.]+\})$`)

// placeholderText reports words that stand for a missing value rather
// than a fact ("unknown", "No medication data is applicable", a template
// slot such as "{entry.value}" left unfilled).
func placeholderText(s string) bool {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.TrimRight(s, ".")
	return s != "" && placeholderWords.MatchString(s)
}
