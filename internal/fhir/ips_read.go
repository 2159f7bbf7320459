package fhir

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// The reading side of ips.go: the resources of an IPS bundle phr wrote,
// mapped back to entries, so phr can show what was shared. It reads only the
// shapes BuildIPS writes; the importer reads any FHIR.

type textIn struct {
	Text string `json:"text"`
}

// resourceIn holds every element Build writes, of any resource type. Elements
// whose type differs between resources (type, name) stay raw.
type resourceIn struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Extension    []struct {
		URL       string `json:"url"`
		Extension []struct {
			URL          string `json:"url"`
			ValueString  string `json:"valueString"`
			ValueInteger int    `json:"valueInteger"`
		} `json:"extension"`
	} `json:"extension"`
	Meta struct {
		LastUpdated string   `json:"lastUpdated"`
		Security    []Coding `json:"security"`
	} `json:"meta"`
	Text *struct {
		Status string `json:"status"`
		Div    string `json:"div"`
	} `json:"text"`
	Active                    *bool             `json:"active"`
	Status                    string            `json:"status"`
	ClinicalStatus            CodeableConcept   `json:"clinicalStatus"`
	Category                  []CodeableConcept `json:"category"`
	Code                      CodeableConcept   `json:"code"`
	MedicationCodeableConcept CodeableConcept   `json:"medicationCodeableConcept"`
	VaccineCode               CodeableConcept   `json:"vaccineCode"`
	Type                      json.RawMessage   `json:"type"`
	Name                      json.RawMessage   `json:"name"`
	Description               string            `json:"description"`
	OnsetDateTime             string            `json:"onsetDateTime"`
	OnsetPeriod               *Period           `json:"onsetPeriod"`
	AbatementDateTime         string            `json:"abatementDateTime"`
	EffectiveDateTime         string            `json:"effectiveDateTime"`
	EffectivePeriod           *Period           `json:"effectivePeriod"`
	OccurrenceDateTime        string            `json:"occurrenceDateTime"`
	PerformedDateTime         string            `json:"performedDateTime"`
	PerformedPeriod           *Period           `json:"performedPeriod"`
	Period                    *Period           `json:"period"`
	ValueQuantity             *Quantity         `json:"valueQuantity"`
	ValueString               string            `json:"valueString"`
	Interpretation            []textIn          `json:"interpretation"`
	ReferenceRange            []textIn          `json:"referenceRange"`
	Component                 []struct {
		Code          CodeableConcept `json:"code"`
		ValueQuantity *Quantity       `json:"valueQuantity"`
		ValueString   string          `json:"valueString"`
	} `json:"component"`
	Note        []textIn `json:"note"`
	Criticality string   `json:"criticality"`
	Reaction    []struct {
		Manifestation []textIn `json:"manifestation"`
		Severity      string   `json:"severity"`
	} `json:"reaction"`
	Dosage []struct {
		Text        string `json:"text"`
		DoseAndRate []struct {
			DoseQuantity *Quantity `json:"doseQuantity"`
			DoseRange    *struct {
				Low  *Quantity `json:"low"`
				High *Quantity `json:"high"`
			} `json:"doseRange"`
		} `json:"doseAndRate"`
		Timing *struct {
			Code textIn `json:"code"`
		} `json:"timing"`
		Route *textIn `json:"route"`
	} `json:"dosage"`
	ProtocolApplied []struct {
		DoseNumberString string `json:"doseNumberString"`
	} `json:"protocolApplied"`
	Outcome    textIn   `json:"outcome"`
	ReasonCode []textIn `json:"reasonCode"`
	Telecom    []struct {
		System string `json:"system"`
		Value  string `json:"value"`
		Rank   int    `json:"rank"`
	} `json:"telecom"`
	Address []struct {
		Text string `json:"text"`
	} `json:"address"`

	Qualification []struct {
		Code CodeableConcept `json:"code"`
	} `json:"qualification"`
	Content []ipsContent `json:"content"`
	Context struct {
		Period  *Period `json:"period"`
		Related []struct {
			Reference string `json:"reference"`
		} `json:"related"`
	} `json:"context"`
}

// IPS is what ReadIPS finds in a bundle.
type IPS struct {
	Entries []record.Entry
	// Withheld lists the required sections the person chose not to share.
	Withheld []record.Category
	// Files holds the bytes of the attachments that travelled, by the ID
	// of the record.Attachment ReadIPS made for each.
	Files map[string][]byte
}

// practitionerRole is the part of a PractitionerRole that BuildIPS writes.
type practitionerRole struct {
	Practitioner Reference         `json:"practitioner"`
	Code         []CodeableConcept `json:"code"`
}

