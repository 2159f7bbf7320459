package fhir

import "encoding/json"

// The clinical resources the importer reads: problems, medicines,
// allergies, vaccines, observations and reports, procedures, plans and
// what a person or their family reported. Shapes two resources share
// (medication[x], effective[x]) are embedded once.

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

// Dosage is how a medicine is or should be taken: its words, the dose as
// a quantity or a range, the route and the timing.
type Dosage struct {
	Text        string `json:"text,omitempty"`
	DoseAndRate []struct {
		DoseQuantity *Quantity `json:"doseQuantity,omitempty"`
		DoseRange    *Range    `json:"doseRange,omitempty"`
	} `json:"doseAndRate,omitempty"`
	// DoseQuantity and DoseRange are STU3's dose[x], on the dosage itself.
	DoseQuantity            *Quantity        `json:"doseQuantity,omitempty"`
	DoseRange               *Range           `json:"doseRange,omitempty"`
	Route                   *CodeableConcept `json:"route,omitempty"`
	Timing                  *Timing          `json:"timing,omitempty"`
	AsNeededBoolean         bool             `json:"asNeededBoolean,omitempty"`
	AsNeededCodeableConcept *CodeableConcept `json:"asNeededCodeableConcept,omitempty"`
}

// Timing is when a medicine is taken: a code ("BID", "Q8H") or a repeat
// (so many times in a period).
type Timing struct {
	Code   *CodeableConcept `json:"code,omitempty"`
	Repeat *struct {
		Frequency    json.Number `json:"frequency,omitempty"`
		FrequencyMax json.Number `json:"frequencyMax,omitempty"`
		Period       json.Number `json:"period,omitempty"`
		PeriodMax    json.Number `json:"periodMax,omitempty"`
		PeriodUnit   string      `json:"periodUnit,omitempty"`
		When         []string    `json:"when,omitempty"`
		TimeOfDay    []string    `json:"timeOfDay,omitempty"`
	} `json:"repeat,omitempty"`
}

// MedicationChoice is medication[x], the medicine of a statement, a
// request or an administration: a concept, or a reference to a Medication
// (in the bundle, or contained).
type MedicationChoice struct {
	MedicationCodeableConcept *CodeableConcept `json:"medicationCodeableConcept,omitempty"`
	MedicationReference       *Reference       `json:"medicationReference,omitempty"`
}

// Effective is effective[x] as a date and time or a period: when an
// observation, a report or a medicine applied.
type Effective struct {
	EffectiveDateTime string  `json:"effectiveDateTime,omitempty"`
	EffectivePeriod   *Period `json:"effectivePeriod,omitempty"`
}

// MedicationStatement records a medicine taken.
type MedicationStatement struct {
	Base
	Status string `json:"status,omitempty"`
	MedicationChoice
	Effective
	DateAsserted string       `json:"dateAsserted,omitempty"`
	Dosage       []Dosage     `json:"dosage,omitempty"`
	Note         []Annotation `json:"note,omitempty"`
}

// MedicationRequest is a prescription or order for a medicine.
type MedicationRequest struct {
	Base
	Status string `json:"status,omitempty"`
	Intent string `json:"intent,omitempty"`
	MedicationChoice
	AuthoredOn        string       `json:"authoredOn,omitempty"`
	DosageInstruction []Dosage     `json:"dosageInstruction,omitempty"`
	Note              []Annotation `json:"note,omitempty"`
}

