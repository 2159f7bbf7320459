package share

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// The reading side of ips.go: the resources of an extract's bundle mapped
// back to entries, so phr can show what was shared. It reads only the shapes
// Build writes.

type codingIn struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

type conceptIn struct {
	Coding []codingIn `json:"coding"`
	Text   string     `json:"text"`
}

type periodIn struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type quantityIn struct {
	Value  json.Number `json:"value"`
	Unit   string      `json:"unit"`
	System string      `json:"system"`
	Code   string      `json:"code"`
}

type textIn struct {
	Text string `json:"text"`
}

// resourceIn holds every element Build writes, of any resource type. Elements
// whose type differs between resources (type, name) stay raw.
type resourceIn struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Meta         struct {
		Security []codingIn `json:"security"`
	} `json:"meta"`
	Text *struct {
		Status string `json:"status"`
		Div    string `json:"div"`
	} `json:"text"`
	Status                    string          `json:"status"`
	ClinicalStatus            conceptIn       `json:"clinicalStatus"`
	Category                  []conceptIn     `json:"category"`
	Code                      conceptIn       `json:"code"`
	MedicationCodeableConcept conceptIn       `json:"medicationCodeableConcept"`
	VaccineCode               conceptIn       `json:"vaccineCode"`
	Type                      json.RawMessage `json:"type"`
	Name                      json.RawMessage `json:"name"`
	Description               string          `json:"description"`
	OnsetDateTime             string          `json:"onsetDateTime"`
	OnsetPeriod               *periodIn       `json:"onsetPeriod"`
	AbatementDateTime         string          `json:"abatementDateTime"`
	EffectiveDateTime         string          `json:"effectiveDateTime"`
	EffectivePeriod           *periodIn       `json:"effectivePeriod"`
	OccurrenceDateTime        string          `json:"occurrenceDateTime"`
	PerformedDateTime         string          `json:"performedDateTime"`
	PerformedPeriod           *periodIn       `json:"performedPeriod"`
	Period                    *periodIn       `json:"period"`
	ValueQuantity             *quantityIn     `json:"valueQuantity"`
	ValueString               string          `json:"valueString"`
	Interpretation            []textIn        `json:"interpretation"`
	ReferenceRange            []textIn        `json:"referenceRange"`
	Component                 []struct {
		Code          conceptIn   `json:"code"`
		ValueQuantity *quantityIn `json:"valueQuantity"`
		ValueString   string      `json:"valueString"`
	} `json:"component"`
	Note     []textIn `json:"note"`
	Reaction []struct {
		Manifestation []textIn `json:"manifestation"`
	} `json:"reaction"`
	Dosage []struct {
		Text        string `json:"text"`
		DoseAndRate []struct {
			DoseQuantity *quantityIn `json:"doseQuantity"`
		} `json:"doseAndRate"`
	} `json:"dosage"`
	ProtocolApplied []struct {
		DoseNumberString string `json:"doseNumberString"`
	} `json:"protocolApplied"`
	Outcome    textIn   `json:"outcome"`
	ReasonCode []textIn `json:"reasonCode"`
	Telecom    []struct {
		Value string `json:"value"`
	} `json:"telecom"`
	Qualification []struct {
		Code conceptIn `json:"code"`
	} `json:"qualification"`
	Content []struct {
		Attachment struct {
			ContentType string `json:"contentType"`
			Data        string `json:"data"`
			Title       string `json:"title"`
		} `json:"attachment"`
	} `json:"content"`
	Context struct {
		Period *periodIn `json:"period"`
	} `json:"context"`
}

