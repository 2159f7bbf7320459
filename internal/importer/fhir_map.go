package importer

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
)

// fhirMapper turns FHIR resources into entries. References between
// resources (a MedicationStatement naming a Medication, a DiagnosticReport
// listing its Observations) may point forwards in a bundle, so they are
// resolved in finish, once every entry has been read.
type fhirMapper struct {
	name string
	now  time.Time
	res  *Result

	meds     map[string]*medRef // Medication resources by fullUrl and Type/id
	titles   map[string]string  // titles of mapped resources, by fullUrl and Type/id
	medCount int                // Medication resources read
	lines    bool               // NDJSON: index is a line number less one
	pendMeds []pendingMed
	pendRefs []pendingRefs
	// docLabels are the security labels of the document as a whole: the
	// Bundle's meta.security and its Composition's. Every entry of the
	// document carries them, as a C-CDA entry carries its document's
	// confidentialityCode.
	docLabels []record.Code
	// producer names who wrote a document: its Composition's custodian,
	// else its author, named in finish like any reference.
	producer []fhir.Reference
}

type medRef struct {
	med  fhir.Medication
	used bool
}

type pendingMed struct {
	item int
	ref  fhir.Reference
}

func newFHIRMapper(name string, now time.Time) *fhirMapper {
	return &fhirMapper{name: name, now: now, res: newResult(FHIR),
		meds: map[string]*medRef{}, titles: map[string]string{}}
}

// head is the part of every resource read before its type is known.
type head struct {
	ResourceType string     `json:"resourceType"`
	ID           string     `json:"id"`
	Meta         *fhir.Meta `json:"meta"`
	// SecurityLabel is DocumentReference's (and Consent's) own list of
	// labels, beside meta.security.
	SecurityLabel []fhir.CodeableConcept `json:"securityLabel"`
}

// addDocLabels adds labels that hold for the whole document.
func (m *fhirMapper) addDocLabels(ls []record.Code) {
	for _, l := range ls {
		m.docLabels = record.AddCoding(m.docLabels, l)
	}
}

// labels returns the resource's security labels: meta.security and
// securityLabel, each once.
func (h *head) labels() []record.Code {
	var out []record.Code
	add := func(c fhir.Coding) {
		if c.Code != "" {
			out = record.AddCoding(out, record.Code{System: c.System, Code: c.Code, Display: strings.TrimSpace(c.Display)})
		}
	}
	if h.Meta != nil {
		for _, c := range h.Meta.Security {
			add(c)
		}
	}
	for _, cc := range h.SecurityLabel {
		for _, c := range cc.Coding {
			add(c)
		}
	}
	return out
}