// ReadIPS reads a bundle BuildIPS wrote back into entries.
func ReadIPS(raw []byte) (*IPS, error) {
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
	out := &IPS{Files: map[string][]byte{}}
	byURL := map[string]int{}
	for i, be := range b.Entry {
		var head struct {
			ResourceType string `json:"resourceType"`
			Section      []struct {
				Code        CodeableConcept `json:"code"`
				EmptyReason CodeableConcept `json:"emptyReason"`
			} `json:"section"`
		}
		if err := json.Unmarshal(be.Resource, &head); err != nil {
			return nil, fmt.Errorf("read bundle entry %d: %w", i, err)
		}
		switch head.ResourceType {
		case "Composition":
			for _, sec := range head.Section {
				if firstCode(sec.EmptyReason) != emptyWithheld {
					continue
				}
				for _, c := range requiredSections {
					if firstCode(sec.Code) == sectionOf(c).code {
						out.Withheld = append(out.Withheld, c)
					}
				}
			}
			continue
		case "Patient", "Device":
			continue
		case "PractitionerRole":
			var role practitionerRole
			if err := json.Unmarshal(be.Resource, &role); err != nil {
				return nil, fmt.Errorf("read bundle entry %d: %w", i, err)
			}
			if n, ok := byURL[role.Practitioner.Reference]; ok && len(role.Code) > 0 {
				addRole(&out.Entries[n], role.Code[0])
			}
			continue
		}
		var r resourceIn
		if err := json.Unmarshal(be.Resource, &r); err != nil {
			return nil, fmt.Errorf("read bundle entry %d: %w", i, err)
		}
		if r.ResourceType == "DocumentReference" && len(r.Context.Related) == 1 {
			// The files attached to an entry read before it.
			if n, ok := byURL[r.Context.Related[0].Reference]; ok {
				files, err := readAttachments(&out.Entries[n], r.Content, out.Files)
				if err != nil {
					return nil, fmt.Errorf("read bundle entry %d: %w", i, err)
				}
				out.Files = files
				continue
			}
		}
		e, files, err := entryOf(&r)
		if err != nil {
			return nil, fmt.Errorf("read bundle entry %d (%.40s): %w", i, r.ResourceType, err)
		}
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("read bundle entry %d: %w", i, err)
		}
		for id, data := range files {
			out.Files[id] = data
		}
		byURL[be.FullURL] = len(out.Entries)
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}

// addRole gives a contact the role its PractitionerRole names: the role's
// text back in the title ("Nurse Priya Shah, diabetes specialist nurse")
// and its codings.
func addRole(e *record.Entry, c CodeableConcept) {
	if t := strings.TrimSpace(c.Text); t != "" {
		e.Title += ", " + t
	}
	e.Codings = codingsOf(c)
	e.Code = record.StandardCode(e.Codings)
}

