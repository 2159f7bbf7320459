package fhir

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// writer makes the resources of entries.
type writer struct {
	patientURL string
	created    time.Time
	kinds      func(*record.Entry) []record.Kind
	files      func(record.Attachment) ([]byte, error)
	// fileURL, when set, names where each attachment's file lies beside
	// the resources (an archive's relative path).
	fileURL func(*record.Entry, record.Attachment) string
}

// entry makes the FHIR resource of one entry. It carries the entry's title,
// dates, status, value, codes, notes, components, range and interpretation,
// a narrative, and its sensitive kinds as security labels; never the
// entry's id, tags, source or original JSON.
func (w *writer) entry(e *record.Entry, id string) (builtEntry, error) {
	date, err := when.NormalizeDate(e.Date)
	if err != nil {
		return builtEntry{}, fmt.Errorf("entry %s has an unreadable date: fix it with phr edit", e.ID)
	}
	end, err := when.NormalizeDate(e.End)
	if err != nil {
		return builtEntry{}, fmt.Errorf("entry %s has an unreadable end date: fix it with phr edit", e.ID)
	}
	b := builtEntry{url: "urn:uuid:" + id, title: e.Title, date: date, value: shownValue(e)}
	b.res, b.more, err = w.resource(e, id, dated{date, end}, b.value)
	if err != nil {
		return builtEntry{}, err
	}
	if len(e.Attachments) > 0 && e.Category != record.Document && e.Category != record.Note && (w.files != nil || w.fileURL != nil) {
		files, err := w.attachedFiles(e, b.url)
		if err != nil {
			return builtEntry{}, err
		}
		b.more = append(b.more, files)
	}
	return b, nil
}

// attachedFiles is the bundle entry of a DocumentReference that carries the
// files attached to an entry other than a document or note (a result's
// laboratory report, a scan of an allergy letter), related to the entry's
// resource at url: the files travel with the entry, in its section.
func (w *writer) attachedFiles(e *record.Entry, url string) (object, error) {
	content, err := w.attachments(e)
	if err != nil {
		return nil, err
	}
	id, err := NewUUID()
	if err != nil {
		return nil, err
	}
	about := "Files attached to " + orDefault(strings.TrimSpace(e.Title), "an entry")
	res := object{}.set("resourceType", "DocumentReference").set("id", id).
		set("text", narrative("generated", para(about))).
		set("status", "current").
		set("type", object{}.set("text", "Attached files")).
		set("subject", ref(w.patientURL)).
		set("description", about).
		set("content", content).
		set("context", object{}.set("related", []object{ref(url)}))
	return object{}.set("fullUrl", "urn:uuid:"+id).set("resource", res), nil
}

// shownValue is what the narrative and the section's table say beside an
// entry's title: its value, or how a medication is taken, or an allergy's
// reaction and its severity.
func shownValue(e *record.Entry) string {
	v := strings.TrimSpace(e.Value + " " + e.Unit)
	switch {
	case v != "":
		return v
	case e.Dosage() != "":
		return e.Dosage()
	case e.Reaction != "" && e.Severity != "":
		return e.Reaction + " (" + e.Severity + ")"
	}
	return e.Reaction
}

// lastChanged is when an entry was last changed: Updated, else Created.
func lastChanged(e *record.Entry) time.Time {
	if !e.Updated.IsZero() {
		return e.Updated
	}
	return e.Created
}