// add maps one resource. index is its place in Bundle.entry (-1 for a file
// holding one resource), fullURL its Bundle.entry.fullUrl.
func (m *fhirMapper) add(index int, fullURL string, raw json.RawMessage) error {
	where := "the resource"
	switch {
	case m.lines:
		where = fmt.Sprintf("line %d", index+1)
	case index >= 0:
		where = fmt.Sprintf("bundle entry %d", index)
	}
	var h head
	if err := json.Unmarshal(raw, &h); err != nil {
		return m.decodeError(where, "", raw, err)
	}
	if h.ResourceType == "" {
		return fmt.Errorf("import %s: %s has no resourceType", m.name, where)
	}
	if isDSTU2Only(h.ResourceType) {
		return m.dstu2Error(where, h.ResourceType+" is a DSTU2 resource")
	}
	key := h.ResourceType
	m.res.tally(key).Read++
	if why := fhirSkipReason(key, raw); why != "" {
		m.res.skip(key, why)
		return nil
	}
	id, former := sourceID(h, fullURL, raw)
	e := record.Entry{Source: string(FHIR), SourceID: id, Original: string(compactJSON(raw))}
	if up, ok := stu3ToR4(key, raw); ok {
		raw = up
		m.res.Version = "STU3"
	}
	var blobs []Blob
	var results []fhir.Reference // a report's results, a panel's members
	var err error
	decode := func(v any) bool {
		if err = json.Unmarshal(raw, v); err != nil {
			err = m.decodeError(where, h.ResourceType, raw, err)
			return false
		}
		if r, ok := v.(interface{ SetRaw(json.RawMessage) }); ok {
			r.SetRaw(raw)
		}
		return true
	}
	switch h.ResourceType {
	case "Patient":
		var p fhir.Patient
		if !decode(&p) {
			return err
		}
		if m.res.Profile != nil {
			m.res.unmapped(key, "Patient (a second person)")
			return nil
		}
		m.res.Profile = patientProfile(&p)
		if !patientDetails(&p, m.res.Profile, &e) {
			m.res.tally(key).Merged++
			return nil
		}
	case "Medication":
		var med fhir.Medication
		if !decode(&med) {
			return err
		}
		ref := &medRef{med: med}
		for _, k := range refKeys(h, fullURL) {
			m.meds[k] = ref
		}
		m.medCount++
		return nil
	case "Condition":
		var c fhir.Condition
		if !decode(&c) {
			return err
		}
		mapCondition(&c, &e)
	case "MedicationStatement":
		var s fhir.MedicationStatement
		if !decode(&s) {
			return err
		}
		if ref := mapMedicationStatement(&s, &e); ref != nil {
			m.pendMeds = append(m.pendMeds, pendingMed{item: len(m.res.Items), ref: *ref})
		}
	case "MedicationRequest":
		var q fhir.MedicationRequest
		if !decode(&q) {
			return err
		}
		if ref := mapMedicationRequest(&q, &e); ref != nil {
			m.pendMeds = append(m.pendMeds, pendingMed{item: len(m.res.Items), ref: *ref})
		}
	case "AllergyIntolerance":
		var a fhir.AllergyIntolerance
		if !decode(&a) {
			return err
		}
		mapAllergy(&a, &e)
	case "Immunization":
		var im fhir.Immunization
		if !decode(&im) {
			return err
		}
		if im.OccurrenceDateTime == "" && im.OccurrenceString == "" && looksDSTU2Immunization(raw) {
			return m.dstu2Error(where, "Immunization has date and wasNotGiven")
		}
		mapImmunization(&im, &e)
	case "Observation":
		var o fhir.Observation
		if !decode(&o) {
			return err
		}
		mapObservation(&o, &e)
		results = o.HasMember
	case "DiagnosticReport":
		var d fhir.DiagnosticReport
		if !decode(&d) {
			return err
		}
		blobs = mapDiagnosticReport(&d, &e)
		results = d.Result
	case "Procedure":
		var p fhir.Procedure
		if !decode(&p) {
			return err
		}
		mapProcedure(&p, &e)
	case "Encounter":
		var en fhir.Encounter
		if !decode(&en) {
			return err
		}
		mapEncounter(&en, &e, m.now)
	case "DocumentReference":
		var d fhir.DocumentReference
		if !decode(&d) {
			return err
		}
		blobs = mapDocumentReference(&d, &e)
	case "CarePlan":
		var c fhir.CarePlan
		if !decode(&c) {
			return err
		}
		mapCarePlan(&c, &e)
	case "Practitioner":
		var p fhir.Practitioner
		if !decode(&p) {
			return err
		}
		mapPractitioner(&p, &e)
	case "Organization":
		var o fhir.Organization
		if !decode(&o) {
			return err
		}
		mapOrganization(&o, &e)
	case "Location":
		var l fhir.Location
		if !decode(&l) {
			return err
		}
		mapLocation(&l, &e)
	case "Goal":
		var g fhir.Goal
		if !decode(&g) {
			return err
		}
		mapGoal(&g, &e)
	case "CareTeam":
		var c fhir.CareTeam
		if !decode(&c) {
			return err
		}
		mapCareTeam(&c, &e)
	case "FamilyMemberHistory":
		var f fhir.FamilyMemberHistory
		if !decode(&f) {
			return err
		}
		mapFamilyHistory(&f, &e)
	case "QuestionnaireResponse":
		var q fhir.QuestionnaireResponse
		if !decode(&q) {
			return err
		}
		mapQuestionnaireResponse(&q, &e)
	case "Device":
		var d fhir.Device
		if !decode(&d) {
			return err
		}
		mapDevice(&d, &e)
	case "ServiceRequest":
		var q fhir.ServiceRequest
		if !decode(&q) {
			return err
		}
		mapServiceRequest(&q, &e)
	case "MedicationAdministration":
		var a fhir.MedicationAdministration
		if !decode(&a) {
			return err
		}
		if ref := mapMedicationAdministration(&a, &e); ref != nil {
			m.pendMeds = append(m.pendMeds, pendingMed{item: len(m.res.Items), ref: *ref})
		}
	case "Composition":
		var c fhir.Composition
		if !decode(&c) {
			return err
		}
		// A document's labels hold for every entry of it.
		m.addDocLabels(h.labels())
		mapComposition(&c, &e)
		var who struct {
			Custodian *fhir.Reference  `json:"custodian"`
			Author    []fhir.Reference `json:"author"`
		}
		if json.Unmarshal(raw, &who) == nil && len(m.producer) == 0 {
			if who.Custodian != nil {
				m.producer = append(m.producer, *who.Custodian)
			}
			m.producer = append(m.producer, who.Author...)
		}
	case "Binary":
		var b fhir.Binary
		if !decode(&b) {
			return err
		}
		blobs = mapBinary(&b, &e)
	case "Flag":
		var f fhir.Flag
		if !decode(&f) {
			return err
		}
		mapFlag(&f, &e)
	case "ImagingStudy":
		var s fhir.ImagingStudy
		if !decode(&s) {
			return err
		}
		mapImagingStudy(&s, &e)
	case "PractitionerRole":
		var r fhir.PractitionerRole
		if !decode(&r) {
			return err
		}
		mapPractitionerRole(&r, &e)
	default:
		m.res.unmapped(key, key)
		if key == "Specimen" {
			// Not an entry, but results name it: "Specimen: Blood,
			// collected 2024-01-02".
			m.nameOnly(h, fullURL, raw, specimenLabel(raw))
		}
		return nil
	}
	m.res.tally(key).Imported++
	e.Labels = h.labels()
	label := refLabel(h.ResourceType, &e)
	for _, k := range refKeys(h, fullURL) {
		m.titles[k] = label
	}
	for _, k := range identifierKeys(raw) {
		if _, ok := m.titles[k]; !ok {
			m.titles[k] = label
		}
	}
	roles := collectRoles(raw)
	if h.ResourceType == "CareTeam" {
		// A care team's participants are its members, listed already.
		roles = slices.DeleteFunc(roles, func(r roleRef) bool { return r.words == "Seen by" })
	}
	if len(roles) > 0 || len(results) > 0 {
		m.pendRefs = append(m.pendRefs, pendingRefs{item: len(m.res.Items), results: results, roles: roles})
	}
	it := Item{Entry: e, Attachments: blobs}
	if former != "" {
		it.FormerSourceIDs = []string{former}
	}
	m.res.Items = append(m.res.Items, it)
	return nil
}

