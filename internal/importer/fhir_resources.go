package importer

import (
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// codeOf returns the concept's coding to show as a record.Code (a standard
// terminology before a local code, see record.StandardCode), with the code
// system shortened (see fhir.ShortSystem), or nil.
func codeOf(c *fhir.CodeableConcept) *record.Code {
	all := codingsOf(c)
	if len(all) == 0 {
		return nil
	}
	if std := record.StandardCode(all); std != nil {
		return std
	}
	return &all[0]
}

// codingsOf returns every coding of the concept, its system shortened.
func codingsOf(c *fhir.CodeableConcept) []record.Code {
	if c == nil {
		return nil
	}
	var out []record.Code
	for _, p := range c.Coding {
		if p.Code == "" && strings.TrimSpace(p.Display) == "" {
			continue
		}
		out = record.AddCoding(out, record.Code{System: record.ShortSystem(p.System), Code: p.Code, Display: strings.TrimSpace(p.Display)})
	}
	return out
}

// setCode sets the entry's code and keeps every coding of the concept.
func setCode(e *record.Entry, c *fhir.CodeableConcept) {
	e.Code, e.Codings = codeOf(c), codingsOf(c)
}

// statusOf returns a status concept's code (e.g. "active"), else its text.
func statusOf(c *fhir.CodeableConcept) string {
	if c == nil {
		return ""
	}
	for _, cd := range c.Coding {
		if cd.Code != "" {
			return cd.Code
		}
	}
	return strings.ToLower(c.Best())
}

func annotations(notes []fhir.Annotation) string {
	var out []string
	for _, n := range notes {
		if t := strings.TrimSpace(n.Text); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n")
}

// setDates fills Date and End, adding a note when a date was partial or
// unreadable.
func setDates(e *record.Entry, start, end string, notes *[]string) {
	var n string
	e.Date, n = fhirDate(start)
	*notes = append(*notes, n)
	if end != "" {
		e.End, n = fhirDate(end)
		*notes = append(*notes, endNote(n))
	}
}

func periodOf(p *fhir.Period) (string, string) {
	if p == nil {
		return "", ""
	}
	return p.Start, p.End
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func mapCondition(c *fhir.Condition, e *record.Entry) {
	e.Category = record.Condition
	e.Title = c.Code.Best()
	setCode(e, c.Code)
	e.Status = statusOf(c.ClinicalStatus)
	notes := []string{}
	os, _ := periodOf(c.OnsetPeriod)
	_, ae := periodOf(c.AbatementPeriod)
	setDates(e, firstOf(c.OnsetDateTime, os), firstOf(c.AbatementDateTime, ae), &notes)
	if e.Date == "" && c.OnsetString == "" && firstOf(c.OnsetDateTime, os) == "" {
		if d, n := fhirDate(c.RecordedDate); d != "" {
			e.Date = d
			notes = append(notes, "date recorded (onset not given)", n)
		}
	}
	var cats []string
	for i := range c.Category {
		cats = append(cats, c.Category[i].Best())
	}
	notes = append(notes, labelled("Category", strings.Join(cats, ", ")))
	if v := statusOf(c.VerificationStatus); v != "" && v != "confirmed" {
		notes = append(notes, labelled("Verification", v))
	}
	notes = append(notes, labelled("Onset", c.OnsetString), labelled("Ended", c.AbatementString),
		labelled("Severity", c.Severity.Best()), annotations(c.Note))
	e.Notes = joinNotes(notes...)
}

// medicationConcept finds the medicine of a statement or request: inline,
// contained, or (returned as a reference) elsewhere in the bundle.
func medicationConcept(m fhir.MedicationChoice, contained []fhir.Medication) (*fhir.CodeableConcept, *fhir.Reference) {
	cc, ref := m.MedicationCodeableConcept, m.MedicationReference
	if cc != nil {
		return cc, nil
	}
	if ref == nil || ref.Reference == "" {
		if ref != nil && ref.Display != "" {
			return &fhir.CodeableConcept{Text: ref.Display}, nil
		}
		return nil, nil
	}
	if id, ok := strings.CutPrefix(ref.Reference, "#"); ok {
		for i := range contained {
			if contained[i].ID == id {
				return contained[i].Code, nil
			}
		}
		return &fhir.CodeableConcept{Text: ref.Display}, nil
	}
	return nil, ref
}

func containedMeds(b fhir.Base) []fhir.Medication {
	var out []fhir.Medication
	for _, raw := range b.Contained {
		var m fhir.Medication
		if jsonUnmarshalQuiet(raw, &m) && m.ResourceType == "Medication" {
			out = append(out, m)
		}
	}
	return out
}

// applyMedication names an entry after a Medication resource.
func applyMedication(m *fhir.Medication, e *record.Entry) {
	if t := m.Code.Best(); t != "" {
		e.Title = t
	}
	if codeOf(m.Code) != nil {
		setCode(e, m.Code)
	}
	if f := m.Form.Best(); f != "" {
		e.Notes = joinNotes(e.Notes, labelled("Form", f))
	}
}

func mapMedicationStatement(s *fhir.MedicationStatement, e *record.Entry) *fhir.Reference {
	e.Category = record.Medication
	cc, ref := medicationConcept(s.MedicationChoice, containedMeds(s.Base))
	e.Title = cc.Best()
	setCode(e, cc)
	e.Status = s.Status
	notes := []string{}
	ps, pe := periodOf(s.EffectivePeriod)
	setDates(e, firstOf(s.EffectiveDateTime, ps, s.DateAsserted), pe, &notes)
	notes = append(notes, applyDosage(e, s.Dosage)...)
	e.Notes = joinNotes(append(notes, annotations(s.Note))...)
	return ref
}

func mapMedicationRequest(q *fhir.MedicationRequest, e *record.Entry) *fhir.Reference {
	e.Category = record.Medication
	cc, ref := medicationConcept(q.MedicationChoice, containedMeds(q.Base))
	e.Title = cc.Best()
	setCode(e, cc)
	e.Status = q.Status
	notes := []string{}
	setDates(e, q.AuthoredOn, "", &notes)
	if q.Intent != "" && q.Intent != "order" {
		notes = append(notes, labelled("Intent", q.Intent))
	}
	notes = append(notes, applyDosage(e, q.DosageInstruction)...)
	e.Notes = joinNotes(append(notes, annotations(q.Note))...)
	return ref
}

func mapAllergy(a *fhir.AllergyIntolerance, e *record.Entry) {
	e.Category = record.Allergy
	e.Title = a.Code.Best()
	setCode(e, a.Code)
	e.Status = statusOf(a.ClinicalStatus)
	notes := []string{}
	setDates(e, firstOf(a.OnsetDateTime, a.RecordedDate), "", &notes)
	var reactions []string
	for _, r := range a.Reaction {
		var ms []string
		for i := range r.Manifestation {
			ms = append(ms, r.Manifestation[i].Best())
		}
		s := firstOf(strings.Join(ms, ", "), r.Description)
		if r.Severity != "" {
			s += " (" + r.Severity + ")"
		}
		reactions = append(reactions, strings.TrimSpace(s))
	}
	notes = append(notes, labelled("Type", a.Type), labelled("Category", strings.Join(a.Category, ", ")),
		labelled("Criticality", a.Criticality), labelled("Reactions", strings.Join(reactions, "; ")),
		labelled("Onset", a.OnsetString), annotations(a.Note))
	e.Notes = joinNotes(notes...)
}

func mapImmunization(im *fhir.Immunization, e *record.Entry) {
	e.Category = record.Immunization
	e.Title = im.VaccineCode.Best()
	setCode(e, im.VaccineCode)
	e.Status = im.Status
	notes := []string{}
	setDates(e, im.OccurrenceDateTime, "", &notes)
	notes = append(notes, labelled("Given", im.OccurrenceString), labelled("Lot", im.LotNumber), annotations(im.Note))
	e.Notes = joinNotes(notes...)
}

func mapProcedure(p *fhir.Procedure, e *record.Entry) {
	e.Category = record.Procedure
	e.Title = p.Code.Best()
	setCode(e, p.Code)
	e.Status = p.Status
	notes := []string{}
	ps, pe := periodOf(p.PerformedPeriod)
	setDates(e, firstOf(p.PerformedDateTime, ps), pe, &notes)
	e.Notes = joinNotes(append(notes, labelled("Performed", p.PerformedString), annotations(p.Note))...)
}

// mapEncounter makes an appointment. Encounters without a status are
// "planned" when they start after now, "finished" otherwise.
func mapEncounter(en *fhir.Encounter, e *record.Entry, now time.Time) {
	e.Category = record.Appointment
	var t *fhir.CodeableConcept
	if len(en.Type) > 0 {
		t = &en.Type[0]
	}
	e.Title = t.Best()
	setCode(e, t)
	if e.Title == "" && en.Class != nil {
		e.Title = firstOf(en.Class.Display, en.Class.Code) + " encounter"
	}
	e.Status = en.Status
	notes := []string{}
	ps, pe := periodOf(en.Period)
	setDates(e, ps, pe, &notes)
	if e.Status == "" {
		if start, err := time.Parse(time.RFC3339, e.Date); err == nil && start.After(now) {
			e.Status = "planned"
		} else if e.Date != "" {
			e.Status = "finished"
		}
	}
	var reasons []string
	for i := range en.ReasonCode {
		reasons = append(reasons, en.ReasonCode[i].Best())
	}
	notes = append(notes, labelled("Reason", strings.Join(reasons, "; ")))
	if en.Class != nil && t != nil {
		notes = append(notes, labelled("Class", firstOf(en.Class.Display, en.Class.Code)))
	}
	e.Notes = joinNotes(notes...)
}

// mapDocumentReference makes a document. Inline content becomes an
// attachment; content given by URL becomes a link and is never fetched.
func mapDocumentReference(d *fhir.DocumentReference, e *record.Entry) []Blob {
	e.Category = record.Document
	e.Title = firstOf(d.Description, d.Type.Best())
	setCode(e, d.Type)
	e.Status = d.Status
	notes := []string{}
	var start, end string
	if d.Context != nil {
		start, end = periodOf(d.Context.Period)
	}
	if d.IsNote() {
		// A text note (as phr writes one) is a note, its text the notes.
		e.Category, e.Status = record.Note, ""
		dropNoteCoding(e)
		setDates(e, firstOf(start, d.Date), end, &notes)
		e.Notes = joinNotes(append(notes, string(d.Content[0].Attachment.Data))...)
		return nil
	}
	var blobs []Blob
	created := ""
	for i, c := range d.Content {
		a := c.Attachment
		if e.Title == "" {
			e.Title = a.Title
		}
		created = firstOf(created, a.Creation)
		if len(a.Data) > 0 {
			blobs = append(blobs, Blob{Name: blobName(a, e.Title, i), Type: a.ContentType, Data: a.Data})
		}
		if a.URL != "" {
			e.Links = append(e.Links, a.URL)
		}
	}
	setDates(e, firstOf(d.Date, start, created), end, &notes)
	e.Notes = joinNotes(notes...)
	return blobs
}

// dropNoteCoding leaves out the LOINC "Note" every note has, keeping the
// note's own codes.
func dropNoteCoding(e *record.Entry) {
	var keep []record.Code
	for _, c := range e.Codings {
		if !(c.System == "loinc" && c.Code == "34109-9") {
			keep = append(keep, c)
		}
	}
	e.Codings = keep
	e.Code = record.StandardCode(keep)
}

// blobName chooses a file name for an attachment from its title and type.
func blobName(a fhir.Attachment, title string, i int) string {
	name := firstOf(a.Title, title, fmt.Sprintf("attachment-%d", i+1))
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '_'
		}
		return r
	}, name)
	if !strings.Contains(name, ".") && a.ContentType != "" {
		if exts, _ := mime.ExtensionsByType(a.ContentType); len(exts) > 0 {
			name += exts[0]
		}
	}
	return name
}

