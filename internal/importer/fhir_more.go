package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// The resources below were left out before (issue 20); each now becomes
// an entry, so that what a clinician recorded reaches the record.

// narrativeOf returns a resource's XHTML narrative as plain text.
func narrativeOf(n *fhir.Narrative) string {
	if n == nil {
		return ""
	}
	return narrativeText([]byte(n.Div))
}

func mapGoal(g *fhir.Goal, e *record.Entry) {
	e.Category = record.Note
	e.Title = "Goal: " + orDefault(g.Description.Best(), "(no description in the file)")
	setCode(e, g.Description)
	e.Status = firstOf(g.LifecycleStatus, g.Status)
	notes := []string{}
	setDates(e, g.StartDate, "", &notes)
	var cats []string
	for i := range g.Category {
		cats = append(cats, g.Category[i].Best())
	}
	notes = append(notes, labelled("Category", strings.Join(cats, ", ")))
	for _, t := range g.Target {
		v, u := quantity(t.DetailQty)
		s := strings.TrimSpace(firstOf(t.DetailString, v+" "+u))
		s = strings.TrimSpace(strings.TrimSpace(t.Measure.Best()+" "+s) + " " + labelled("by", t.DueDate))
		notes = append(notes, labelled("Target", s))
	}
	e.Notes = joinNotes(append(notes, annotations(g.Note))...)
}

func mapCareTeam(c *fhir.CareTeam, e *record.Entry) {
	e.Category = record.Contact
	e.Title = orDefault(c.Name, "Care team")
	e.Status = c.Status
	notes := []string{}
	ps, pe := periodOf(c.Period)
	setDates(e, ps, pe, &notes)
	for _, p := range c.Participant {
		var roles []string
		for i := range p.Role {
			roles = append(roles, p.Role[i].Best())
		}
		who := ""
		if p.Member != nil {
			who = strings.TrimSpace(p.Member.Display)
		}
		if s := strings.TrimSpace(strings.Join(roles, ", ")); s != "" {
			who = strings.TrimSpace(who + " (" + s + ")")
		}
		notes = append(notes, labelled("Member", who))
	}
	notes = append(notes, contactNotes(c.Telecom, nil), annotations(c.Note))
	e.Notes = joinNotes(notes...)
}

func mapFamilyHistory(f *fhir.FamilyMemberHistory, e *record.Entry) {
	e.Category = record.Note
	who := orDefault(f.Relationship.Best(), "a relative")
	if n := strings.TrimSpace(f.Name); n != "" {
		who += " (" + n + ")"
	}
	var conds, condNotes []string
	for i, c := range f.Condition {
		if i == 0 {
			setCode(e, c.Code)
		}
		s := c.Code.Best()
		if c.OnsetAge != nil {
			v, u := quantity(c.OnsetAge)
			s += ", from age " + strings.TrimSpace(v+" "+u)
		}
		if c.OnsetString != "" {
			s += ", " + c.OnsetString
		}
		if o := c.Outcome.Best(); o != "" {
			s += ", " + o
		}
		if c.ContributedTo != nil && *c.ContributedTo {
			s += ", contributed to death"
		}
		if n := strings.Join(strings.Fields(annotations(c.Note)), " "); n != "" {
			condNotes = append(condNotes, labelled(orDefault(c.Code.Best(), "Condition"), n))
		}
		conds = append(conds, strings.TrimSpace(s))
	}
	e.Title = "Family history: " + who
	if len(conds) > 0 {
		e.Title += ": " + conds[0]
	}
	e.Status = f.Status
	notes := []string{}
	setDates(e, f.Date, "", &notes)
	if len(conds) > 1 {
		notes = append(notes, labelled("Conditions", strings.Join(conds, "; ")))
	}
	if f.Deceased != nil && *f.Deceased {
		notes = append(notes, "deceased")
	}
	notes = append(notes, condNotes...)
	e.Notes = joinNotes(append(notes, annotations(f.Note))...)
}

// qrAnswers writes a questionnaire's answers, one "question: answer" a line.
func qrAnswers(items []fhir.QRItem, out *[]string) {
	for _, it := range items {
		var ans []string
		for _, a := range it.Answer {
			switch {
			case a.ValueString != "":
				ans = append(ans, a.ValueString)
			case a.ValueCoding != nil:
				ans = append(ans, firstOf(a.ValueCoding.Display, a.ValueCoding.Code))
			case a.ValueInteger != nil:
				ans = append(ans, strconv.FormatInt(*a.ValueInteger, 10))
			case a.ValueDecimal != "":
				ans = append(ans, plainDecimal(string(a.ValueDecimal)))
			case a.ValueBoolean != nil:
				ans = append(ans, map[bool]string{true: "yes", false: "no"}[*a.ValueBoolean])
			case a.ValueQty != nil:
				v, u := quantity(a.ValueQty)
				ans = append(ans, strings.TrimSpace(v+" "+u))
			default:
				ans = append(ans, firstOf(a.ValueDate, a.ValueDT))
			}
			qrAnswers(a.Item, out)
		}
		q := firstOf(it.Text, it.LinkID)
		if a := strings.TrimSpace(strings.Join(ans, ", ")); a != "" {
			*out = append(*out, q+": "+a)
		}
		qrAnswers(it.Item, out)
	}
}