// parseBundle reads the bundle's entry resources back into entries.
func parseBundle(raw []byte) ([]record.Entry, error) {
	var b struct {
		ResourceType string `json:"resourceType"`
		Type         string `json:"type"`
		Entry        []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	if b.ResourceType != "Bundle" || b.Type != "document" {
		return nil, errors.New("read bundle: not a FHIR document bundle")
	}
	var out []record.Entry
	for i, be := range b.Entry {
		var r resourceIn
		if err := json.Unmarshal(be.Resource, &r); err != nil {
			return nil, fmt.Errorf("read bundle entry %d: %w", i, err)
		}
		if r.ResourceType == "Composition" || r.ResourceType == "Patient" {
			continue
		}
		e, err := entryOf(&r)
		if err != nil {
			return nil, fmt.Errorf("read bundle entry %d (%.40s): %w", i, r.ResourceType, err)
		}
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("read bundle entry %d: %w", i, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// entryOf maps one resource back to an entry.
func entryOf(r *resourceIn) (record.Entry, error) {
	e := record.Entry{ID: r.ID, Status: r.Status}
	for _, s := range r.Meta.Security {
		if k, ok := kindOfLabel(s.System, s.Code); ok {
			e.Sensitive = append(e.Sensitive, k)
		}
	}
	var start, end string
	span := func(dt string, p *periodIn) {
		start = dt
		if p != nil {
			start, end = p.Start, p.End
		}
	}
	switch r.ResourceType {
	case "AllergyIntolerance":
		e.Category = record.Allergy
		e.Title, e.Code = fromConcept(r.Code)
		e.Status = firstCode(r.ClinicalStatus)
		span(r.OnsetDateTime, r.OnsetPeriod)
		if len(r.Reaction) > 0 && len(r.Reaction[0].Manifestation) > 0 {
			e.Value = r.Reaction[0].Manifestation[0].Text
		}
	case "MedicationStatement":
		e.Category = record.Medication
		e.Title, e.Code = fromConcept(r.MedicationCodeableConcept)
		span(r.EffectiveDateTime, r.EffectivePeriod)
		if len(r.Dosage) > 0 {
			d := r.Dosage[0]
			e.Value = d.Text
			if len(d.DoseAndRate) > 0 && d.DoseAndRate[0].DoseQuantity != nil {
				e.Value, e.Unit = d.DoseAndRate[0].DoseQuantity.Value.String(), d.DoseAndRate[0].DoseQuantity.Unit
			}
		}
	case "Condition":
		e.Category = record.Condition
		e.Title, e.Code = fromConcept(r.Code)
		e.Status = firstCode(r.ClinicalStatus)
		start, end = r.OnsetDateTime, r.AbatementDateTime
	case "Immunization":
		e.Category = record.Immunization
		e.Title, e.Code = fromConcept(r.VaccineCode)
		start = r.OccurrenceDateTime
		if len(r.ProtocolApplied) > 0 {
			e.Value = r.ProtocolApplied[0].DoseNumberString
		}
	case "Observation":
		e.Category = record.Result
		for _, c := range r.Category {
			if firstCode(c) == "vital-signs" {
				e.Category = record.Measurement
			}
		}
		e.Title, e.Code = fromConcept(r.Code)
		span(r.EffectiveDateTime, r.EffectivePeriod)
		e.Value, e.Unit, e.UnitCode = fromValue(r.ValueQuantity, r.ValueString)
		if len(r.Interpretation) > 0 {
			e.Interpretation = r.Interpretation[0].Text
		}
		if len(r.ReferenceRange) > 0 {
			e.Range = r.ReferenceRange[0].Text
		}
		for _, c := range r.Component {
			title, code := fromConcept(c.Code)
			v, u, uc := fromValue(c.ValueQuantity, c.ValueString)
			e.Components = append(e.Components, record.Component{Code: code, Title: title, Value: v, Unit: u, UnitCode: uc})
		}
	case "Procedure":
		e.Category = record.Procedure
		e.Title, e.Code = fromConcept(r.Code)
		span(r.PerformedDateTime, r.PerformedPeriod)
		e.Value = r.Outcome.Text
	case "Encounter":
		e.Category = record.Appointment
		var types []conceptIn
		if err := unmarshalOptional(r.Type, &types); err != nil {
			return e, err
		}
		if len(types) > 0 {
			e.Title, e.Code = fromConcept(types[0])
		}
		span("", r.Period)
		if len(r.ReasonCode) > 0 {
			e.Value = r.ReasonCode[0].Text
		}
		e.Notes = narrativeNotes(r)
	case "DocumentReference":
		var typ conceptIn
		if err := unmarshalOptional(r.Type, &typ); err != nil {
			return e, err
		}
		e.Status = ""
		span("", r.Context.Period)
		if isNoteType(typ) {
			e.Category = record.Note
			e.Title = r.Description
			if len(r.Content) > 0 {
				text, err := base64.StdEncoding.DecodeString(r.Content[0].Attachment.Data)
				if err != nil {
					return e, fmt.Errorf("note text: %w", err)
				}
				e.Notes = string(text)
			}
		} else {
			e.Category = record.Document
			e.Title, e.Code = fromConcept(typ)
			if r.Description != "" {
				e.Title = r.Description
			}
			e.Notes = narrativeNotes(r)
		}
	case "Practitioner", "Organization":
		e.Category = record.Contact
		if r.ResourceType == "Organization" {
			e.Tags = []string{"organization"}
			if err := unmarshalOptional(r.Name, &e.Title); err != nil {
				return e, err
			}
			var types []conceptIn
			if err := unmarshalOptional(r.Type, &types); err != nil {
				return e, err
			}
			if len(types) > 0 {
				_, e.Code = fromConcept(types[0])
			}
		} else {
			var names []textIn
			if err := unmarshalOptional(r.Name, &names); err != nil {
				return e, err
			}
			if len(names) > 0 {
				e.Title = names[0].Text
			}
			if len(r.Qualification) > 0 {
				_, e.Code = fromConcept(r.Qualification[0].Code)
			}
		}
		if len(r.Telecom) > 0 {
			e.Value = r.Telecom[0].Value
		}
		e.Notes = narrativeNotes(r)
	default:
		return e, fmt.Errorf("unexpected resource type %.40q", r.ResourceType)
	}
	if e.Notes == "" && len(r.Note) > 0 {
		e.Notes = r.Note[0].Text
	}
	var err error
	if e.Date, err = when.NormalizeDate(start); err != nil {
		return e, errors.New("unreadable date")
	}
	if e.End, err = when.NormalizeDate(end); err != nil {
		return e, errors.New("unreadable end date")
	}
	return e, nil
}

// fromConcept returns a concept's text (or first display) and first code.
func fromConcept(c conceptIn) (string, *record.Code) {
	title := c.Text
	var code *record.Code
	for _, cd := range c.Coding {
		if cd.Code == "" {
			continue
		}
		code = &record.Code{System: systemName(cd.System), Code: cd.Code, Display: cd.Display}
		if title == "" {
			title = cd.Display
		}
		break
	}
	return title, code
}

// firstCode returns a concept's first code.
func firstCode(c conceptIn) string {
	for _, cd := range c.Coding {
		if cd.Code != "" {
			return cd.Code
		}
	}
	return ""
}

// fromValue reads value[x] back into value, unit and UCUM code.
func fromValue(q *quantityIn, s string) (string, string, string) {
	if q != nil {
		code := ""
		if q.System == fhir.UCUM {
			code = q.Code
		}
		return q.Value.String(), q.Unit, code
	}
	return s, "", ""
}

// isNoteType reports whether a DocumentReference type is the LOINC "Note".
func isNoteType(c conceptIn) bool {
	for _, cd := range c.Coding {
		if cd.System == systemLOINC && cd.Code == noteLOINC {
			return true
		}
	}
	return false
}

// narrativeNotes reads notes that Build kept in an "additional" narrative.
func narrativeNotes(r *resourceIn) string {
	if r.Text == nil || r.Text.Status != "additional" {
		return ""
	}
	div, ok := strings.CutPrefix(r.Text.Div, divOpen)
	if !ok {
		return ""
	}
	div, ok = strings.CutSuffix(div, divClose)
	if !ok {
		return ""
	}
	return html.UnescapeString(div)
}

// unmarshalOptional decodes raw into v unless raw is absent.
func unmarshalOptional(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, v)
}
