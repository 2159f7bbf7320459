package fhir

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/phrhealth/phr/internal/record"
)

// BuildIPS writes a FHIR R4 Bundle of type "document" shaped as an
// International Patient Summary (IPS 2.0): the Composition first (LOINC
// 60591-5), then the Patient, the Device that made it (phr), then one
// resource per entry, each with a "urn:uuid:" fullUrl and references that
// resolve inside the bundle. The sections, in this order:
//
//	allergy       Allergies and intolerances  48765-2  AllergyIntolerance
//	medication    Medication summary          10160-0  MedicationStatement
//	condition     Problem list                11450-4  Condition
//	immunization  Immunizations               11369-6  Immunization
//	result        Results                     30954-2  Observation (laboratory)
//	measurement   Vital signs                 8716-3   Observation (vital-signs)
//	procedure     History of procedures       47519-4  Procedure
//	appointment   Encounters                  46240-8  Encounter
//	document      Documents                   55107-7  DocumentReference, the files inside
//	contact       Care team                   85847-2  Practitioner or Organization, PractitionerRole
//	note          Notes                       34109-9  DocumentReference with the text inline
//
// The first three are always there (IPS requires them): with entries, or an
// emptyReason that says whether the person chose not to share the section
// (withheld) or their record holds none (unavailable). The others are written
// only when they have entries. Resource ids are fresh random UUIDs, so no
// local id leaves. ReadIPS reads the bundle back.
func BuildIPS(p IPSParams) ([]byte, error) {
	b, err := buildBundle(p)
	if err != nil {
		return nil, err
	}
	// The object writes compact JSON with json.Marshal's escaping already;
	// json.Marshal would check and copy all of it once more.
	out, err := b.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("write bundle: %w", err)
	}
	return out, nil
}

// IPSParams is what an IPS bundle is made of.
type IPSParams struct {
	// ID is the bundle's id and identifier (a UUID).
	ID      string
	Created time.Time
	Profile record.Profile
	Entries []record.Entry
	// Kinds returns an entry's sensitive kinds, written as security labels;
	// nil writes none.
	Kinds func(*record.Entry) []record.Kind
	// Covered lists the categories the person shared whole: a required
	// section of one of them without entries says the record holds none;
	// any other empty required section says it was withheld.
	Covered []record.Category
	// Files returns the bytes of an entry's attachment, which travel inside
	// the DocumentReference; nil (or a nil result) leaves only its title.
	Files func(record.Attachment) ([]byte, error)
	// IDSpace names the sender (their signing key): each entry's resource
	// id is then a UUID (version 5) of the sender and the entry's id, the
	// same in every extract the sender makes and never the entry's id
	// itself, so a carer can tell an entry sent again from a new one.
	// Empty gives random ids.
	IDSpace string
}

// IPS profiles claimed by the bundle and its resources.
const (
	ipsProfile       = "http://hl7.org/fhir/uv/ips/StructureDefinition/"
	vitalSignProfile = "http://hl7.org/fhir/StructureDefinition/"
)

// sectionSpec is one Composition section.
type sectionSpec struct {
	title   string
	code    string // LOINC
	display string
}

// sectionOrder lists the categories in section order.
var sectionOrder = []record.Category{record.Allergy, record.Medication, record.Condition, record.Immunization,
	record.Result, record.Measurement, record.Procedure, record.Appointment, record.Document, record.Contact, record.Note}

// requiredSections are the sections every IPS has, with entries or an
// emptyReason.
var requiredSections = []record.Category{record.Allergy, record.Medication, record.Condition}

