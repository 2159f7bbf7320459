package fhir

import (
	"encoding/json"
	"strings"
)

// Bundle is a collection of resources. The importer streams Entry rather
// than decoding this struct whole; it is here for small bundles and tests.
type Bundle struct {
	Base
	Type  string        `json:"type,omitempty"`
	Entry []BundleEntry `json:"entry,omitempty"`
}

// BundleEntry is one resource in a Bundle, with its full URL.
type BundleEntry struct {
	FullURL  string          `json:"fullUrl,omitempty"`
	Resource json.RawMessage `json:"resource,omitempty"`
}

// Patient is the person the record is about.
type Patient struct {
	Base
	Name      []HumanName    `json:"name,omitempty"`
	Gender    string         `json:"gender,omitempty"`
	BirthDate string         `json:"birthDate,omitempty"`
	Telecom   []ContactPoint `json:"telecom,omitempty"`
	Address   []Address      `json:"address,omitempty"`
}

// Condition is a problem, diagnosis or health concern.
type Condition struct {
	Base
	ClinicalStatus     *CodeableConcept  `json:"clinicalStatus,omitempty"`
	VerificationStatus *CodeableConcept  `json:"verificationStatus,omitempty"`
	Category           []CodeableConcept `json:"category,omitempty"`
	Severity           *CodeableConcept  `json:"severity,omitempty"`
	Code               *CodeableConcept  `json:"code,omitempty"`
	OnsetDateTime      string            `json:"onsetDateTime,omitempty"`
	OnsetPeriod        *Period           `json:"onsetPeriod,omitempty"`
	OnsetString        string            `json:"onsetString,omitempty"`
	AbatementDateTime  string            `json:"abatementDateTime,omitempty"`
	AbatementPeriod    *Period           `json:"abatementPeriod,omitempty"`
	AbatementString    string            `json:"abatementString,omitempty"`
	RecordedDate       string            `json:"recordedDate,omitempty"`
	Note               []Annotation      `json:"note,omitempty"`
}

// Dosage is how a medicine is or should be taken.
type Dosage struct {
	Text        string `json:"text,omitempty"`
	DoseAndRate []struct {
		DoseQuantity *Quantity `json:"doseQuantity,omitempty"`
	} `json:"doseAndRate,omitempty"`
}

// MedicationStatement records a medicine taken.
type MedicationStatement struct {
	Base
	Status                    string           `json:"status,omitempty"`
	MedicationCodeableConcept *CodeableConcept `json:"medicationCodeableConcept,omitempty"`
	MedicationReference       *Reference       `json:"medicationReference,omitempty"`
	EffectiveDateTime         string           `json:"effectiveDateTime,omitempty"`
	EffectivePeriod           *Period          `json:"effectivePeriod,omitempty"`
	DateAsserted              string           `json:"dateAsserted,omitempty"`
	Dosage                    []Dosage         `json:"dosage,omitempty"`
	Note                      []Annotation     `json:"note,omitempty"`
}

// MedicationRequest is a prescription or order for a medicine.
type MedicationRequest struct {
	Base
	Status                    string           `json:"status,omitempty"`
	Intent                    string           `json:"intent,omitempty"`
	MedicationCodeableConcept *CodeableConcept `json:"medicationCodeableConcept,omitempty"`
	MedicationReference       *Reference       `json:"medicationReference,omitempty"`
	AuthoredOn                string           `json:"authoredOn,omitempty"`
	DosageInstruction         []Dosage         `json:"dosageInstruction,omitempty"`
	Note                      []Annotation     `json:"note,omitempty"`
}

// Medication is a medicine, referenced by statements and requests.
type Medication struct {
	Base
	Code *CodeableConcept `json:"code,omitempty"`
	Form *CodeableConcept `json:"form,omitempty"`
}

// AllergyReaction is one reaction to an allergen.
type AllergyReaction struct {
	Substance     *CodeableConcept  `json:"substance,omitempty"`
	Manifestation []CodeableConcept `json:"manifestation,omitempty"`
	Severity      string            `json:"severity,omitempty"`
	Description   string            `json:"description,omitempty"`
}

