package importer

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The functions here compute, from a fixture itself and independently of
// the importer's typed mapping, how many entries of each category and how
// many unmapped things an import should report.

type expectation struct {
	categories map[string]int
	unmapped   map[string]int
	skipped    map[string]int
}

// fhirCategory is the documented FHIR mapping, by resource type.
var fhirCategory = map[string]string{
	"Condition": "condition", "MedicationStatement": "medication", "MedicationRequest": "medication",
	"AllergyIntolerance": "allergy", "Immunization": "immunization", "DiagnosticReport": "result",
	"Procedure": "procedure", "Encounter": "appointment", "DocumentReference": "document",
	"CarePlan": "note", "Practitioner": "contact", "Organization": "contact",
	"Goal": "note", "CareTeam": "contact", "FamilyMemberHistory": "note", "QuestionnaireResponse": "result",
	"Device": "note", "ServiceRequest": "procedure", "MedicationAdministration": "medication",
	"Composition": "document", "Binary": "document", "Flag": "note", "ImagingStudy": "result",
	"PractitionerRole": "contact",
}

// fhirSkipped are the resource types left out on purpose, with the reason
// the report gives.
var fhirSkipped = map[string]string{
	"Claim": "insurance and billing paperwork, not part of a health record", "ExplanationOfBenefit": "insurance and billing paperwork, not part of a health record",
	"Coverage": "insurance and billing paperwork, not part of a health record", "Provenance": "a note of where other entries came from",
}

var vitalLOINC = map[string]bool{"85353-1": true, "9279-1": true, "8867-4": true, "2708-6": true, "59408-5": true,
	"8310-5": true, "8302-2": true, "9843-4": true, "29463-7": true, "39156-5": true, "85354-9": true,
	"8480-6": true, "8462-4": true, "8478-0": true, "55284-4": true, "8306-3": true, "8287-5": true,
	"59576-9": true, "77606-2": true, "8289-1": true}

func expectFHIR(t *testing.T, path string) expectation {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	var resources []map[string]any
	var fullURLs []string
	if top["resourceType"] == "Bundle" {
		entries, _ := top["entry"].([]any)
		for _, e := range entries {
			em, _ := e.(map[string]any)
			r, _ := em["resource"].(map[string]any)
			u, _ := em["fullUrl"].(string)
			resources = append(resources, r)
			fullURLs = append(fullURLs, u)
		}
	} else {
		resources = append(resources, top)
		fullURLs = append(fullURLs, "")
	}
	ex := expectation{categories: map[string]int{}, unmapped: map[string]int{}, skipped: map[string]int{}}
	referenced := map[string]bool{}
	for _, r := range resources {
		if ref, ok := r["medicationReference"].(map[string]any); ok {
			s, _ := ref["reference"].(string)
			referenced[s] = true
		}
	}
	patients := 0
	for i, r := range resources {
		rt, _ := r["resourceType"].(string)
		b, _ := json.Marshal(r)
		switch {
		case fhirSkipped[rt] != "":
			ex.skipped[rt+": "+fhirSkipped[rt]]++
		case strings.Contains(string(b), `"entered-in-error"`):
			ex.skipped[rt+": entered in error"]++
		case strings.Contains(string(b), `absent-unknown`) && regexp.MustCompile(`"code":"no-[a-z]+-info"`).Match(b):
			ex.skipped[rt+": a placeholder that holds no information"]++
		case rt == "Patient":
			if patients++; patients > 1 {
				ex.unmapped["Patient (a second person)"]++
			} else if r["gender"] != nil || r["telecom"] != nil || r["address"] != nil || r["contact"] != nil {
				ex.categories["note"]++ // personal details
			}
		case rt == "Medication":
			id, _ := r["id"].(string)
			if !referenced[fullURLs[i]] && !referenced["Medication/"+id] {
				ex.unmapped["Medication (not referenced)"]++
			}
		case rt == "Observation":
			ex.categories[observationKind(r)]++
		case fhirCategory[rt] != "":
			ex.categories[fhirCategory[rt]]++
		default:
			ex.unmapped[rt]++
		}
	}
	return ex
}