// sectionOf returns the section that holds a category's entries.
func sectionOf(c record.Category) sectionSpec {
	switch c {
	case record.Allergy:
		return sectionSpec{"Allergies and intolerances", "48765-2", "Allergies and adverse reactions Document"}
	case record.Medication:
		return sectionSpec{"Medication summary", "10160-0", "History of Medication use Narrative"}
	case record.Condition:
		return sectionSpec{"Problem list", "11450-4", "Problem list - Reported"}
	case record.Immunization:
		return sectionSpec{"Immunizations", "11369-6", "History of Immunization Narrative"}
	case record.Result:
		return sectionSpec{"Results", "30954-2", "Relevant diagnostic tests/laboratory data Narrative"}
	case record.Measurement:
		return sectionSpec{"Vital signs", "8716-3", "Vital signs"}
	case record.Procedure:
		return sectionSpec{"History of procedures", "47519-4", "History of Procedures Document"}
	case record.Appointment:
		return sectionSpec{"Encounters", "46240-8", "History of Hospitalizations+Outpatient visits Narrative"}
	case record.Document:
		return sectionSpec{"Documents", "55107-7", "Addendum Document"}
	case record.Contact:
		return sectionSpec{"Care team", "85847-2", "Patient Care team information"}
	case record.Note:
		return sectionSpec{"Notes", "34109-9", "Note"}
	}
	return sectionSpec{title: c.Label()}
}

// builtEntry is one entry's resources and where the section points.
type builtEntry struct {
	url   string
	res   object
	more  []object // further bundle entries (a contact's PractitionerRole, an entry's files)
	title string
	date  string
	value string
}

// Empty reasons of a required section.
const (
	emptyReasons  = "http://terminology.hl7.org/CodeSystem/list-empty-reason"
	emptyWithheld = "withheld"
	emptyNone     = "unavailable"
)

// buildBundle makes the IPS document bundle.
func buildBundle(p IPSParams) (object, error) {
	created := p.Created.UTC().Format(time.RFC3339)
	compID, err := NewUUID()
	if err != nil {
		return nil, err
	}
	patientID, err := NewUUID()
	if err != nil {
		return nil, err
	}
	deviceID, err := NewUUID()
	if err != nil {
		return nil, err
	}
	patientURL, deviceURL := "urn:uuid:"+patientID, "urn:uuid:"+deviceID
	kinds := p.Kinds
	if kinds == nil {
		kinds = func(*record.Entry) []record.Kind { return nil }
	}
	w := writer{patientURL: patientURL, created: p.Created, kinds: kinds, files: p.Files}

	bySection := map[record.Category][]builtEntry{}
	used := map[string]bool{}
	restricted := false
	for i := range p.Entries {
		e := &p.Entries[i]
		if len(kinds(e)) > 0 {
			restricted = true
		}
		id, err := entryUUID(p.IDSpace, e.ID)
		if err == nil && used[id] {
			// Two entries with one id (not from a vault): a fullUrl
			// must not repeat in a bundle.
			id, err = NewUUID()
		}
		if err != nil {
			return nil, err
		}
		used[id] = true
		built, err := w.entry(e, id)
		if err != nil {
			return nil, err
		}
		bySection[e.Category] = append(bySection[e.Category], built)
	}

	var sections []object
	var resources []object
	for _, c := range sectionOrder {
		built := bySection[c]
		required := slices.Contains(requiredSections, c)
		if len(built) == 0 && !required {
			continue
		}
		spec := sectionOf(c)
		s := object{}.set("title", spec.title).set("code", fixedConcept(LOINC, spec.code, spec.display))
		if len(built) == 0 {
			reason, display, text := emptyWithheld, "Information Withheld", "Not shared in this extract."
			if slices.Contains(p.Covered, c) {
				reason, display, text = emptyNone, "Unavailable", "None recorded."
			}
			s = s.set("text", narrative("generated", para(text))).
				set("emptyReason", fixedConcept(emptyReasons, reason, display))
			sections = append(sections, s)
			continue
		}
		var refs []object
		for _, b := range built {
			refs = append(refs, ref(b.url))
			resources = append(resources, object{}.set("fullUrl", b.url).set("resource", b.res))
			for _, m := range b.more {
				// A contact's role is in the Care team section too, and
				// an entry's files in its section.
				url, _ := m.get("fullUrl").(string)
				refs = append(refs, ref(url))
				resources = append(resources, m)
			}
		}
		sections = append(sections, s.set("text", sectionNarrative(built)).set("entry", refs))
	}

	confidentiality := "N"
	if restricted {
		confidentiality = "R"
	}
	composition := object{}.
		set("resourceType", "Composition").
		set("id", compID).
		set("meta", profiles(ipsProfile+"Composition-uv-ips")).
		set("text", narrative("generated", para("Patient summary of "+orDefault(strings.TrimSpace(p.Profile.Name), "the patient")+
			", made by phr from the patient's own record on "+created+"."))).
		set("status", "final").
		set("type", fixedConcept(LOINC, "60591-5", "Patient summary Document")).
		set("subject", ref(patientURL)).
		set("date", created).
		set("author", []object{ref(deviceURL)}).
		set("title", "Patient summary").
		set("confidentiality", confidentiality).
		set("attester", []object{object{}.set("mode", "personal").set("time", created).set("party", ref(patientURL))}).
		set("section", sections)

	patient, err := patientResource(p.Profile, patientID)
	if err != nil {
		return nil, err
	}
	all := append([]object{
		object{}.set("fullUrl", "urn:uuid:"+compID).set("resource", composition),
		object{}.set("fullUrl", patientURL).set("resource", patient),
		object{}.set("fullUrl", deviceURL).set("resource", deviceResource(deviceID, patientURL)),
	}, resources...)

	return object{}.
		set("resourceType", "Bundle").
		set("id", p.ID).
		set("meta", profiles(ipsProfile+"Bundle-uv-ips")).
		set("identifier", object{}.set("system", "urn:ietf:rfc:3986").set("value", "urn:uuid:"+p.ID)).
		set("type", "document").
		set("timestamp", created).
		set("entry", all), nil
}