func mapCarePlan(c *fhir.CarePlan, e *record.Entry) {
	e.Category = record.Note
	var cat *fhir.CodeableConcept
	if len(c.Category) > 0 {
		cat = &c.Category[0]
	}
	e.Title = firstOf(c.Title, cat.Best())
	if e.Title != "" && c.Title == "" {
		e.Title = "Care plan: " + e.Title
	}
	setCode(e, cat)
	e.Status = c.Status
	notes := []string{}
	ps, pe := periodOf(c.Period)
	setDates(e, firstOf(ps, c.Created), pe, &notes)
	var acts []string
	for _, a := range c.Activity {
		if a.Detail == nil {
			continue
		}
		s := firstOf(a.Detail.Code.Best(), a.Detail.Description)
		if a.Detail.Status != "" {
			s += " (" + a.Detail.Status + ")"
		}
		acts = append(acts, strings.TrimSpace(s))
	}
	notes = append(notes, c.Description, labelled("Activities", strings.Join(acts, "; ")), annotations(c.Note))
	e.Notes = joinNotes(notes...)
}

func contactNotes(tel []fhir.ContactPoint, addr []fhir.Address) string {
	var out []string
	for _, t := range tel {
		if t.Value != "" {
			out = append(out, labelled(firstOf(t.System, "contact"), t.Value))
		}
	}
	for _, a := range addr {
		out = append(out, labelled("address", a.String()))
	}
	return joinNotes(out...)
}