// MedicationAdministration is a dose of a medicine given.
type MedicationAdministration struct {
	Base
	Status string `json:"status,omitempty"`
	MedicationChoice
	Effective
	Dosage *struct {
		Text  string           `json:"text,omitempty"`
		Route *CodeableConcept `json:"route,omitempty"`
		Dose  *Quantity        `json:"dose,omitempty"`
	} `json:"dosage,omitempty"`
	Note []Annotation `json:"note,omitempty"`
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
	Status   string            `json:"status,omitempty"`
	Category []CodeableConcept `json:"category,omitempty"`
	Code     *CodeableConcept  `json:"code,omitempty"`
	Effective
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
	Status   string            `json:"status,omitempty"`
	Category []CodeableConcept `json:"category,omitempty"`
	Code     *CodeableConcept  `json:"code,omitempty"`
	Effective
	Issued        string       `json:"issued,omitempty"`
	Result        []Reference  `json:"result,omitempty"`
	Conclusion    string       `json:"conclusion,omitempty"`
	PresentedForm []Attachment `json:"presentedForm,omitempty"`
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

// ServiceRequest is an order or referral (a test, a procedure, a visit).
type ServiceRequest struct {
	Base
	Status             string            `json:"status,omitempty"`
	Intent             string            `json:"intent,omitempty"`
	Category           []CodeableConcept `json:"category,omitempty"`
	Code               *CodeableConcept  `json:"code,omitempty"`
	OccurrenceDT       string            `json:"occurrenceDateTime,omitempty"`
	OccurrencePeriod   *Period           `json:"occurrencePeriod,omitempty"`
	AuthoredOn         string            `json:"authoredOn,omitempty"`
	ReasonCode         []CodeableConcept `json:"reasonCode,omitempty"`
	PatientInstruction string            `json:"patientInstruction,omitempty"`
	Note               []Annotation      `json:"note,omitempty"`
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

// Goal is a target the person and their clinicians agreed on.
type Goal struct {
	Base
	LifecycleStatus string            `json:"lifecycleStatus,omitempty"`
	Status          string            `json:"status,omitempty"` // STU3
	Category        []CodeableConcept `json:"category,omitempty"`
	Description     *CodeableConcept  `json:"description,omitempty"`
	StartDate       string            `json:"startDate,omitempty"`
	Target          []struct {
		Measure      *CodeableConcept `json:"measure,omitempty"`
		DetailString string           `json:"detailString,omitempty"`
		DetailQty    *Quantity        `json:"detailQuantity,omitempty"`
		DueDate      string           `json:"dueDate,omitempty"`
	} `json:"target,omitempty"`
	Note []Annotation `json:"note,omitempty"`
}

// FamilyMemberHistory is a relative's health.
type FamilyMemberHistory struct {
	Base
	Status       string           `json:"status,omitempty"`
	Name         string           `json:"name,omitempty"`
	Relationship *CodeableConcept `json:"relationship,omitempty"`
	Date         string           `json:"date,omitempty"`
	Deceased     *bool            `json:"deceasedBoolean,omitempty"`
	Condition    []struct {
		Code          *CodeableConcept `json:"code,omitempty"`
		Outcome       *CodeableConcept `json:"outcome,omitempty"`
		OnsetAge      *Quantity        `json:"onsetAge,omitempty"`
		OnsetString   string           `json:"onsetString,omitempty"`
		ContributedTo *bool            `json:"contributedToDeath,omitempty"`
		Note          []Annotation     `json:"note,omitempty"`
	} `json:"condition,omitempty"`
	Note []Annotation `json:"note,omitempty"`
}

// QRItem is one question of a QuestionnaireResponse and its answers.
type QRItem struct {
	LinkID string `json:"linkId,omitempty"`
	Text   string `json:"text,omitempty"`
	Answer []struct {
		ValueString  string      `json:"valueString,omitempty"`
		ValueCoding  *Coding     `json:"valueCoding,omitempty"`
		ValueInteger *int64      `json:"valueInteger,omitempty"`
		ValueDecimal json.Number `json:"valueDecimal,omitempty"`
		ValueBoolean *bool       `json:"valueBoolean,omitempty"`
		ValueDate    string      `json:"valueDate,omitempty"`
		ValueDT      string      `json:"valueDateTime,omitempty"`
		ValueQty     *Quantity   `json:"valueQuantity,omitempty"`
		Item         []QRItem    `json:"item,omitempty"`
	} `json:"answer,omitempty"`
	Item []QRItem `json:"item,omitempty"`
}

// QuestionnaireResponse is a filled-in questionnaire (a PHQ-9).
type QuestionnaireResponse struct {
	Base
	Questionnaire string   `json:"questionnaire,omitempty"`
	Status        string   `json:"status,omitempty"`
	Authored      string   `json:"authored,omitempty"`
	Item          []QRItem `json:"item,omitempty"`
}

// Device is a piece of medical equipment used by or implanted in the
// person.
type Device struct {
	Base
	Status     string `json:"status,omitempty"`
	DeviceName []struct {
		Name string `json:"name,omitempty"`
	} `json:"deviceName,omitempty"`
	Type            *CodeableConcept `json:"type,omitempty"`
	Manufacturer    string           `json:"manufacturer,omitempty"`
	ModelNumber     string           `json:"modelNumber,omitempty"`
	LotNumber       string           `json:"lotNumber,omitempty"`
	ManufactureDate string           `json:"manufactureDate,omitempty"`
	ExpirationDate  string           `json:"expirationDate,omitempty"`
	DistinctID      string           `json:"distinctIdentifier,omitempty"`
	UdiCarrier      []struct {
		DeviceIdentifier string `json:"deviceIdentifier,omitempty"`
		CarrierHRF       string `json:"carrierHRF,omitempty"`
	} `json:"udiCarrier,omitempty"`
	Note []Annotation `json:"note,omitempty"`
}

// Flag is a warning to show about the person (an alert).
type Flag struct {
	Base
	Status   string            `json:"status,omitempty"`
	Category []CodeableConcept `json:"category,omitempty"`
	Code     *CodeableConcept  `json:"code,omitempty"`
	Period   *Period           `json:"period,omitempty"`
}

// ImagingStudy is a set of images taken (an X-ray, a scan).
type ImagingStudy struct {
	Base
	Status      string   `json:"status,omitempty"`
	Started     string   `json:"started,omitempty"`
	Description string   `json:"description,omitempty"`
	Modality    []Coding `json:"modality,omitempty"`
	Series      []struct {
		Modality    *Coding `json:"modality,omitempty"`
		BodySite    *Coding `json:"bodySite,omitempty"`
		Description string  `json:"description,omitempty"`
	} `json:"series,omitempty"`
	ProcedureCode []CodeableConcept `json:"procedureCode,omitempty"`
}
