package share

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// entryResource makes the FHIR resource of one entry. It carries the entry's
// title, dates, status, value, code, notes, components, range and
// interpretation, and its sensitive kinds as security labels; never the
// entry's id, tags, source, original JSON or attachment names and bytes.
func entryResource(e *record.Entry, id, patientURL string, created time.Time) (object, error) {
	date, err := when.NormalizeDate(e.Date)
	if err != nil {
		return nil, fmt.Errorf("entry %s has an unreadable date: fix it with phr edit", e.ID)
	}
	end, err := when.NormalizeDate(e.End)
	if err != nil {
		return nil, fmt.Errorf("entry %s has an unreadable end date: fix it with phr edit", e.ID)
	}
	d := dated{date, end}
	status := strings.ToLower(strings.TrimSpace(e.Status))
	code := concept(e.Code, e.Title)
	subject := ref(patientURL)
	head := func(resourceType string) object {
		return object{}.set("resourceType", resourceType).set("id", id).set("meta", securityMeta(effectiveKinds(e)))
	}

	switch e.Category {
	case record.Allergy:
		clinical := pick(status, "active", "inactive", "resolved")
		if clinical == "" {
			clinical = ifElse(end != "", "resolved", "active")
		}
		var reaction []object
		if v := strings.TrimSpace(e.Value); v != "" {
			reaction = []object{object{}.set("manifestation", []object{object{}.set("text", v)})}
		}
		r := head("AllergyIntolerance").
			set("clinicalStatus", fixedConcept(systemAllergyClinical, clinical, "")).
			set("code", code).set("patient", subject)
		return d.add(r, "onset").set("note", notes(e)).set("reaction", reaction), nil

	case record.Medication:
		st := pick(status, "active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken")
		if st == "" {
			st = ifElse(end != "", "completed", "active")
		}
		r := head("MedicationStatement").set("status", st).set("medicationCodeableConcept", code).set("subject", subject)
		return d.add(r, "effective").set("note", notes(e)).set("dosage", dosage(e.Value, e.Unit)), nil

	case record.Condition:
		clinical := pick(status, "active", "recurrence", "relapse", "inactive", "remission", "resolved")
		if end != "" && !slices.Contains([]string{"inactive", "remission", "resolved"}, clinical) {
			clinical = "resolved"
		}
		if clinical == "" {
			clinical = "active"
		}
		return head("Condition").
			set("clinicalStatus", fixedConcept(systemCondClinical, clinical, "")).
			set("category", []object{fixedConcept(systemCondCategory, "problem-list-item", "Problem List Item")}).
			set("code", code).set("subject", subject).
			set("onsetDateTime", date).set("abatementDateTime", end).
			set("note", notes(e)), nil

	case record.Immunization:
		st := pick(status, "completed", "not-done", "entered-in-error")
		if st == "" {
			st = "completed"
		}
		r := head("Immunization").set("status", st).set("vaccineCode", code).set("patient", subject)
		if date != "" {
			r = r.set("occurrenceDateTime", date)
		} else {
			r = r.set("occurrenceString", "unknown")
		}
		r = r.set("note", notes(e))
		if v := strings.TrimSpace(e.Value); v != "" {
			r = r.set("protocolApplied", []object{object{}.set("doseNumberString", v)})
		}
		return r, nil

	case record.Result, record.Measurement:
		return observation(e, head, d, status, subject), nil

	case record.Procedure:
		st := pick(status, "preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown")
		if st == "" {
			st = "completed"
		}
		r := head("Procedure").set("status", st).set("code", code).set("subject", subject)
		r = d.add(r, "performed")
		if v := strings.TrimSpace(e.Value); v != "" {
			r = r.set("outcome", object{}.set("text", v))
		}
		return r.set("note", notes(e)), nil

	case record.Appointment:
		st := pick(status, "planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled", "entered-in-error", "unknown")
		if st == "" {
			st = encounterStatus(date, created)
		}
		var reason []object
		if v := strings.TrimSpace(e.Value); v != "" {
			reason = []object{object{}.set("text", v)}
		}
		return head("Encounter").set("text", extraNarrative(e.Notes)).
			set("status", st).
			set("class", coding(systemActCode, "AMB", "ambulatory")).
			set("type", []object{code}).
			set("subject", subject).
			set("period", object{}.set("start", date).set("end", end)).
			set("reasonCode", reason), nil

	case record.Document:
		var content []object
		for _, a := range e.Attachments {
			content = append(content, object{}.set("attachment", object{}.set("contentType", a.Type).set("title", e.Title)))
		}
		if len(content) == 0 {
			content = []object{object{}.set("attachment", object{}.set("title", e.Title))}
		}
		return head("DocumentReference").set("text", extraNarrative(e.Notes)).
			set("status", "current").set("type", code).set("subject", subject).
			set("description", e.Title).set("content", content).
			set("context", object{}.set("period", object{}.set("start", date).set("end", end))), nil

	case record.Contact:
		telecom := contactTelecom(e.Value)
		var kind, qual []object
		if c := concept(e.Code, ""); len(c) > 0 {
			kind = []object{c}
			qual = []object{object{}.set("code", c)}
		}
		if isOrganization(e) {
			return head("Organization").set("text", extraNarrative(e.Notes)).
				set("type", kind).set("name", e.Title).set("telecom", telecom), nil
		}
		return head("Practitioner").set("text", extraNarrative(e.Notes)).
			set("name", []object{object{}.set("text", e.Title)}).
			set("telecom", telecom).set("qualification", qual), nil

	case record.Note:
		att := object{}.set("contentType", "text/plain; charset=utf-8")
		if e.Notes != "" {
			att = att.set("data", base64.StdEncoding.EncodeToString([]byte(e.Notes)))
		}
		att = att.set("title", e.Title)
		typ := fixedConcept(systemLOINC, noteLOINC, "Note").set("text", e.Title)
		return head("DocumentReference").
			set("status", "current").set("type", typ).set("subject", subject).
			set("description", e.Title).
			set("content", []object{object{}.set("attachment", att)}).
			set("context", object{}.set("period", object{}.set("start", date).set("end", end))), nil
	}
	return nil, fmt.Errorf("entry %s has an unknown category %q", e.ID, e.Category)
}