// resource makes an entry's resource, and any resource it needs beside it;
// shown is shownValue(e).
func (w *writer) resource(e *record.Entry, id string, d dated, shown string) (object, []object, error) {
	date, end := d.date, d.end
	status := strings.ToLower(strings.TrimSpace(e.Status))
	code := entryConcept(e)
	subject := ref(w.patientURL)
	summary := narrative("generated", para(summaryText(e.Title, date, shown)))
	head := func(resourceType, profile string) object {
		// lastUpdated, profile, security, in one object made once.
		meta := make(object, 0, 3)
		// When the entry last changed: the carer's "created".
		if t := lastChanged(e); !t.IsZero() {
			meta = meta.set("lastUpdated", t.UTC().Format(time.RFC3339))
		}
		if profile != "" {
			meta = meta.set("profile", []string{profile})
		}
		meta = append(meta, securityMeta(w.kinds(e))...)
		// Room for every member of the largest resource at once (an
		// Observation has up to 15): grown from 4 it was made three times.
		return make(object, 0, 16).set("resourceType", resourceType).set("id", id).set("meta", meta).set("text", summary)
	}
	// withNotes is the narrative of a resource that has no note element:
	// the summary, and the notes it carries ("additional": not found in
	// the structured data).
	withNotes := func(r object) object {
		if strings.TrimSpace(e.Notes) == "" {
			return r
		}
		return r.replace("text", narrative("additional", para(summaryText(e.Title, date, strings.TrimSpace(e.Value)))+notesBlock(e.Notes)))
	}

	switch e.Category {
	case record.Allergy:
		clinical := pick(status, "active", "inactive", "resolved")
		if clinical == "" {
			clinical = ifElse(end != "", "resolved", "active")
		}
		var reaction []object
		what := strings.TrimSpace(e.Reaction)
		if what == "" {
			what = strings.TrimSpace(e.Value) // an entry from before phr kept the reaction
		}
		if what == "" && e.Severity != "" {
			what = noReactionText // a reaction needs its manifestation
		}
		if what != "" {
			reaction = []object{object{}.set("manifestation", []object{object{}.set("text", what)}).
				set("severity", e.Severity)}
		}
		r := head("AllergyIntolerance", ipsProfile+"AllergyIntolerance-uv-ips").
			set("clinicalStatus", fixedConcept(systemAllergyClinical, clinical, "")).
			set("criticality", e.Criticality).
			set("code", code).set("patient", subject)
		return d.add(r, "onset").set("note", notes(e)).set("reaction", reaction), nil, nil

	case record.Medication:
		st := pick(status, "active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken")
		if st == "" {
			st = ifElse(end != "", "completed", "active")
		}
		r := head("MedicationStatement", ipsProfile+"MedicationStatement-uv-ips").set("status", st).
			set("medicationCodeableConcept", code).set("subject", subject)
		r = d.addOrAbsent(r, "effective")
		dose := dosage(e.Value, e.Unit, e.UnitCode)
		if e.Dosage() != "" {
			dose = dosageOf(e)
		}
		return r.set("note", notes(e)).set("dosage", dose), nil, nil

	case record.Condition:
		clinical := pick(status, "active", "recurrence", "relapse", "inactive", "remission", "resolved")
		if end != "" && !slices.Contains([]string{"inactive", "remission", "resolved"}, clinical) {
			clinical = "resolved"
		}
		if clinical == "" {
			clinical = "active"
		}
		return head("Condition", ipsProfile+"Condition-uv-ips").
			set("clinicalStatus", fixedConcept(systemCondClinical, clinical, "")).
			set("category", []object{fixedConcept(systemCondCategory, "problem-list-item", "Problem List Item")}).
			set("code", code).set("subject", subject).
			set("onsetDateTime", date).set("abatementDateTime", end).
			set("note", notes(e)), nil, nil

	case record.Immunization:
		st := pick(status, "completed", "not-done", "entered-in-error")
		if st == "" {
			st = "completed"
		}
		r := head("Immunization", ipsProfile+"Immunization-uv-ips").set("status", st).set("vaccineCode", code).set("patient", subject)
		if date != "" {
			r = r.set("occurrenceDateTime", date)
		} else {
			r = r.set("occurrenceString", "unknown")
		}
		r = r.set("note", notes(e))
		if v := strings.TrimSpace(e.Value); v != "" {
			r = r.set("protocolApplied", []object{object{}.set("doseNumberString", v)})
		}
		return r, nil, nil

	case record.Result, record.Measurement:
		return observation(e, head, d, status, subject, code), nil, nil

	case record.Procedure:
		st := pick(status, "preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown")
		if st == "" {
			st = "completed"
		}
		r := head("Procedure", ipsProfile+"Procedure-uv-ips").set("status", st).set("code", code).set("subject", subject)
		r = d.addOrAbsent(r, "performed")
		if v := strings.TrimSpace(e.Value); v != "" {
			r = r.set("outcome", object{}.set("text", v))
		}
		return r.set("note", notes(e)), nil, nil

	case record.Appointment:
		st := pick(status, "planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled", "entered-in-error", "unknown")
		if st == "" {
			st = encounterStatus(date, w.created)
		}
		var reason []object
		if v := strings.TrimSpace(e.Value); v != "" {
			reason = []object{object{}.set("text", v)}
		}
		return withNotes(head("Encounter", "")).
			set("status", st).
			set("class", coding(systemActCode, "AMB", "ambulatory")).
			set("type", []object{code}).
			set("subject", subject).
			set("period", object{}.set("start", date).set("end", end)).
			set("reasonCode", reason), nil, nil

	case record.Document:
		content, err := w.attachments(e)
		if err != nil {
			return nil, nil, err
		}
		return withNotes(head("DocumentReference", "")).
			set("status", "current").set("type", code).set("subject", subject).
			set("description", e.Title).set("content", content).
			set("context", object{}.set("period", object{}.set("start", date).set("end", end))), nil, nil

	case record.Contact:
		return contactResources(e, head, withNotes)

	case record.Note:
		att := object{}.set("contentType", "text/plain; charset=utf-8")
		if e.Notes != "" {
			att = att.set("data", base64.StdEncoding.EncodeToString([]byte(e.Notes)))
		}
		att = att.set("title", e.Title)
		// The note's text first, then the files attached to it when they
		// travel (not their bare names).
		content := []object{object{}.set("attachment", att)}
		if len(e.Attachments) > 0 && (w.files != nil || w.fileURL != nil) {
			files, err := w.attachments(e)
			if err != nil {
				return nil, nil, err
			}
			content = append(content, files...)
		}
		typ := withCoding(entryConcept(e), LOINC, noteLOINC, "Note")
		return head("DocumentReference", "").
			set("status", "current").set("type", typ).set("subject", subject).
			set("description", e.Title).
			set("content", content).
			set("context", object{}.set("period", object{}.set("start", date).set("end", end))), nil, nil
	}
	return nil, nil, fmt.Errorf("entry %s has an unknown category %q", e.ID, e.Category)
}