func mapPractitioner(p *fhir.Practitioner, e *record.Entry) {
	e.Category = record.Contact
	if len(p.Name) > 0 {
		e.Title = p.Name[0].Name()
		if len(p.Name[0].Prefix) > 0 && !strings.Contains(e.Title, p.Name[0].Prefix[0]) {
			e.Title = p.Name[0].Prefix[0] + " " + e.Title
		}
	}
	e.Notes = contactNotes(p.Telecom, p.Address)
	e.Value = firstContact(p.Telecom)
}

// firstContact returns the contact point ranked first (rank 1), or "".
func firstContact(tel []fhir.ContactPoint) string {
	for _, t := range tel {
		if t.Rank == 1 {
			return strings.TrimSpace(t.Value)
		}
	}
	return ""
}

func mapOrganization(o *fhir.Organization, e *record.Entry) {
	e.Category = record.Contact
	e.Title = strings.TrimSpace(o.Name)
	e.Notes = contactNotes(o.Telecom, o.Address)
	e.Value = firstContact(o.Telecom)
}

// mapLocation makes a contact of a place of care: its name, kind,
// description, telecom and address.
func mapLocation(l *fhir.Location, e *record.Entry) {
	e.Category = record.Contact
	e.Title = strings.TrimSpace(l.Name)
	var kinds []string
	for i := range l.Type {
		kinds = append(kinds, l.Type[i].Best())
	}
	var addr []fhir.Address
	if l.Address != nil {
		addr = append(addr, *l.Address)
	}
	e.Notes = joinNotes(labelled("Kind", strings.Join(kinds, ", ")), l.Description, contactNotes(l.Telecom, addr))
	e.Value = firstContact(l.Telecom)
}

