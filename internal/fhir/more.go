package fhir

import "encoding/json"

// PatientContact is someone to contact about the patient (next of kin,
// emergency contact).
type PatientContact struct {
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         *HumanName        `json:"name,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
	Address      *Address          `json:"address,omitempty"`
}

// PatientDetails is the part of a Patient beyond name and birth date.
type PatientDetails struct {
	Base
	Gender  string           `json:"gender,omitempty"`
	Telecom []ContactPoint   `json:"telecom,omitempty"`
	Address []Address        `json:"address,omitempty"`
	Contact []PatientContact `json:"contact,omitempty"`
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

// CareTeam is the people and services caring for the person.
type CareTeam struct {
	Base
	Status      string  `json:"status,omitempty"`
	Name        string  `json:"name,omitempty"`
	Period      *Period `json:"period,omitempty"`
	Participant []struct {
		Role   []CodeableConcept `json:"role,omitempty"`
		Member *Reference        `json:"member,omitempty"`
	} `json:"participant,omitempty"`
	Telecom []ContactPoint `json:"telecom,omitempty"`
	Note    []Annotation   `json:"note,omitempty"`
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

// MedicationAdministration is a dose of a medicine given.
type MedicationAdministration struct {
	Base
	Status                    string           `json:"status,omitempty"`
	MedicationCodeableConcept *CodeableConcept `json:"medicationCodeableConcept,omitempty"`
	MedicationReference       *Reference       `json:"medicationReference,omitempty"`
	EffectiveDateTime         string           `json:"effectiveDateTime,omitempty"`
	EffectivePeriod           *Period          `json:"effectivePeriod,omitempty"`
	Dosage                    *struct {
		Text  string           `json:"text,omitempty"`
		Route *CodeableConcept `json:"route,omitempty"`
		Dose  *Quantity        `json:"dose,omitempty"`
	} `json:"dosage,omitempty"`
	Note []Annotation `json:"note,omitempty"`
}

// CompositionSection is a section of a clinical document, with its
// narrative.
type CompositionSection struct {
	Title   string               `json:"title,omitempty"`
	Code    *CodeableConcept     `json:"code,omitempty"`
	Text    *Narrative           `json:"text,omitempty"`
	Entry   []Reference          `json:"entry,omitempty"`
	Section []CompositionSection `json:"section,omitempty"`
}

// Composition is the table of contents of a document bundle (an IPS).
type Composition struct {
	Base
	Status  string               `json:"status,omitempty"`
	Type    *CodeableConcept     `json:"type,omitempty"`
	Date    string               `json:"date,omitempty"`
	Title   string               `json:"title,omitempty"`
	Section []CompositionSection `json:"section,omitempty"`
}

// Binary is a file (a PDF, an image) carried as a resource.
type Binary struct {
	Base
	ContentType string `json:"contentType,omitempty"`
	Data        []byte `json:"data,omitempty"`
	Content     []byte `json:"content,omitempty"` // STU3 and DSTU2
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

// PractitionerRole is a practitioner's role at an organization.
type PractitionerRole struct {
	Base
	Practitioner *Reference        `json:"practitioner,omitempty"`
	Organization *Reference        `json:"organization,omitempty"`
	Code         []CodeableConcept `json:"code,omitempty"`
	Specialty    []CodeableConcept `json:"specialty,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
}