// AllergyIntolerance is an allergy or intolerance.
type AllergyIntolerance struct {
	Base
	ClinicalStatus     *CodeableConcept  `json:"clinicalStatus,omitempty"`
	VerificationStatus *CodeableConcept  `json:"verificationStatus,omitempty"`
	Type               string            `json:"type,omitempty"`
	Category           []string          `json:"category,omitempty"`
	Criticality        string            `json:"criticality,omitempty"`
	Code               *CodeableConcept  `json:"code,omitempty"`
	OnsetDateTime      string            `json:"onsetDateTime,omitempty"`
	OnsetString        string            `json:"onsetString,omitempty"`
	RecordedDate       string            `json:"recordedDate,omitempty"`
	Reaction           []AllergyReaction `json:"reaction,omitempty"`
	Note               []Annotation      `json:"note,omitempty"`
}

// Immunization is a vaccine given (or not given).
type Immunization struct {
	Base
	Status             string           `json:"status,omitempty"`
	VaccineCode        *CodeableConcept `json:"vaccineCode,omitempty"`
	OccurrenceDateTime string           `json:"occurrenceDateTime,omitempty"`
	OccurrenceString   string           `json:"occurrenceString,omitempty"`
	LotNumber          string           `json:"lotNumber,omitempty"`
	Note               []Annotation     `json:"note,omitempty"`
}

// ObservationComponent is one part of a compound observation.
type ObservationComponent struct {
	Code                 *CodeableConcept `json:"code,omitempty"`
	ValueQuantity        *Quantity        `json:"valueQuantity,omitempty"`
	ValueCodeableConcept *CodeableConcept `json:"valueCodeableConcept,omitempty"`
	ValueString          string           `json:"valueString,omitempty"`
}

// ReferenceRange is the normal range of an observation.
type ReferenceRange struct {
	Low  *Quantity `json:"low,omitempty"`
	High *Quantity `json:"high,omitempty"`
	Text string    `json:"text,omitempty"`
}

// Observation is a measurement, test result or assessment.
type Observation struct {
	Base
	Status               string                 `json:"status,omitempty"`
	Category             []CodeableConcept      `json:"category,omitempty"`
	Code                 *CodeableConcept       `json:"code,omitempty"`
	EffectiveDateTime    string                 `json:"effectiveDateTime,omitempty"`
	EffectivePeriod      *Period                `json:"effectivePeriod,omitempty"`
	EffectiveInstant     string                 `json:"effectiveInstant,omitempty"`
	Issued               string                 `json:"issued,omitempty"`
	ValueQuantity        *Quantity              `json:"valueQuantity,omitempty"`
	ValueCodeableConcept *CodeableConcept       `json:"valueCodeableConcept,omitempty"`
	ValueString          string                 `json:"valueString,omitempty"`
	ValueBoolean         *bool                  `json:"valueBoolean,omitempty"`
	ValueInteger         *int64                 `json:"valueInteger,omitempty"`
	ValueRange           *Range                 `json:"valueRange,omitempty"`
	ValueDateTime        string                 `json:"valueDateTime,omitempty"`
	DataAbsentReason     *CodeableConcept       `json:"dataAbsentReason,omitempty"`
	Interpretation       []CodeableConcept      `json:"interpretation,omitempty"`
	Note                 []Annotation           `json:"note,omitempty"`
	ReferenceRange       []ReferenceRange       `json:"referenceRange,omitempty"`
	HasMember            []Reference            `json:"hasMember,omitempty"`
	Component            []ObservationComponent `json:"component,omitempty"`
}

// DiagnosticReport groups results (a panel, an imaging report).
type DiagnosticReport struct {
	Base
	Status            string            `json:"status,omitempty"`
	Category          []CodeableConcept `json:"category,omitempty"`
	Code              *CodeableConcept  `json:"code,omitempty"`
	EffectiveDateTime string            `json:"effectiveDateTime,omitempty"`
	EffectivePeriod   *Period           `json:"effectivePeriod,omitempty"`
	Issued            string            `json:"issued,omitempty"`
	Result            []Reference       `json:"result,omitempty"`
	Conclusion        string            `json:"conclusion,omitempty"`
	PresentedForm     []Attachment      `json:"presentedForm,omitempty"`
}

