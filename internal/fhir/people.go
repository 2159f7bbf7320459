package fhir

// The people and places of a record: the patient and their contacts, the
// clinicians, their roles and teams, organisations and locations.

// Patient is the person the record is about: the name and birth date
// fill the profile, the rest (gender, telecom, address, contacts) a note.
type Patient struct {
	Base
	Name      []HumanName      `json:"name,omitempty"`
	Gender    string           `json:"gender,omitempty"`
	BirthDate string           `json:"birthDate,omitempty"`
	Telecom   []ContactPoint   `json:"telecom,omitempty"`
	Address   []Address        `json:"address,omitempty"`
	Contact   []PatientContact `json:"contact,omitempty"`
}

// PatientContact is someone to contact about the patient (next of kin,
// emergency contact).
type PatientContact struct {
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         *HumanName        `json:"name,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
	Address      *Address          `json:"address,omitempty"`
}

// Practitioner is a clinician.
type Practitioner struct {
	Base
	Name    []HumanName    `json:"name,omitempty"`
	Telecom []ContactPoint `json:"telecom,omitempty"`
	Address []Address      `json:"address,omitempty"`
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