// attachments is a document's content: each file with its bytes inside
// when the caller gives them, else its name and type only.
func (w *writer) attachments(e *record.Entry) ([]object, error) {
	var content []object
	for _, a := range e.Attachments {
		att := object{}.set("contentType", a.Type)
		if w.fileURL != nil {
			att = att.set("url", w.fileURL(e, a)).set("size", json.Number(strconv.FormatInt(a.Size, 10)))
		}
		if w.files != nil {
			data, err := w.files(a)
			if err != nil {
				return nil, fmt.Errorf("attachment %q of entry %s: %w", a.Name, e.ID, err)
			}
			if data != nil {
				sum := sha1.Sum(data)
				att = att.set("data", base64.StdEncoding.EncodeToString(data)).
					set("size", json.Number(strconv.Itoa(len(data)))).
					set("hash", base64.StdEncoding.EncodeToString(sum[:]))
			}
		}
		title := e.Title
		if len(att) > 1 {
			title = orDefault(a.Name, e.Title) // the file travels, so does its name
		}
		content = append(content, object{}.set("attachment", att.set("title", title)))
	}
	if len(content) == 0 {
		content = []object{object{}.set("attachment", object{}.set("title", e.Title))}
	}
	return content, nil
}

// noteLOINC is the LOINC code "Note", the type of a note's DocumentReference.
const noteLOINC = "34109-9"

