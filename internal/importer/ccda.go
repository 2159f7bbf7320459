package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// LOINC codes of the C-CDA sections phr maps.
const (
	secProblems    = "11450-4"
	secMedications = "10160-0"
	// Discharge medications sections hold the same medication activities.
	secDischargeMeds         = "75311-1"
	secHospitalDischargeMeds = "10183-2"
	secAllergies             = "48765-2"
	secImmunization          = "11369-6"
	secResults               = "30954-2"
	secVitals                = "8716-3"
	secProcedures            = "47519-4"
	secEncounters            = "46240-8"
	// Sections of observations about the person, mapped as results.
	secSocialHistory   = "29762-2"
	secFunctional      = "47420-5"
	secMentalStatus    = "10190-7"
	secMentalStatusOld = "11502-2"
	// Insurance is left out: it says who pays, not how the person is.
	secPayers = "48768-6"
)

// cdaSystems maps code system OIDs to phr's short names.
var cdaSystems = map[string]string{
	"2.16.840.1.113883.6.96":   "snomed",
	"2.16.840.1.113883.6.1":    "loinc",
	"2.16.840.1.113883.6.88":   "rxnorm",
	"2.16.840.1.113883.12.292": "cvx",
	"2.16.840.1.113883.6.90":   "icd10",
	"2.16.840.1.113883.6.3":    "icd10",
	"2.16.840.1.113883.6.73":   "atc",
}

// ccdaReader maps one C-CDA document.
type ccdaReader struct {
	name      string
	now       time.Time
	res       *Result
	narrative map[string]string // narrative text by ID, for originalText references
	ids       map[string]int    // source ids given so far
	// codings holds every coding of each concept, by the coding concept
	// chose to show, so the entry keeps them all.
	codings map[*record.Code][]record.Code
	// docLabels and secLabels are the confidentialityCode of the document
	// and of the section being read, given to every entry under them.
	docLabels, secLabels []record.Code
	// doc is the document read, for the notes made of its sections.
	doc *cdaDoc
	// secKey names the section being read in Skipped and Unmapped;
	// entrySkipped and entryUnmapped say what became of the entry being
	// read when it gave no entry (see section).
	secKey                      string
	entrySkipped, entryUnmapped bool
	// people names clinicians by id (root/extension), for statements
	// that name one by id alone (see ccda_people.go).
	people map[string]string
}

// readCCDA decodes a C-CDA document with encoding/xml (documents are small,
// so it is decoded whole) and maps the sections phr knows: problems,
// medications, allergies, immunizations, results, vital signs, procedures
// and encounters. Other sections are counted in Unmapped under their title
// and LOINC code, by the number of entries they hold (1 for a section that
// holds only narrative text).
func readCCDA(r io.Reader, name string, now time.Time) (*Result, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("the document is in %s; phr reads UTF-8 C-CDA", charset)
	}
	var doc cdaDoc
	if err := dec.Decode(&doc); err != nil {
		return nil, xmlError(name, err, dec)
	}
	c := &ccdaReader{name: name, now: now, res: newResult(CCDA), narrative: map[string]string{}, ids: map[string]int{},
		codings: map[*record.Code][]record.Code{}, docLabels: cdaLabels(doc.Confidentiality), doc: &doc}
	sections := flattenSections(doc.Sections)
	for i := range sections {
		collectNarrative(sections[i].Text.Inner, c.narrative)
	}
	c.profile(doc.Patients)
	c.res.Producer = doc.producer()
	c.people = map[string]string{}
	for _, as := range [][]cdaAssigned{doc.Authors, doc.Served, doc.Signed, doc.Visit} {
		c.learnPeople(as)
	}
	if doc.NonXML != nil {
		if err := c.nonXMLBody(&doc); err != nil {
			return nil, err
		}
	}
	for i := range sections {
		c.section(&sections[i])
	}
	c.qualifyReusedIDs()
	for i := range c.res.Items {
		e := &c.res.Items[i].Entry
		if strings.TrimSpace(e.Title) == "" {
			e.Title = untitled(e.Category)
		}
		e.Codings = c.codingsFor(e.Code)
		for j := range e.Components {
			e.Components[j].Codings = c.codingsFor(e.Components[j].Code)
		}
		e.Sensitive = suggest(e)
	}
	fillBloodType(c.res)
	return c.res, nil
}