// noteLOINC is the LOINC code "Note", the type of a note's DocumentReference.
const noteLOINC = "34109-9"

// observation makes a result (laboratory) or measurement (vital-signs).
func observation(e *record.Entry, head func(string) object, d dated, status string, subject object) object {
	st := pick(status, "registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown")
	if st == "" {
		st = "final"
	}
	cat := fixedConcept(systemObsCategory, "laboratory", "Laboratory")
	c := e.Code
	if e.Category == record.Measurement {
		cat = fixedConcept(systemObsCategory, "vital-signs", "Vital Signs")
		if c == nil && len(e.Components) > 0 && strings.Contains(strings.ToLower(e.Title), "blood pressure") {
			c = &record.Code{System: "loinc", Code: "85354-9", Display: "Blood pressure panel with all children optional"}
		}
	}
	r := head("Observation").set("status", st).set("category", []object{cat}).
		set("code", concept(c, e.Title)).set("subject", subject)
	r = d.add(r, "effective")
	r = setValue(r, e.Value, e.Unit, e.UnitCode)
	if v := strings.TrimSpace(e.Interpretation); v != "" {
		r = r.set("interpretation", []object{object{}.set("text", v)})
	}
	r = r.set("note", notes(e))
	if v := strings.TrimSpace(e.Range); v != "" {
		r = r.set("referenceRange", []object{object{}.set("text", v)})
	}
	var comps []object
	for _, comp := range e.Components {
		cc := comp.Code
		low := strings.ToLower(comp.Title)
		if cc == nil && strings.Contains(low, "systolic") {
			cc = &record.Code{System: "loinc", Code: "8480-6", Display: "Systolic blood pressure"}
		} else if cc == nil && strings.Contains(low, "diastolic") {
			cc = &record.Code{System: "loinc", Code: "8462-4", Display: "Diastolic blood pressure"}
		}
		comps = append(comps, setValue(object{}.set("code", concept(cc, comp.Title)), comp.Value, comp.Unit, comp.UnitCode))
	}
	return r.set("component", comps)
}