// observation makes a result (laboratory) or measurement (vital-signs). A
// blood pressure takes the vital-signs shape: LOINC 85354-9 with systolic
// 8480-6 and diastolic 8462-4 parts in mm[Hg], and no value of its own.
func observation(e *record.Entry, head func(string, string) object, d dated, status string, subject, code object) object {
	st := pick(status, "registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown")
	if st == "" {
		st = "final"
	}
	cat := obsLaboratory
	// No IPS result profile: Observation-results-laboratory-pathology-uv-ips
	// requires a performer (1..*), which phr does not keep as data, and a
	// value, a component or a dataAbsentReason (ips-2). Checked against
	// the hl7.fhir.uv.ips 2.0.0 snapshots, claiming it gave 1,568
	// performer errors over the fixtures' results.
	profile := ""
	var comps []object
	bp := e.Category == record.Measurement && IsBloodPressure(e)
	if e.Category == record.Measurement {
		cat = obsVitalSigns
		profile = ""
	}
	value := func(r object) object { return setValue(r, e.Value, e.Unit, e.UnitCode) }
	if bp {
		sys, dia := bloodPressureParts(e)
		if sys != nil && dia != nil {
			code = withCoding(code, LOINC, LOINCBloodPressure, "Blood pressure panel with all children optional")
			comps = []object{bpComponent(LOINCSystolic, "Systolic blood pressure", sys),
				bpComponent(LOINCDiastolic, "Diastolic blood pressure", dia)}
			if len(e.Components) == 2 && bpRole(e.Components[0]) == "diastolic" {
				comps[0], comps[1] = comps[1], comps[0] // the source's order
			}
			value = func(r object) object { return r }
			if d.date != "" {
				profile = vitalSignProfile + "bp"
			}
		}
	} else if e.Category == record.Measurement && d.date != "" {
		profile = vitalProfile(e)
	}
	r := head("Observation", profile)
	if x := statsExtension(e.Stats); x != nil {
		r = r.set("extension", []object{x})
	}
	r = r.set("status", st).set("category", cat).
		set("code", code).set("subject", subject)
	r = d.add(r, "effective")
	r = value(r)
	if v := strings.TrimSpace(e.Interpretation); v != "" {
		r = r.set("interpretation", []object{object{}.set("text", v)})
	}
	r = r.set("note", notes(e))
	if v := strings.TrimSpace(e.Range); v != "" {
		r = r.set("referenceRange", []object{object{}.set("text", v)})
	}
	if !bp || comps == nil {
		for _, comp := range e.Components {
			comps = append(comps, setValue(object{}.set("code", codesConcept(comp.Code, comp.Codings, comp.Title)),
				comp.Value, comp.Unit, comp.UnitCode))
		}
	}
	return r.set("component", comps)
}

// An observation's category, made once for the 100,000 of a lifetime:
// clipped, so that setting a member on one (which no code does) would copy
// it rather than write into the shared one.
var (
	obsLaboratory = slices.Clip([]object{slices.Clip(fixedConcept(systemObsCategory, "laboratory", "Laboratory"))})
	obsVitalSigns = slices.Clip([]object{slices.Clip(fixedConcept(systemObsCategory, "vital-signs", "Vital Signs"))})
)

// vitalProfile returns the R4 vital-signs profile a measurement fits: its
// LOINC code calls for one and its value is a quantity in a unit that
// profile allows. Otherwise "".
func vitalProfile(e *record.Entry) string {
	if !isDecimal(strings.TrimSpace(e.Value)) {
		return ""
	}
	unit := e.UnitCode
	if unit == "" {
		unit = UCUMCode(e.Unit)
	}
	profile := ""
	anyCode(e, func(c record.Code) bool {
		if record.ShortSystem(c.System) != "loinc" {
			return false
		}
		if v, ok := vitalOf(c.Code); ok && v.profile != "bp" && slices.Contains(v.units, unit) {
			profile = vitalSignProfile + v.profile
			return true
		}
		return false
	})
	return profile
}

// anyCode reports whether f holds for the entry's code or any of its
// codings, in the order of e.AllCodes, without making AllCodes' list: for a
// question about one code, its merging of repeats changes no answer.
func anyCode(e *record.Entry, f func(record.Code) bool) bool {
	if e.Code != nil && f(*e.Code) {
		return true
	}
	return slices.ContainsFunc(e.Codings, f)
}

// bpPart is one part of a blood pressure: its value and unit.
type bpPart struct{ title, value, unit, unitCode string }