// nameOnly lets references find a resource that is no entry by label.
func (m *fhirMapper) nameOnly(h head, fullURL string, raw json.RawMessage, label string) {
	if label == "" {
		return
	}
	for _, k := range refKeys(h, fullURL) {
		if _, ok := m.titles[k]; !ok {
			m.titles[k] = label
		}
	}
	for _, k := range identifierKeys(raw) {
		if _, ok := m.titles[k]; !ok {
			m.titles[k] = label
		}
	}
}

// specimenLabel names a Specimen by its type and the day it was taken.
func specimenLabel(raw json.RawMessage) string {
	var s struct {
		Type       *fhir.CodeableConcept `json:"type"`
		Collection struct {
			CollectedDateTime string       `json:"collectedDateTime"`
			CollectedPeriod   *fhir.Period `json:"collectedPeriod"`
		} `json:"collection"`
		ReceivedTime string `json:"receivedTime"`
	}
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	t := s.Type.Best()
	if t == "" {
		return ""
	}
	start, _ := periodOf(s.Collection.CollectedPeriod)
	if d, _ := fhirDate(firstOf(s.Collection.CollectedDateTime, start)); len(d) >= 10 {
		return t + ", collected " + d[:10]
	}
	return t
}

// finish resolves references, fills missing titles and suggests sensitive
// kinds, once every resource has been read.
func (m *fhirMapper) finish() *Result {
	items := m.res.Items
	for _, p := range m.pendMeds {
		e := &items[p.item].Entry
		if ref, ok := m.meds[p.ref.Reference]; ok {
			ref.used = true
			applyMedication(&ref.med, e)
			continue
		}
		if e.Title == "" {
			e.Title = strings.TrimSpace(p.ref.Display)
		}
		// Another file of the same import may hold it (see Link).
		m.res.unresolved = append(m.res.unresolved, unresolvedMed{item: p.item, ref: p.ref.Reference})
	}
	m.res.meds = m.meds
	for _, ref := range uniqueMeds(m.meds) {
		if !ref.used {
			m.res.unmapped("Medication", "Medication (not referenced)")
		} else {
			m.res.tally("Medication").Merged++
		}
	}
	// A Medication without an id or fullUrl cannot be referenced at all.
	if n := m.medCount - len(uniqueMeds(m.meds)); n > 0 {
		for i := 0; i < n; i++ {
			m.res.unmapped("Medication", "Medication (not referenced)")
		}
	}
	for i := range items {
		e := &items[i].Entry
		for _, l := range m.docLabels {
			e.Labels = record.AddCoding(e.Labels, l)
		}
		if strings.TrimSpace(e.Title) == "" {
			e.Title = untitled(e.Category)
		}
		if rest, ok := strings.CutPrefix(e.Title, "no-known-"); ok && !strings.Contains(rest, " ") {
			// An IPS absent/unknown code without a display.
			e.Title = "No known " + strings.ReplaceAll(rest, "-", " ")
		}
		if placeholderText(e.Value) {
			// An unfilled template slot ("{entry.value}") is no value.
			e.Value, e.Unit = "", ""
			e.Notes = joinNotes(e.Notes, "no value in the file")
		}
	}
	for i := range m.pendRefs {
		p := &m.pendRefs[i]
		p.text = items[p.item].Entry.Notes
		if applyRefs(&items[p.item].Entry, p, m.titles) {
			// Another file of the same import may hold them (see Link).
			m.res.unresolvedRefs = append(m.res.unresolvedRefs, *p)
		}
	}
	m.res.titles = m.titles
	for _, r := range m.producer {
		if m.res.Producer != "" {
			break
		}
		for _, k := range refLookupKeys(r) {
			if t := m.titles[k]; t != "" && m.res.Producer == "" {
				m.res.Producer = t
			}
		}
		if m.res.Producer == "" {
			m.res.Producer = r.Display
		}
	}
	m.res.Producer = strings.Join(strings.Fields(m.res.Producer), " ")
	for i := range items {
		e := &items[i].Entry
		e.Sensitive = sensitive.Suggest(e)
	}
	fillBloodType(m.res)
	return m.res
}