func observationKind(r map[string]any) string {
	b, _ := json.Marshal(r["category"])
	if strings.Contains(string(b), `"vital-signs"`) {
		return "measurement"
	}
	code, _ := r["code"].(map[string]any)
	codings, _ := code["coding"].([]any)
	for _, c := range codings {
		cm, _ := c.(map[string]any)
		if cm["system"] == "http://loinc.org" && vitalLOINC[cm["code"].(string)] {
			return "measurement"
		}
	}
	return "result"
}

// node is a generic XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) children(name string) []*node {
	var out []*node
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			out = append(out, &n.Nodes[i])
		}
	}
	return out
}

func (n *node) child(name string) *node {
	if c := n.children(name); len(c) > 0 {
		return c[0]
	}
	return nil
}

var ccdaSectionCategory = map[string]string{
	"11450-4": "condition", "10160-0": "medication", "75311-1": "medication", "10183-2": "medication",
	"48765-2": "allergy", "11369-6": "immunization", "30954-2": "result", "8716-3": "measurement",
	"47519-4": "procedure", "46240-8": "appointment",
	"29762-2": "result", "47420-5": "result", "10190-7": "result", "11502-2": "result",
}

func expectCCDA(t *testing.T, path string) expectation {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc node
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	ex := expectation{categories: map[string]int{}, unmapped: map[string]int{}, skipped: map[string]int{}}
	var sections []*node
	var walk func(n *node)
	walk = func(n *node) {
		for _, comp := range n.children("component") {
			if s := comp.child("section"); s != nil {
				sections = append(sections, s)
				walk(s)
			}
		}
	}
	if body := doc.child("component"); body != nil {
		if sb := body.child("structuredBody"); sb != nil {
			walk(sb)
		}
	}
	for _, s := range sections {
		code := ""
		if c := s.child("code"); c != nil {
			code = c.attr("code")
		}
		entries := s.children("entry")
		cat := ccdaSectionCategory[code]
		text := s.child("text")
		hasText := s.attr("nullFlavor") == "" && text != nil && (len(text.Nodes) > 0 || strings.TrimSpace(text.Text) != "")
		title := "untitled"
		if tn := s.child("title"); tn != nil && strings.TrimSpace(tn.Text) != "" {
			title = strings.Join(strings.Fields(tn.Text), " ")
		}
		key := "section " + title + " (" + code + ")"
		switch {
		case code == "48768-6":
			if len(entries) > 0 {
				ex.skipped[key+": insurance and billing paperwork, not part of a health record"] += len(entries)
			} else if hasText {
				ex.categories["note"]++
			}
			continue
		case len(entries) == 0 || cat == "":
			// Narrative text only, or a section phr has no mapping for: a
			// note holding its text.
			if hasText {
				ex.categories["note"]++
			} else if len(entries) > 0 {
				ex.unmapped[key] += len(entries)
			}
			continue
		}
		for _, e := range entries {
			ex.categories[cat] += ccdaEntryCount(code, e)
		}
	}
	return ex
}

// ccdaEntryCount is how many entries one C-CDA entry should give.
func ccdaEntryCount(section string, e *node) int {
	if len(e.Nodes) == 0 {
		return 0
	}
	st := &e.Nodes[0]
	switch section {
	case "11450-4", "48765-2":
		if st.XMLName.Local == "observation" {
			return 1
		}
		subj, all := 0, 0
		for _, r := range st.children("entryRelationship") {
			o := r.child("observation")
			if o == nil {
				continue
			}
			if c := o.child("code"); c != nil && (c.attr("code") == "SEV" || c.attr("code") == "33999-4") {
				continue
			}
			all++
			if r.attr("typeCode") == "SUBJ" {
				subj++
			}
		}
		if subj > 0 {
			return subj
		}
		return all
	case "30954-2", "8716-3", "29762-2", "47420-5", "10190-7", "11502-2":
		if st.XMLName.Local != "organizer" {
			return 1
		}
		n, sys, dia := 0, false, false
		for _, c := range st.children("component") {
			if o := c.child("observation"); o != nil {
				n++
				if cd := o.child("code"); cd != nil {
					sys = sys || cd.attr("code") == "8480-6"
					dia = dia || cd.attr("code") == "8462-4"
				}
			}
		}
		if sys && dia {
			n-- // systolic and diastolic make one blood pressure
		}
		return n
	}
	return 1
}