// bloodPressureParts finds a blood pressure's systolic and diastolic
// values: its components (by code or title), else its value "142/91". A
// part is nil when it is missing or not a number.
func bloodPressureParts(e *record.Entry) (sys, dia *bpPart) {
	for _, c := range e.Components {
		p := &bpPart{c.Title, strings.TrimSpace(c.Value), c.Unit, c.UnitCode}
		if !isDecimal(p.value) || !inMmHg(p.unit, p.unitCode) {
			continue
		}
		switch bpRole(c) {
		case "systolic":
			sys = p
		case "diastolic":
			dia = p
		}
	}
	if len(e.Components) == 0 {
		s, d, ok := strings.Cut(strings.TrimSpace(e.Value), "/")
		s, d = strings.TrimSpace(s), strings.TrimSpace(d)
		if ok && isDecimal(s) && isDecimal(d) && inMmHg(e.Unit, e.UnitCode) {
			sys, dia = &bpPart{"Systolic", s, e.Unit, e.UnitCode}, &bpPart{"Diastolic", d, e.Unit, e.UnitCode}
		}
	}
	return sys, dia
}

// inMmHg reports whether a blood pressure's unit is mm[Hg] or not given.
func inMmHg(unit, code string) bool {
	if code == "" {
		code = UCUMCode(unit)
	}
	return code == "mm[Hg]" || code == "" && strings.TrimSpace(unit) == ""
}

// bpComponent is a blood pressure part in mm[Hg].
func bpComponent(code, display string, p *bpPart) object {
	unit := strings.TrimSpace(p.unit)
	if unit == "" {
		unit = "mmHg"
	}
	q := object{}.set("value", json.Number(p.value)).set("unit", unit).set("system", UCUM).set("code", "mm[Hg]")
	return object{}.set("code", fixedConcept(LOINC, code, display).set("text", p.title)).set("valueQuantity", q)
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

// addOrAbsent is add, or the data-absent-reason "unknown" on
// prefix+"DateTime" when there is no date (for elements IPS requires).
func (d dated) addOrAbsent(r object, prefix string) object {
	if d.date == "" && d.end == "" {
		return r.set("_"+prefix+"DateTime", object{}.set("extension", []object{dataAbsent("unknown")}))
	}
	return d.add(r, prefix)
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
		code = UCUMCode(unit)
	}
	q := object{}.set("value", json.Number(value)).set("unit", unit)
	if code != "" {
		q = q.set("system", UCUM).set("code", code)
	}
	return q
}

// noReactionText is the manifestation of an allergy's reaction whose
// severity is known but not what it was (FHIR needs one).
const noReactionText = "not described"

// dosageOf is how a medication is taken: the whole in words (its text,
// which also tells a reader it holds the parts below), the dose as a
// quantity or a range, the route and the frequency as text.
func dosageOf(e *record.Entry) []object {
	d := object{}.set("text", e.Dosage())
	if dose, err := record.ParseDose(e.Dose); err == nil && e.Dose != "" {
		low := quantity(dose.Low, dose.Unit, "")
		if dose.High == "" {
			d = d.set("doseAndRate", []object{object{}.set("doseQuantity", low)})
		} else {
			d = d.set("doseAndRate", []object{object{}.set("doseRange",
				object{}.set("low", low).set("high", quantity(dose.High, dose.Unit, "")))})
		}
	}
	if e.Frequency != "" {
		d = d.set("timing", object{}.set("code", object{}.set("text", e.Frequency)))
	}
	if e.Route != "" {
		d = d.set("route", object{}.set("text", e.Route))
	}
	return []object{d}
}

// dosage is a medication's dose: a quantity when numeric, text otherwise.
func dosage(value, unit, unitCode string) []object {
	value, unit = strings.TrimSpace(value), strings.TrimSpace(unit)
	if value == "" {
		return nil
	}
	if isDecimal(value) {
		q := quantity(value, unit, unitCode)
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

// StatsURL names phr's extension on an Observation that summarises a day
// of samples (record.Stats: what the value is, the count, the lowest and
// the highest), so an extract or archive keeps them.
const StatsURL = "urn:phr:fhir:StructureDefinition:stats"

func statsExtension(st *record.Stats) object {
	if st == nil {
		return nil
	}
	parts := []object{object{}.set("url", "of").set("valueString", st.Of),
		object{}.set("url", "count").set("valueInteger", st.Count)}
	if st.Min != "" {
		parts = append(parts, object{}.set("url", "min").set("valueString", st.Min))
	}
	if st.Max != "" {
		parts = append(parts, object{}.set("url", "max").set("valueString", st.Max))
	}
	return object{}.set("url", StatsURL).set("extension", parts)
}
