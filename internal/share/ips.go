package share

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// The bundle is a FHIR R4 Bundle of type "document" shaped as an
// International Patient Summary: the Composition first (LOINC 60591-5), then
// the Patient, then one resource per entry, each with a "urn:uuid:" fullUrl
// and references that resolve inside the bundle. Only sections with entries
// are written, in this order:
//
//	allergy       Allergies and intolerances  48765-2  AllergyIntolerance
//	medication    Medication summary          10160-0  MedicationStatement
//	condition     Problem list                11450-4  Condition
//	immunization  Immunizations               11369-6  Immunization
//	result        Results                     30954-2  Observation (laboratory)
//	measurement   Vital signs                 8716-3   Observation (vital-signs)
//	procedure     History of procedures       47519-4  Procedure
//	appointment   Encounters                  46240-8  Encounter
//	document      Documents                   (none)   DocumentReference, no file bytes
//	contact       Care team                   85847-2  Practitioner, or Organization
//	note          Notes                       34109-9  DocumentReference with the text inline
//
// The first seven are IPS sections; the rest are additional sections with the
// codes C-CDA uses. Resource ids are fresh random UUIDs, so no local id leaves.

// sectionSpec is one Composition section.
type sectionSpec struct {
	title   string
	code    string // LOINC, or "" for an uncoded section
	display string
}

// sectionOrder lists the categories in section order.
var sectionOrder = []record.Category{record.Allergy, record.Medication, record.Condition, record.Immunization,
	record.Result, record.Measurement, record.Procedure, record.Appointment, record.Document, record.Contact, record.Note}

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
		return sectionSpec{"Documents", "", ""}
	case record.Contact:
		return sectionSpec{"Care team", "85847-2", "Patient Care team information"}
	case record.Note:
		return sectionSpec{"Notes", "34109-9", "Note"}
	}
	return sectionSpec{title: c.Label()}
}

// bundleParams is what the bundle is made of.
type bundleParams struct {
	id      string
	created time.Time
	profile record.Profile
	entries []record.Entry
}

// builtEntry is one entry's resource and where it lives in the bundle.
type builtEntry struct {
	url   string
	res   object
	title string
	date  string
}

// buildBundle makes the IPS-shaped document bundle.
func buildBundle(p bundleParams) (object, error) {
	created := p.created.UTC().Format(time.RFC3339)
	compID, err := newUUID()
	if err != nil {
		return nil, err
	}
	patientID, err := newUUID()
	if err != nil {
		return nil, err
	}
	patientURL := "urn:uuid:" + patientID

	bySection := map[record.Category][]builtEntry{}
	for i := range p.entries {
		e := &p.entries[i]
		id, err := newUUID()
		if err != nil {
			return nil, err
		}
		res, err := entryResource(e, id, patientURL, p.created)
		if err != nil {
			return nil, err
		}
		bySection[e.Category] = append(bySection[e.Category], builtEntry{url: "urn:uuid:" + id, res: res, title: e.Title, date: e.Date})
	}

	var sections []object
	var resources []object
	for _, c := range sectionOrder {
		built := bySection[c]
		if len(built) == 0 {
			continue
		}
		spec := sectionOf(c)
		refs := make([]object, len(built))
		for i, b := range built {
			refs[i] = ref(b.url)
			resources = append(resources, object{}.set("fullUrl", b.url).set("resource", b.res))
		}
		s := object{}.set("title", spec.title)
		if spec.code != "" {
			s = s.set("code", fixedConcept(systemLOINC, spec.code, spec.display))
		}
		s = s.set("text", sectionNarrative(built)).set("entry", refs)
		sections = append(sections, s)
	}

	confidentiality := "N"
	if len(entryKinds(p.entries)) > 0 {
		confidentiality = "R"
	}
	composition := object{}.
		set("resourceType", "Composition").
		set("id", compID).
		set("status", "final").
		set("type", fixedConcept(systemLOINC, "60591-5", "Patient summary Document")).
		set("subject", ref(patientURL)).
		set("date", created).
		set("author", []object{ref(patientURL)}).
		set("title", "Patient summary").
		set("confidentiality", confidentiality).
		set("section", sections)

	patient, err := patientResource(p.profile, patientID)
	if err != nil {
		return nil, err
	}
	all := append([]object{
		object{}.set("fullUrl", "urn:uuid:"+compID).set("resource", composition),
		object{}.set("fullUrl", patientURL).set("resource", patient),
	}, resources...)

	return object{}.
		set("resourceType", "Bundle").
		set("id", p.id).
		set("identifier", object{}.set("system", "urn:ietf:rfc:3986").set("value", "urn:uuid:"+p.id)).
		set("type", "document").
		set("timestamp", created).
		set("entry", all), nil
}

// patientResource is the Patient: the person's name and date of birth only.
func patientResource(p record.Profile, id string) (object, error) {
	born := strings.TrimSpace(p.Born)
	if born != "" {
		if _, err := time.Parse("2006-01-02", born); err != nil {
			return nil, fmt.Errorf("the profile's date of birth is unreadable: fix it with phr profile set --born")
		}
	}
	res := object{}.set("resourceType", "Patient").set("id", id)
	if name := strings.TrimSpace(p.Name); name != "" {
		res = res.set("name", []object{object{}.set("text", name)})
	}
	return res.set("birthDate", born), nil
}

// sectionNarrative is the section's human-readable text: a list of titles.
func sectionNarrative(built []builtEntry) object {
	var b strings.Builder
	b.WriteString(`<div xmlns="http://www.w3.org/1999/xhtml"><ul>`)
	for _, e := range built {
		b.WriteString("<li>")
		b.WriteString(html.EscapeString(e.title))
		if e.date != "" {
			b.WriteString(" (" + html.EscapeString(e.date) + ")")
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ul></div>")
	return object{}.set("status", "generated").set("div", b.String())
}