// deviceResource is the Composition's author: phr, the software that made
// the summary for the patient (who attests it).
func deviceResource(id, patientURL string) object {
	return object{}.set("resourceType", "Device").set("id", id).
		set("text", narrative("generated", para("phr, personal health record software, made this summary for the patient."))).
		set("deviceName", []object{object{}.set("name", "phr").set("type", "manufacturer-name")}).
		set("type", object{}.set("text", "Personal health record software")).
		set("patient", ref(patientURL))
}

// patientResource is the Patient: the person's name and date of birth only.
func patientResource(p record.Profile, id string) (object, error) {
	born := strings.TrimSpace(p.Born)
	if born != "" {
		if _, err := time.Parse("2006-01-02", born); err != nil {
			return nil, fmt.Errorf("the profile's date of birth is unreadable: fix it with phr profile set --born")
		}
	}
	name := strings.TrimSpace(p.Name)
	text := orDefault(name, "Name not shared")
	if born != "" {
		text += ", born " + born
	}
	res := object{}.set("resourceType", "Patient").set("id", id).
		set("meta", profiles(ipsProfile+"Patient-uv-ips")).
		set("text", narrative("generated", para(text)))
	if name != "" {
		res = res.set("name", []object{object{}.set("text", name)})
	} else {
		// IPS requires a name; say why it is missing.
		res = res.set("name", []object{object{}.set("extension", []object{dataAbsent("masked")})})
	}
	if born == "" {
		return res.set("_birthDate", object{}.set("extension", []object{dataAbsent("unknown")})), nil
	}
	return res.set("birthDate", born), nil
}

// dataAbsent is the data-absent-reason extension.
func dataAbsent(code string) object {
	return object{}.set("url", "http://hl7.org/fhir/StructureDefinition/data-absent-reason").set("valueCode", code)
}

// profiles is a meta that claims the given profiles.
func profiles(urls ...string) object {
	return object{}.set("profile", urls)
}

// sectionNarrative is the section's human-readable text: one line per
// entry, its title, date and value.
func sectionNarrative(built []builtEntry) object {
	var b strings.Builder
	b.WriteString("<ul>")
	for _, e := range built {
		b.WriteString("<li>")
		b.WriteString(summaryLine(e.title, e.date, e.value))
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
	return narrative("generated", b.String())
}

// NewUUID returns a random (version 4) UUID.
func NewUUID() (string, error) {
	u, err := uuid.NewRandom()
	if err != nil {
		return "", fmt.Errorf("random id: %w", err)
	}
	return u.String(), nil
}

// entryUUID is an entry's resource id: a UUID (version 5, SHA-1) of the
// sender's space and the entry's id, or a random one when either is
// missing.
func entryUUID(space, entryID string) (string, error) {
	if space == "" || entryID == "" {
		return NewUUID()
	}
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:phr:sender:"+space))
	return uuid.NewSHA1(ns, []byte(entryID)).String(), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