// patientProfile takes the person's name and date of birth; a partial
// birth date is left out (the profile needs a whole day).
func patientProfile(p *fhir.Patient) *record.Profile {
	prof := &record.Profile{}
	for _, n := range p.Name {
		if n.Use == "official" || n.Use == "usual" || prof.Name == "" {
			if name := n.Name(); name != "" && (prof.Name == "" || n.Use == "official") {
				prof.Name = name
			}
		}
	}
	if d, note := fhirDate(p.BirthDate); note == "" && len(d) >= 10 {
		prof.Born = d[:10]
	}
	return prof
}

// mapDiagnosticReport makes a result; the titles of its results are added
// to the notes in fhirMapper.finish. A report's presented form (a PDF) is
// kept as an attachment, or as a link when given by URL.
func mapDiagnosticReport(d *fhir.DiagnosticReport, e *record.Entry) []Blob {
	e.Category = record.Result
	e.Title = d.Code.Best()
	setCode(e, d.Code)
	e.Status = d.Status
	notes := []string{}
	ps, pe := periodOf(d.EffectivePeriod)
	setDates(e, firstOf(d.EffectiveDateTime, ps, d.Issued), pe, &notes)
	notes = append(notes, labelled("Conclusion", d.Conclusion))
	var blobs []Blob
	for i, a := range d.PresentedForm {
		if len(a.Data) > 0 {
			blobs = append(blobs, Blob{Name: blobName(a, e.Title, i), Type: a.ContentType, Data: a.Data})
		}
		if a.URL != "" {
			e.Links = append(e.Links, a.URL)
		}
	}
	e.Notes = joinNotes(notes...)
	return blobs
}