func flattenSections(in []cdaSection) []cdaSection {
	var out []cdaSection
	for _, s := range in {
		for i := range s.Sub {
			// A subsection without its own confidentiality has its parent's.
			if s.Sub[i].Confidentiality.Code == "" {
				s.Sub[i].Confidentiality = s.Confidentiality
			}
		}
		out = append(out, s)
		out = append(out, flattenSections(s.Sub)...)
	}
	return out
}

func xmlError(name string, err error, dec *xml.Decoder) error {
	line, col := dec.InputPos()
	var syn *xml.SyntaxError
	msg := err.Error()
	if errors.As(err, &syn) {
		msg = syn.Msg
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(msg, "unexpected EOF") {
		msg = "unexpected end of XML"
	}
	return fmt.Errorf("import %s: %s at line %d, column %d", name, msg, line, col)
}

func (c *ccdaReader) profile(patients []cdaPatient) {
	if len(patients) == 0 {
		return
	}
	p := patients[0]
	prof := &record.Profile{}
	for _, n := range p.Names {
		parts := append(append([]string{}, n.Given...), n.Family...)
		name := fhir.DropNullWords(strings.Join(parts, " "))
		if name == "" {
			name = fhir.DropNullWords(n.Text)
		}
		if name != "" && (prof.Name == "" || n.Use == "L") {
			prof.Name = name
		}
	}
	if d, note := hl7Date(p.Birth.Value); note == "" && len(d) >= 10 {
		prof.Born = d[:10]
	}
	if prof.Name != "" || prof.Born != "" {
		c.res.Profile = prof
	}
}

// section maps one section's entries. A section phr has no mapping for
// (family history, plan of care, goals, equipment...) and a section of
// narrative text only (history of present illness, hospital course,
// assessment...) become a note holding the section's text, so nothing a
// clinician wrote is lost: the narrative is the section's attested
// content, the entries a coded copy of it. Every entry is accounted for in
// Tally under the section's name.
func (c *ccdaReader) section(s *cdaSection) {
	c.secLabels = cdaLabels(s.Confidentiality)
	title := strings.TrimSpace(strings.Join(strings.Fields(s.Title), " "))
	key := fmt.Sprintf("section %s (%s)", orDefault(title, "untitled"), orDefault(s.Code.Code, "no code"))
	c.secKey = key
	var m func(*cdaEntry, *cdaStmt)
	switch s.Code.Code {
	case secProblems:
		m = c.problem
	case secMedications, secDischargeMeds, secHospitalDischargeMeds:
		m = c.medication
	case secAllergies:
		m = c.allergy
	case secImmunization:
		m = c.immunization
	case secResults, secSocialHistory, secFunctional, secMentalStatus, secMentalStatusOld:
		m = func(e *cdaEntry, st *cdaStmt) { c.results(e, st, record.Result) }
	case secVitals:
		m = func(e *cdaEntry, st *cdaStmt) { c.results(e, st, record.Measurement) }
	case secProcedures:
		m = c.procedure
	case secEncounters:
		m = c.encounter
	}
	narrative := ""
	if s.NullFlavor == "" {
		narrative = narrativeText(s.Text.Inner)
	}
	if len(s.Entries) == 0 && narrative == "" {
		return
	}
	t := c.res.tally(key)
	if len(s.Entries) == 0 {
		t.Read++
		if placeholderText(narrative) {
			c.res.skip(key, reasonPlaceholder)
			return
		}
		c.sectionNote(s, title, narrative)
		t.Imported++
		return
	}
	t.Read += len(s.Entries)
	if s.Code.Code == secPayers {
		for range s.Entries {
			c.res.skip(key, reasonBilling)
		}
		return
	}
	if m == nil {
		if narrative != "" && !placeholderText(narrative) {
			c.sectionNote(s, title, narrative)
			t.Merged += len(s.Entries)
			return
		}
		for range s.Entries {
			c.res.unmapped(key, key)
		}
		return
	}
	for i := range s.Entries {
		e := &s.Entries[i]
		n := len(c.res.Items)
		c.entrySkipped, c.entryUnmapped = false, false
		if st := e.stmt(); st == nil {
			c.res.Unmapped["entry of an unknown kind in "+orDefault(title, s.Code.Code)]++
			c.entryUnmapped = true
		} else if nullified(st) {
			c.skipStmt(reasonEnteredInError)
		} else {
			m(e, st)
		}
		switch {
		case len(c.res.Items) > n:
			t.Imported++
		case c.entrySkipped:
			t.Skipped++
		case c.entryUnmapped:
			t.Unmapped++
		default:
			c.res.unmapped(key, "entry phr could not read in "+key)
		}
	}
}

// nullified reports a statement marked entered in error (statusCode
// nullified, C-CDA's word for it).
func nullified(st *cdaStmt) bool {
	return strings.EqualFold(st.Status.Code, "nullified")
}

// skipStmt counts a statement of the current section left out for why.
func (c *ccdaReader) skipStmt(why string) {
	c.res.Skipped[c.secKey+": "+why]++
	c.entrySkipped = true
}

// unmappedStmt counts a statement of the current section phr cannot map.
func (c *ccdaReader) unmappedStmt(label string) {
	c.res.Unmapped[label]++
	c.entryUnmapped = true
}

// sectionNote keeps a section's narrative as a note of the document.
func (c *ccdaReader) sectionNote(s *cdaSection, title, text string) {
	e := record.Entry{Category: record.Note, Source: string(CCDA)}
	e.Title = orDefault(title, "Section "+s.Code.Code)
	if s.Code.Code != "" && s.Code.NullFlavor == "" {
		_, e.Code = c.concept(&s.Code)
		if e.Code != nil && e.Code.Display == "" {
			e.Code.Display = e.Title
		}
	}
	var notes []string
	if dt := strings.Join(strings.Fields(c.doc.Title), " "); dt != "" {
		notes = append(notes, "From the document "+dt)
	}
	var n string
	e.Date, n = hl7Date(c.doc.Effective.Value)
	e.Notes = joinNotes(append(notes, n, text)...)
	e.Original = "<section><code code=\"" + xmlEscape(s.Code.Code) + "\"/><title>" + xmlEscape(title) + "</title><text>" + string(s.Text.Inner) + "</text></section>"
	e.SourceID = contentID([]byte(docID(c.doc) + "\x1f" + s.Code.Code + "\x1f" + title + "\x1f" + text))
	e.Labels = nil
	for _, group := range [][]record.Code{c.docLabels, c.secLabels} {
		for _, l := range group {
			e.Labels = record.AddCoding(e.Labels, l)
		}
	}
	c.res.Items = append(c.res.Items, Item{Entry: e})
}

// xmlEscape escapes text for an attribute or element.
func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// add appends an entry made from statement st of XML entry raw; n tells
// apart several entries made from one XML entry.
func (c *ccdaReader) add(e record.Entry, raw *cdaEntry, st *cdaStmt, n int) {
	switch {
	case nullified(st):
		c.skipStmt(reasonEnteredInError)
		return
	case placeholderText(e.Title),
		strings.TrimSpace(e.Title) == "" && e.Code == nil && e.Value == "" && len(e.Components) == 0:
		// "No medication data is applicable", a nullFlavor code: a slot
		// the sending system filled with nothing.
		c.skipStmt(reasonPlaceholder)
		return
	}
	if placeholderText(e.Value) {
		e.Value, e.Unit = "", ""
		e.Notes = joinNotes(e.Notes, "no value in the file")
	}
	role := "Performed by"
	if e.Category == record.Appointment {
		role = "Seen by"
	}
	e.Notes = joinNotes(append([]string{e.Notes}, c.peopleNotes(st, raw.stmt(), role)...)...)
	e.Source = string(CCDA)
	e.Original = "<entry>" + raw.Raw + "</entry>"
	e.SourceID = stmtID(st)
	if e.SourceID == "" {
		e.SourceID = contentID([]byte(fmt.Sprintf("%d\x1f%s", n, raw.Raw)))
	}
	c.ids[e.SourceID]++
	e.Labels = nil
	for _, group := range [][]record.Code{c.docLabels, c.secLabels, cdaLabels(st.Confidentiality), privacyAnnotations(raw.Raw)} {
		for _, l := range group {
			e.Labels = record.AddCoding(e.Labels, l)
		}
	}
	c.res.Items = append(c.res.Items, Item{Entry: e})
}

// cdaLabels turns a confidentialityCode into a label, keeping its OID.
func cdaLabels(cd cdaCode) []record.Code {
	if cd.Code == "" || cd.NullFlavor != "" {
		return nil
	}
	return []record.Code{{System: orDefault(cd.CodeSystem, "2.16.840.1.113883.5.25"), Code: cd.Code, Display: strings.TrimSpace(cd.DisplayName)}}
}

// actCodeAttr finds codes of HL7 ActCode (2.16.840.1.113883.5.4) in an
// entry's XML: data segmentation for privacy (DS4P) writes an entry's
// sensitivity (ETH, PSY, HIV...) as a privacy annotation whose value is
// such a code. Other ActCodes (encounter classes) are kept too; the
// sensitive package maps only the sensitivity codes.
var actCodeAttr = regexp.MustCompile(`<[^<>]*codeSystem="2\.16\.840\.1\.113883\.5\.4"[^<>]*>`)
var codeAttr = regexp.MustCompile(`\scode="([A-Za-z]{2,8})"`)

// privacyAnnotations returns the ActCode codes in an entry's XML.
func privacyAnnotations(raw string) []record.Code {
	var out []record.Code
	for _, tag := range actCodeAttr.FindAllString(raw, 20) {
		if m := codeAttr.FindStringSubmatch(tag); m != nil {
			out = record.AddCoding(out, record.Code{System: "2.16.840.1.113883.5.4", Code: m[1]})
		}
	}
	return out
}

// qualifyReusedIDs keeps apart statements that share an id in one
// document. Such an id is evidently not unique, so it cannot say that an
// entry of another document is the same statement: each one gets the hash
// of what it says (its entry, and the title, date and value taken from it),
// and only the same content counts as already imported. Earlier phr
// versions numbered them ("id#2"); that stays a former id.
func (c *ccdaReader) qualifyReusedIDs() {
	seen := map[string]int{}
	for i := range c.res.Items {
		it := &c.res.Items[i]
		id := it.Entry.SourceID
		if c.ids[id] < 2 {
			continue
		}
		seen[id]++
		former := id
		if seen[id] > 1 {
			former = fmt.Sprintf("%s#%d", id, seen[id])
		}
		it.FormerSourceIDs = append(it.FormerSourceIDs, former)
		it.Entry.SourceID = id + "#" + contentID([]byte(strings.Join([]string{it.Entry.Title, it.Entry.Date, it.Entry.Value, it.Entry.Original}, "\x1f")))
	}
}

// stmtID is a statement's first usable id, as root/extension.
func stmtID(st *cdaStmt) string {
	for _, id := range st.IDs {
		if id.NullFlavor != "" || id.Root == "" {
			continue
		}
		if id.Extension != "" {
			return id.Root + "/" + id.Extension
		}
		return id.Root
	}
	return ""
}