// entryOf maps one resource back to an entry.
func entryOf(r *resourceIn) (record.Entry, map[string][]byte, error) {
	var files map[string][]byte
	e := record.Entry{ID: r.ID, Status: r.Status}
	if t, err := time.Parse(time.RFC3339, r.Meta.LastUpdated); err == nil {
		e.Created, e.Updated = t, t
	}
	for _, s := range r.Meta.Security {
		if k, ok := kindOfLabel(s.System, s.Code); ok {
			e.Sensitive = append(e.Sensitive, k)
		}
	}
	var start, end string
	span := func(dt string, p *Period) {
		start = dt
		if p != nil {
			start, end = p.Start, p.End
		}
	}
	switch r.ResourceType {
	case "AllergyIntolerance":
		e.Category = record.Allergy
		setConcept(&e, r.Code)
		e.Status = firstCode(r.ClinicalStatus)
		span(r.OnsetDateTime, r.OnsetPeriod)
		e.Criticality = r.Criticality
		if len(r.Reaction) > 0 {
			if len(r.Reaction[0].Manifestation) > 0 {
				e.Reaction = r.Reaction[0].Manifestation[0].Text
			}
			if e.Reaction == noReactionText {
				e.Reaction = ""
			}
			e.Severity = r.Reaction[0].Severity
		}
	case "MedicationStatement":
		e.Category = record.Medication
		setConcept(&e, r.MedicationCodeableConcept)
		span(r.EffectiveDateTime, r.EffectivePeriod)
		if len(r.Dosage) > 0 {
			d := r.Dosage[0]
			var dq *Quantity
			var dr *Range
			if len(d.DoseAndRate) > 0 {
				dq = d.DoseAndRate[0].DoseQuantity
				if rg := d.DoseAndRate[0].DoseRange; rg != nil && rg.Low != nil && rg.High != nil {
					dr = &Range{Low: rg.Low, High: rg.High}
				}
			}
			// phr writes a dose with its text, a route or a timing; a
			// quantity alone, or a text alone, is a value as before.
			if dr != nil || d.Route != nil || d.Timing != nil || (dq != nil && d.Text != "") {
				if d.Route != nil {
					e.Route = d.Route.Text
				}
				if d.Timing != nil {
					e.Frequency = d.Timing.Code.Text
				}
				switch {
				case dr != nil:
					e.Dose = record.Dose{Low: dr.Low.Value.String(), High: dr.High.Value.String(), Unit: dr.Low.Unit}.String()
				case dq != nil:
					e.Dose = record.Dose{Low: dq.Value.String(), Unit: dq.Unit}.String()
				}
			} else {
				e.Value = d.Text
				if dq != nil {
					e.Value, e.Unit, e.UnitCode = fromValue(dq, "")
				}
			}
		}
	case "Condition":
		e.Category = record.Condition
		setConcept(&e, r.Code)
		e.Status = firstCode(r.ClinicalStatus)
		start, end = r.OnsetDateTime, r.AbatementDateTime
	case "Immunization":
		e.Category = record.Immunization
		setConcept(&e, r.VaccineCode)
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
		setConcept(&e, r.Code)
		span(r.EffectiveDateTime, r.EffectivePeriod)
		e.Value, e.Unit, e.UnitCode = fromValue(r.ValueQuantity, r.ValueString)
		for _, x := range r.Extension {
			if x.URL != StatsURL {
				continue
			}
			st := &record.Stats{}
			for _, p := range x.Extension {
				switch p.URL {
				case "of":
					st.Of = p.ValueString
				case "count":
					st.Count = p.ValueInteger
				case "min":
					st.Min = p.ValueString
				case "max":
					st.Max = p.ValueString
				}
			}
			e.Stats = st
		}
		if len(r.Interpretation) > 0 {
			e.Interpretation = r.Interpretation[0].Text
		}
		if len(r.ReferenceRange) > 0 {
			e.Range = r.ReferenceRange[0].Text
		}
		for _, c := range r.Component {
			title, code := fromConcept(c.Code)
			v, u, uc := fromValue(c.ValueQuantity, c.ValueString)
			comp := record.Component{Code: code, Title: title, Value: v, Unit: u, UnitCode: uc}
			if codings := codingsOf(c.Code); len(codings) > 1 {
				comp.Codings = codings
			}
			e.Components = append(e.Components, comp)
		}
		// A blood pressure is its parts: no "142/91" beside them
		// (record.Entry.PlainValue joins them for display).
	case "Procedure":
		e.Category = record.Procedure
		setConcept(&e, r.Code)
		span(r.PerformedDateTime, r.PerformedPeriod)
		e.Value = r.Outcome.Text
	case "Encounter":
		e.Category = record.Appointment
		var types []CodeableConcept
		if err := unmarshalOptional(r.Type, &types); err != nil {
			return e, nil, err
		}
		if len(types) > 0 {
			setConcept(&e, types[0])
		}
		span("", r.Period)
		if len(r.ReasonCode) > 0 {
			e.Value = r.ReasonCode[0].Text
		}
		e.Notes = notesOf(r)
	case "DocumentReference":
		var typ CodeableConcept
		if err := unmarshalOptional(r.Type, &typ); err != nil {
			return e, nil, err
		}
		e.Status = ""
		span("", r.Context.Period)
		if isNoteType(typ) {
			e.Category = record.Note
			e.Title = r.Description
			// The note's own codes beside the LOINC "Note" every note has.
			for _, c := range codingsOf(typ) {
				if !(c.System == "loinc" && c.Code == noteLOINC) {
					e.Codings = append(e.Codings, c)
				}
			}
			e.Code = record.StandardCode(e.Codings)
			if len(e.Codings) < 2 {
				e.Codings = nil
			}
			if len(r.Content) > 0 {
				text, err := base64.StdEncoding.DecodeString(r.Content[0].Attachment.Data)
				if err != nil {
					return e, nil, fmt.Errorf("note text: %w", err)
				}
				e.Notes = string(text)
				// After the text, the files attached to the note.
				if files, err = readAttachments(&e, r.Content[1:], files); err != nil {
					return e, nil, err
				}
			}
		} else {
			e.Category = record.Document
			setConcept(&e, typ)
			if r.Description != "" {
				e.Title = r.Description
			}
			e.Notes = notesOf(r)
			var err error
			if files, err = readAttachments(&e, r.Content, files); err != nil {
				return e, nil, err
			}
		}
	case "Practitioner", "Organization":
		e.Category = record.Contact
		if r.ResourceType == "Organization" {
			e.Tags = []string{"organization"}
			if err := unmarshalOptional(r.Name, &e.Title); err != nil {
				return e, nil, err
			}
			var types []CodeableConcept
			if err := unmarshalOptional(r.Type, &types); err != nil {
				return e, nil, err
			}
			if len(types) > 0 {
				_, e.Code = fromConcept(types[0])
			}
		} else {
			var names []textIn
			if err := unmarshalOptional(r.Name, &names); err != nil {
				return e, nil, err
			}
			if len(names) > 0 {
				e.Title = names[0].Text
			}
			if len(r.Qualification) > 0 {
				_, e.Code = fromConcept(r.Qualification[0].Code)
			}
		}
		for _, t := range r.Telecom {
			if t.Rank == 1 {
				e.Value = t.Value
			}
		}
		e.Notes = notesOf(r)
	default:
		return e, nil, fmt.Errorf("unexpected resource type %.40q", r.ResourceType)
	}
	if e.Notes == "" && len(r.Note) > 0 {
		e.Notes = r.Note[0].Text
	}
	var err error
	if e.Date, err = when.NormalizeDate(start); err != nil {
		return e, nil, errors.New("unreadable date")
	}
	if e.End, err = when.NormalizeDate(end); err != nil {
		return e, nil, errors.New("unreadable end date")
	}
	return e, files, nil
}