func mapQuestionnaireResponse(q *fhir.QuestionnaireResponse, e *record.Entry) {
	e.Category = record.Result
	name := q.Questionnaire
	if i := strings.LastIndexAny(name, "/|"); i >= 0 && i+1 < len(name) && strings.Contains(name, "/") {
		name = name[strings.LastIndex(name, "/")+1:]
		name = strings.SplitN(name, "|", 2)[0]
	}
	e.Title = "Questionnaire answers"
	if name = strings.TrimSpace(name); name != "" {
		e.Title += ": " + name
	}
	e.Status = q.Status
	notes := []string{}
	setDates(e, q.Authored, "", &notes)
	qrAnswers(q.Item, &notes)
	e.Notes = joinNotes(notes...)
}

func mapDevice(d *fhir.Device, e *record.Entry) {
	e.Category = record.Note
	name := ""
	for _, n := range d.DeviceName {
		if name = strings.TrimSpace(n.Name); name != "" {
			break
		}
	}
	e.Title = "Device: " + orDefault(firstOf(name, d.Type.Best()), "(no name in the file)")
	setCode(e, d.Type)
	e.Status = d.Status
	notes := []string{}
	var udi []string
	for _, u := range d.UdiCarrier {
		udi = append(udi, firstOf(u.CarrierHRF, u.DeviceIdentifier))
	}
	notes = append(notes, labelled("Manufacturer", d.Manufacturer), labelled("Model", d.ModelNumber),
		labelled("Lot", d.LotNumber), labelled("Made", d.ManufactureDate), labelled("Expires", d.ExpirationDate),
		labelled("UDI", strings.Join(udi, ", ")), labelled("Identifier", d.DistinctID), annotations(d.Note))
	e.Notes = joinNotes(notes...)
}

func mapServiceRequest(s *fhir.ServiceRequest, e *record.Entry) {
	e.Category = record.Procedure
	e.Title = s.Code.Best()
	setCode(e, s.Code)
	e.Status = s.Status
	notes := []string{"Requested (" + orDefault(s.Intent, "order") + "); the file does not say it was done"}
	ps, pe := periodOf(s.OccurrencePeriod)
	setDates(e, firstOf(s.OccurrenceDT, ps, s.AuthoredOn), pe, &notes)
	var cats, reasons []string
	for i := range s.Category {
		cats = append(cats, s.Category[i].Best())
	}
	for i := range s.ReasonCode {
		reasons = append(reasons, s.ReasonCode[i].Best())
	}
	notes = append(notes, labelled("Category", strings.Join(cats, ", ")), labelled("Reason", strings.Join(reasons, "; ")),
		labelled("Instructions", s.PatientInstruction), annotations(s.Note))
	e.Notes = joinNotes(notes...)
}

func mapMedicationAdministration(a *fhir.MedicationAdministration, e *record.Entry) *fhir.Reference {
	e.Category = record.Medication
	cc, ref := medicationConcept(a.MedicationChoice, containedMeds(a.Base))
	e.Title = cc.Best()
	setCode(e, cc)
	e.Status = a.Status
	notes := []string{"Given (a single administration)"}
	ps, pe := periodOf(a.EffectivePeriod)
	setDates(e, firstOf(a.EffectiveDateTime, ps), pe, &notes)
	if d := a.Dosage; d != nil {
		if dose, ok := doseOf(d.Dose, nil); ok {
			e.Dose = dose
		} else {
			notes = append(notes, labelled("Dose", dose))
		}
		e.Route = d.Route.Best()
		notes = append(notes, labelled("Dosage", d.Text))
	}
	e.Notes = joinNotes(append(notes, annotations(a.Note))...)
	return ref
}

// compositionSections writes each section's title and narrative.
func compositionSections(secs []fhir.CompositionSection, out *[]string) {
	for _, s := range secs {
		text := narrativeOf(s.Text)
		title := firstOf(s.Title, s.Code.Best())
		if text != "" {
			*out = append(*out, strings.TrimSpace(title+":\n"+text))
		}
		compositionSections(s.Section, out)
	}
}

// mapComposition makes a document of a document bundle's Composition,
// its notes the narrative of every section, so that text written only
// there is kept.
func mapComposition(c *fhir.Composition, e *record.Entry) {
	e.Category = record.Document
	e.Title = firstOf(c.Title, c.Type.Best(), "Clinical document")
	setCode(e, c.Type)
	e.Status = c.Status
	notes := []string{}
	setDates(e, c.Date, "", &notes)
	compositionSections(c.Section, &notes)
	e.Notes = joinNotes(notes...)
}

