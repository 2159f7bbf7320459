package fhir

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// contactResources makes a care contact's resources: an Organization for
// a service (a practice, pharmacy, hospital), else a Practitioner and,
// when the title names the person's role ("Nurse Priya Shah, diabetes
// specialist nurse") or the contact is coded, a PractitionerRole beside
// it. Phone numbers, email addresses and the address come from the
// contact's value and from the "phone: ..." and "address: ..." lines an
// import writes in its notes.
func contactResources(e *record.Entry, head func(string, string) object, withNotes func(object) object) (object, []object, error) {
	telecom, address := contactPoints(e)
	if isOrganization(e) {
		var kind []object
		if c := entryConcept(e); len(c) > 0 && hasCoding(c) {
			kind = []object{c}
		}
		return withNotes(head("Organization", ipsProfile+"Organization-uv-ips")).
			set("active", true).set("type", kind).set("name", e.Title).
			set("telecom", telecom).set("address", address), nil, nil
	}
	name, role, _ := strings.Cut(e.Title, ",")
	name, role = strings.TrimSpace(name), strings.TrimSpace(role)
	p := withNotes(head("Practitioner", ipsProfile+"Practitioner-uv-ips")).
		set("active", true).
		set("name", []object{object{}.set("text", orDefault(name, e.Title))}).
		set("telecom", telecom).set("address", address)
	code := entryConcept(e)
	if !hasCoding(code) && role == "" {
		return p, nil, nil
	}
	if !hasCoding(code) {
		code = object{}.set("text", role)
	} else if role != "" {
		code = code.replace("text", role)
	}
	id, err := NewUUID()
	if err != nil {
		return nil, nil, err
	}
	practitioner, _ := p.get("id").(string)
	roleRes := object{}.set("resourceType", "PractitionerRole").set("id", id).
		set("meta", profiles(ipsProfile+"PractitionerRole-uv-ips")).
		set("text", narrative("generated", para(summaryText(orDefault(name, e.Title)+", "+orDefault(role, code.text()), "", "")))).
		set("active", true).
		set("practitioner", ref("urn:uuid:"+practitioner)).
		set("code", []object{code}).
		set("telecom", telecom)
	return p, []object{object{}.set("fullUrl", "urn:uuid:"+id).set("resource", roleRes)}, nil
}

// contactPoints reads a contact's telecom and address: its value (an email
// address, a web address or a phone number) and the labelled lines of its
// notes.
func contactPoints(e *record.Entry) (telecom, address []object) {
	seen := map[string]bool{}
	add := func(system, v string, rank int) {
		v = strings.TrimSpace(v)
		if v == "" || seen[system+v] {
			return
		}
		seen[system+v] = true
		cp := object{}.set("system", system).set("value", v)
		if rank > 0 {
			cp = cp.set("rank", json.Number(strconv.Itoa(rank)))
		}
		telecom = append(telecom, cp)
	}
	// The contact's own value is the one to use first.
	add(telecomSystem(e.Value), e.Value, 1)
	for _, line := range strings.Split(e.Notes, "\n") {
		label, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch l := strings.ToLower(strings.TrimSpace(label)); l {
		case "phone", "email", "fax", "sms", "pager", "url":
			add(l, v, 0)
		case "address":
			if v = strings.TrimSpace(v); v != "" {
				address = append(address, object{}.set("text", v))
			}
		}
	}
	return telecom, address
}

// telecomSystem says what kind of contact point a value is.
func telecomSystem(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case strings.Contains(v, "@"):
		return "email"
	case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
		return "url"
	}
	return "phone"
}

// orgWords name services rather than people.
var orgWords = []string{"practice", "surgery", "hospital", "pharmacy", "clinic", "centre", "center", "trust",
	"service", "services", "department", "ward", "unit", "laboratory", "lab", "health", "medical group",
	"dental", "dentist's", "opticians", "infirmary", "hospice", "nhs", "inc", "ltd", "llc", "gmbh"}

// personWords open a person's title.
var personWords = []string{"dr", "dr.", "doctor", "nurse", "mr", "mrs", "ms", "miss", "prof", "prof.", "professor", "sister"}

// isOrganization reports whether a contact is a service rather than a
// person: tagged so, or named so ("Riverside Medical Practice"), unless
// the title opens with a person's title ("Dr", "Nurse").
func isOrganization(e *record.Entry) bool {
	for _, t := range e.Tags {
		switch strings.ToLower(t) {
		case "organization", "organisation", "service", "clinic", "hospital", "pharmacy", "practice":
			return true
		case "person", "practitioner":
			return false
		}
	}
	words := strings.FieldsFunc(strings.ToLower(e.Title), func(r rune) bool {
		return r == ' ' || r == ',' || r == '(' || r == ')' || r == '-' || r == '/'
	})
	if len(words) > 0 {
		for _, p := range personWords {
			if words[0] == p {
				return false
			}
		}
	}
	low := " " + strings.Join(words, " ") + " "
	for _, w := range orgWords {
		if strings.Contains(low, " "+w+" ") {
			return true
		}
	}
	return false
}

// hasCoding reports whether a concept has a coding.
func hasCoding(c object) bool {
	return c.get("coding") != nil
}