// Procedure is something done to or for the person.
type Procedure struct {
	Base
	Status            string           `json:"status,omitempty"`
	Code              *CodeableConcept `json:"code,omitempty"`
	PerformedDateTime string           `json:"performedDateTime,omitempty"`
	PerformedPeriod   *Period          `json:"performedPeriod,omitempty"`
	PerformedString   string           `json:"performedString,omitempty"`
	Note              []Annotation     `json:"note,omitempty"`
}

// Encounter is a visit, admission or consultation.
type Encounter struct {
	Base
	Status     string            `json:"status,omitempty"`
	Class      *Coding           `json:"class,omitempty"`
	Type       []CodeableConcept `json:"type,omitempty"`
	ReasonCode []CodeableConcept `json:"reasonCode,omitempty"`
	Period     *Period           `json:"period,omitempty"`
}

// DocumentContent is one attachment of a document reference.
type DocumentContent struct {
	Attachment Attachment `json:"attachment"`
}

// DocumentReference points at a document (a letter, a scan, a note).
type DocumentReference struct {
	Base
	Status      string            `json:"status,omitempty"`
	Type        *CodeableConcept  `json:"type,omitempty"`
	Category    []CodeableConcept `json:"category,omitempty"`
	Date        string            `json:"date,omitempty"`
	Description string            `json:"description,omitempty"`
	Content     []DocumentContent `json:"content,omitempty"`
	Context     *struct {
		Period *Period `json:"period,omitempty"`
	} `json:"context,omitempty"`
}

// IsNote reports whether a DocumentReference is a plain text note: typed
// with the LOINC "Note" (34109-9) and holding one plain text attachment,
// as phr writes a note.
func (d *DocumentReference) IsNote() bool {
	if len(d.Content) != 1 || !strings.HasPrefix(d.Content[0].Attachment.ContentType, "text/plain") || d.Type == nil {
		return false
	}
	for _, c := range d.Type.Coding {
		if ShortSystem(c.System) == "loinc" && c.Code == noteLOINC {
			return true
		}
	}
	return false
}

// CarePlanActivityDetail is what one care plan activity is.
type CarePlanActivityDetail struct {
	Code        *CodeableConcept `json:"code,omitempty"`
	Status      string           `json:"status,omitempty"`
	Description string           `json:"description,omitempty"`
}

// CarePlanActivity is one activity of a care plan.
type CarePlanActivity struct {
	Detail *CarePlanActivityDetail `json:"detail,omitempty"`
}

// CarePlan is a plan of care.
type CarePlan struct {
	Base
	Status      string             `json:"status,omitempty"`
	Intent      string             `json:"intent,omitempty"`
	Category    []CodeableConcept  `json:"category,omitempty"`
	Title       string             `json:"title,omitempty"`
	Description string             `json:"description,omitempty"`
	Period      *Period            `json:"period,omitempty"`
	Created     string             `json:"created,omitempty"`
	Activity    []CarePlanActivity `json:"activity,omitempty"`
	Note        []Annotation       `json:"note,omitempty"`
}

// Practitioner is a clinician.
type Practitioner struct {
	Base
	Name    []HumanName    `json:"name,omitempty"`
	Telecom []ContactPoint `json:"telecom,omitempty"`
	Address []Address      `json:"address,omitempty"`
}

// Organization is a practice, hospital or service.
type Organization struct {
	Base
	Name    string         `json:"name,omitempty"`
	Telecom []ContactPoint `json:"telecom,omitempty"`
	Address []Address      `json:"address,omitempty"`
}

// Location is a place where care is given (a clinic, a ward).
type Location struct {
	Base
	Status      string            `json:"status,omitempty"`
	Name        string            `json:"name,omitempty"`
	Description string            `json:"description,omitempty"`
	Type        []CodeableConcept `json:"type,omitempty"`
	Telecom     []ContactPoint    `json:"telecom,omitempty"`
	Address     *Address          `json:"address,omitempty"`
}