// mapBinary makes a document whose attachment is the file.
func mapBinary(b *fhir.Binary, e *record.Entry) []Blob {
	e.Category = record.Document
	data := b.Data
	if len(data) == 0 {
		data = b.Content
	}
	e.Title = "File (" + orDefault(b.ContentType, "unknown type") + ")"
	if len(data) == 0 {
		e.Notes = "The file is empty."
		return nil
	}
	// Original would hold the file a second time; the attachment has it.
	e.Original = fmt.Sprintf(`{"resourceType":"Binary","id":%q,"contentType":%q,"bytes":%d,"sha256":%q}`,
		b.ID, b.ContentType, len(data), contentID(data))
	return []Blob{{Name: blobName(fhir.Attachment{ContentType: b.ContentType}, orDefault(b.ID, "file"), 0), Type: b.ContentType, Data: data}}
}

func mapFlag(f *fhir.Flag, e *record.Entry) {
	e.Category = record.Note
	e.Title = "Alert: " + orDefault(f.Code.Best(), "(no text in the file)")
	setCode(e, f.Code)
	e.Status = f.Status
	notes := []string{}
	ps, pe := periodOf(f.Period)
	setDates(e, ps, pe, &notes)
	var cats []string
	for i := range f.Category {
		cats = append(cats, f.Category[i].Best())
	}
	e.Notes = joinNotes(append(notes, labelled("Category", strings.Join(cats, ", ")))...)
}

func mapImagingStudy(s *fhir.ImagingStudy, e *record.Entry) {
	e.Category = record.Result
	var mods, parts []string
	for _, m := range s.Modality {
		mods = append(mods, firstOf(m.Display, m.Code))
	}
	for _, se := range s.Series {
		p := se.Description
		if se.Modality != nil {
			p = strings.TrimSpace(firstOf(se.Modality.Display, se.Modality.Code) + " " + p)
		}
		if se.BodySite != nil {
			p = strings.TrimSpace(p + " of " + firstOf(se.BodySite.Display, se.BodySite.Code))
		}
		parts = append(parts, p)
	}
	var pc *fhir.CodeableConcept
	if len(s.ProcedureCode) > 0 {
		pc = &s.ProcedureCode[0]
	}
	e.Title = firstOf(s.Description, pc.Best(), "Imaging study")
	setCode(e, pc)
	e.Status = s.Status
	notes := []string{}
	setDates(e, s.Started, "", &notes)
	notes = append(notes, labelled("Modality", strings.Join(mods, ", ")), labelled("Series", strings.Join(parts, "; ")))
	e.Notes = joinNotes(notes...)
}

func mapPractitionerRole(r *fhir.PractitionerRole, e *record.Entry) {
	e.Category = record.Contact
	var who []string
	for _, ref := range []*fhir.Reference{r.Practitioner, r.Organization} {
		if ref != nil && strings.TrimSpace(ref.Display) != "" {
			who = append(who, strings.TrimSpace(ref.Display))
		}
	}
	var roles []string
	for i := range r.Code {
		roles = append(roles, r.Code[i].Best())
	}
	for i := range r.Specialty {
		roles = append(roles, r.Specialty[i].Best())
	}
	e.Title = orDefault(strings.Join(who, ", "), "Practitioner role")
	e.Notes = joinNotes(labelled("Role", strings.Join(roles, ", ")), contactNotes(r.Telecom, nil))
}

// patientDetails makes a note of what a Patient says beyond name and
// birth date (gender, address, telecom, contacts), which the profile has
// no field for; ok is false when there is nothing more. The first
// contact (next of kin, emergency contact) is also offered as the
// profile's emergency contact.
func patientDetails(p *fhir.Patient, prof *record.Profile, e *record.Entry) bool {
	e.Category = record.Note
	e.Title = "Personal details"
	notes := []string{labelled("Gender", p.Gender), contactNotes(p.Telecom, p.Address)}
	for i, c := range p.Contact {
		var rel []string
		for j := range c.Relationship {
			rel = append(rel, c.Relationship[j].Best())
		}
		name := ""
		if c.Name != nil {
			name = c.Name.Name()
		}
		var how []string
		for _, t := range c.Telecom {
			if t.Value != "" {
				how = append(how, t.Value)
			}
		}
		if c.Address != nil {
			how = append(how, c.Address.String())
		}
		s := strings.TrimSpace(name)
		if r := strings.Join(rel, ", "); r != "" {
			s = strings.TrimSpace(s + " (" + r + ")")
		}
		if h := strings.Join(how, ", "); h != "" {
			s = strings.TrimSpace(s + ": " + h)
		}
		notes = append(notes, labelled("Contact", s))
		if i == 0 && prof != nil && prof.EmergencyContact == "" && s != "" {
			prof.EmergencyContact = s
		}
	}
	e.Notes = joinNotes(notes...)
	return e.Notes != ""
}