// uniqueMeds lists each Medication once (it is indexed under two keys).
func uniqueMeds(in map[string]*medRef) []*medRef {
	seen := map[*medRef]bool{}
	var out []*medRef
	for _, r := range in {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// untitled is the title of an entry whose file gave it no name.
func untitled(c record.Category) string {
	return strings.ToUpper(string(c[:1])) + string(c[1:]) + " (no name in the file)"
}

// refKeys lists the ways other resources may refer to this one.
func refKeys(h head, fullURL string) []string {
	var keys []string
	if fullURL != "" {
		keys = append(keys, fullURL)
	}
	if h.ID != "" {
		keys = append(keys, h.ResourceType+"/"+h.ID)
		if i := strings.Index(fullURL, "/"+h.ResourceType+"/"); i >= 0 && strings.HasPrefix(fullURL, "http") {
			keys = append(keys, fullURL[i+1:])
		}
	}
	return keys
}

// sourceID is the resource's identity in the record: its fullUrl when that
// is a global name (urn:uuid:, urn:oid:, an absolute URL), the same
// resource wherever it comes from, so a changed version updates its entry.
// A bare "Type/id" is only unique inside one server: a GP's Condition/1 and
// a hospital's Condition/1 are different problems. So it is qualified by a
// hash of the content ("Condition/1#sha256:..."): only the same content
// counts as already imported. former is the id earlier phr versions gave
// (plain "Type/id"), matched only when the content is also the same.
func sourceID(h head, fullURL string, raw []byte) (id, former string) {
	if isGlobal(fullURL) {
		return fullURL, ""
	}
	sum := ContentHash(raw)
	if h.ID != "" {
		return h.ResourceType + "/" + h.ID + "#" + sum, h.ResourceType + "/" + h.ID
	}
	return sum, ""
}

// isGlobal reports a fullUrl that names a resource the same way everywhere.
func isGlobal(fullURL string) bool {
	return strings.HasPrefix(fullURL, "urn:") || strings.HasPrefix(fullURL, "http://") || strings.HasPrefix(fullURL, "https://")
}

// decodeError reports a resource phr could not decode, or a DSTU2 file.
func (m *fhirMapper) decodeError(where, rtype string, raw []byte, err error) error {
	if why := dstu2Signal(rtype, raw); why != "" {
		return m.dstu2Error(where, why)
	}
	what := where
	if rtype != "" {
		what += " (" + rtype + ")"
	}
	if t, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Errorf("import %s: %s: %s", m.name, what, typeMessage(t))
	}
	return fmt.Errorf("import %s: %s: %w", m.name, what, err)
}

func (m *fhirMapper) dstu2Error(where, why string) error {
	return fmt.Errorf("import %s: this is a FHIR DSTU2 file, and phr reads FHIR R4 (%s: %s); "+
		"ask the service for an R4 export", m.name, where, why)
}