// dated is an entry's start and end in canonical form.
type dated struct{ date, end string }

// add sets prefix+"DateTime", or prefix+"Period" when there is an end.
func (d dated) add(r object, prefix string) object {
	if d.end != "" {
		return r.set(prefix+"Period", object{}.set("start", d.date).set("end", d.end))
	}
	return r.set(prefix+"DateTime", d.date)
}

// setValue sets valueQuantity for a number, valueString otherwise.
func setValue(r object, value, unit, unitCode string) object {
	value, unit = strings.TrimSpace(value), strings.TrimSpace(unit)
	if value == "" {
		return r
	}
	if isDecimal(value) {
		return r.set("valueQuantity", quantity(value, unit, unitCode))
	}
	return r.set("valueString", strings.TrimSpace(value+" "+unit))
}

// quantity is a Quantity with its UCUM code: the one kept, else the code of
// the unit when phr knows it.
func quantity(value, unit, code string) object {
	if code == "" {
		code = fhir.UCUMCode(unit)
	}
	q := object{}.set("value", json.Number(value)).set("unit", unit)
	if code != "" {
		q = q.set("system", fhir.UCUM).set("code", code)
	}
	return q
}

// dosage is a medication's dose: a quantity when numeric, text otherwise.
func dosage(value, unit string) []object {
	value, unit = strings.TrimSpace(value), strings.TrimSpace(unit)
	if value == "" {
		return nil
	}
	if isDecimal(value) {
		q := quantity(value, unit, fhir.UCUMCode(unit))
		return []object{object{}.set("doseAndRate", []object{object{}.set("doseQuantity", q)})}
	}
	return []object{object{}.set("text", strings.TrimSpace(value+" "+unit))}
}

// isDecimal reports whether s is a FHIR decimal (a JSON number).
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	start := i
	n := digits()
	if n == 0 || (n > 1 && s[start] == '0') {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s) && len(s) <= 64
}

// notes is a resource's note: the entry's notes as one annotation.
func notes(e *record.Entry) []object {
	if strings.TrimSpace(e.Notes) == "" {
		return nil
	}
	return []object{object{}.set("text", e.Notes)}
}

// Narrative div of the notes of resources that have no note element.
const (
	divOpen  = `<div xmlns="http://www.w3.org/1999/xhtml">`
	divClose = `</div>`
)

// extraNarrative carries notes in the resource's narrative (status
// "additional": not found in the structured data), for resource types that
// have no note element.
func extraNarrative(text string) object {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	return object{}.set("status", "additional").set("div", divOpen+html.EscapeString(text)+divClose)
}

// contactTelecom reads a contact's value as an email address or phone number.
func contactTelecom(v string) []object {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	system := "phone"
	if strings.Contains(v, "@") {
		system = "email"
	} else if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		system = "url"
	}
	return []object{object{}.set("system", system).set("value", v)}
}

// isOrganization reports whether a contact is a service rather than a person.
func isOrganization(e *record.Entry) bool {
	for _, t := range e.Tags {
		switch strings.ToLower(t) {
		case "organization", "organisation", "service", "clinic", "hospital", "pharmacy", "practice":
			return true
		}
	}
	return false
}

// encounterStatus guesses an appointment's status from its date.
func encounterStatus(date string, created time.Time) string {
	t, _, err := when.ParseDate(date)
	if err != nil {
		return "unknown"
	}
	if t.After(created) || when.DateOf(date) == created.UTC().Format(when.DateLayout) && len(date) == len(when.DateLayout) {
		return "planned"
	}
	return "finished"
}

// pick returns s if it is one of the allowed codes, else "".
func pick(s string, allowed ...string) string {
	if slices.Contains(allowed, s) {
		return s
	}
	return ""
}

func ifElse(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}