// setConcept sets an entry's title, codings and shown code from a concept.
func setConcept(e *record.Entry, c CodeableConcept) {
	e.Title, e.Code = fromConcept(c)
	if codings := codingsOf(c); len(codings) > 1 {
		e.Codings = codings
		e.Code = record.StandardCode(codings)
	}
}

// codingsOf returns a concept's codings with their systems shortened.
func codingsOf(c CodeableConcept) []record.Code {
	var out []record.Code
	for _, cd := range c.Coding {
		if cd.Code != "" {
			out = record.AddCoding(out, record.Code{System: record.ShortSystem(cd.System), Code: cd.Code, Display: cd.Display})
		}
	}
	return out
}

// fromConcept returns a concept's text (or first display) and first code.
func fromConcept(c CodeableConcept) (string, *record.Code) {
	title := c.Text
	var code *record.Code
	for _, cd := range c.Coding {
		if cd.Code == "" {
			continue
		}
		code = &record.Code{System: record.ShortSystem(cd.System), Code: cd.Code, Display: cd.Display}
		if title == "" {
			title = cd.Display
		}
		break
	}
	return title, code
}

// firstCode returns a concept's first code.
func firstCode(c CodeableConcept) string {
	for _, cd := range c.Coding {
		if cd.Code != "" {
			return cd.Code
		}
	}
	return ""
}

// fromValue reads value[x] back into value, unit and UCUM code.
func fromValue(q *Quantity, s string) (string, string, string) {
	if q != nil {
		code := ""
		if strings.TrimRight(q.System, "/") == UCUM {
			code = q.Code
		}
		return q.Value.String(), q.Unit, code
	}
	return s, "", ""
}

// ipsContent is one content of a DocumentReference that BuildIPS writes.
type ipsContent struct {
	Attachment struct {
		ContentType string `json:"contentType"`
		Data        string `json:"data"`
		Size        int64  `json:"size"`
		Title       string `json:"title"`
	} `json:"attachment"`
}

// readAttachments adds to e the files that travel inside a
// DocumentReference's content (those with data), their bytes to files by
// the new attachment's id, and returns files.
func readAttachments(e *record.Entry, content []ipsContent, files map[string][]byte) (map[string][]byte, error) {
	for _, c := range content {
		a := c.Attachment
		if a.Data == "" {
			continue
		}
		data, err := base64.StdEncoding.DecodeString(a.Data)
		if err != nil {
			return files, fmt.Errorf("attachment %.40q: %w", a.Title, err)
		}
		id, err := NewUUID()
		if err != nil {
			return files, err
		}
		sum := sha256.Sum256(data)
		e.Attachments = append(e.Attachments, record.Attachment{ID: id, Name: a.Title, Type: a.ContentType,
			Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
		if files == nil {
			files = map[string][]byte{}
		}
		files[id] = data
	}
	return files, nil
}

// isNoteType reports whether a DocumentReference type is the LOINC "Note".
func isNoteType(c CodeableConcept) bool {
	for _, cd := range c.Coding {
		if cd.System == LOINC && cd.Code == noteLOINC {
			return true
		}
	}
	return false
}

// notesOf reads the notes a resource carries in its narrative.
func notesOf(r *resourceIn) string {
	if r.Text == nil {
		return ""
	}
	return narrativeNotes(r.Text.Status, r.Text.Div)
}

// unmarshalOptional decodes raw into v unless raw is absent.
func unmarshalOptional(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, v)
}
