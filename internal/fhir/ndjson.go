package fhir

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// NDJSONParams is what WriteNDJSON writes.
type NDJSONParams struct {
	Created time.Time
	Profile record.Profile
	Entries []record.Entry
	Carers  []record.Carer
	// Kinds returns an entry's sensitive kinds, written as security labels;
	// nil writes none.
	Kinds func(*record.Entry) []record.Kind
	// FileURL names where an attachment's file lies beside the NDJSON (its
	// DocumentReference's attachment url); nil names none.
	FileURL func(*record.Entry, record.Attachment) string
}

// PatientID is the id of the Patient in WriteNDJSON's output.
const PatientID = "patient"

// WriteNDJSON writes the whole record as FHIR R4 NDJSON, one resource a
// line: the Patient, each entry's resources with the same writer as the IPS
// (the entry's id is its resource's id, so the record's ids survive), and
// one RelatedPerson per carer. It returns how many resources of each type
// it wrote.
func WriteNDJSON(out io.Writer, p NDJSONParams) (map[string]int, error) {
	kinds := p.Kinds
	if kinds == nil {
		kinds = func(*record.Entry) []record.Kind { return nil }
	}
	patientURL := "Patient/" + PatientID
	w := writer{patientURL: patientURL, created: p.Created, kinds: kinds, fileURL: p.FileURL}
	counts := map[string]int{}
	// One buffer, reused for every line.
	var line bytes.Buffer
	jw := newJSONWriter(&line)
	put := func(r object) error {
		for _, m := range r {
			if m.key == "resourceType" {
				if t, ok := m.val.(string); ok {
					counts[t]++
				}
				break
			}
		}
		line.Reset()
		if err := jw.object(r); err != nil {
			return err
		}
		line.WriteByte('\n')
		_, err := out.Write(line.Bytes())
		return err
	}
	patient, err := patientResource(p.Profile, PatientID)
	if err != nil {
		return nil, err
	}
	if err := put(patient); err != nil {
		return nil, err
	}
	for i := range p.Entries {
		e := &p.Entries[i]
		b, err := w.entry(e, e.ID)
		if err != nil {
			return nil, err
		}
		if err := put(b.res); err != nil {
			return nil, err
		}
		// Resources beside it (a contact's PractitionerRole) are bundle
		// entries: write the resource each holds.
		for _, m := range b.more {
			for _, mm := range m {
				if mm.key == "resource" {
					if r, ok := mm.val.(object); ok {
						if err := put(r); err != nil {
							return nil, err
						}
					}
				}
			}
		}
	}
	for i, c := range p.Carers {
		r := object{}.set("resourceType", "RelatedPerson").set("id", fmt.Sprintf("carer-%d", i+1)).
			set("text", narrative("generated", para(c.Name+", "+orDefault(c.Relationship, "carer")))).
			set("patient", ref(patientURL)).
			set("relationship", []object{object{}.set("text", c.Relationship)}).
			set("name", []object{object{}.set("text", c.Name)}).
			set("period", object{}.set("start", c.Added.UTC().Format(time.RFC3339)))
		if err := put(r); err != nil {
			return nil, err
		}
	}
	return counts, nil
}
