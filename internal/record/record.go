// Package record holds phr's domain types: the entry, its category and
// sensitive kinds, the code it carries and the person's profile. It does no
// I/O; the store persists these values and every other package passes them
// around.
package record

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Category is the kind of entry. The set is fixed by the command contract.
type Category string

// The categories of the command contract.
const (
	Condition    Category = "condition"
	Medication   Category = "medication"
	Allergy      Category = "allergy"
	Immunization Category = "immunization"
	Result       Category = "result"
	Measurement  Category = "measurement"
	Procedure    Category = "procedure"
	Appointment  Category = "appointment"
	Document     Category = "document"
	Contact      Category = "contact"
	Note         Category = "note"
)

// Categories lists every category in the order people read them.
var categories = []Category{Condition, Medication, Allergy, Immunization, Result,
	Measurement, Procedure, Appointment, Document, Contact, Note}

// Categories returns every category in display order.
func Categories() []Category { return slices.Clone(categories) }

// ParseCategory accepts a category name (case-insensitive, singular or with a
// trailing "s") and returns the category, or an error that lists the valid ones.
func ParseCategory(s string) (Category, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, c := range categories {
		if k == string(c) || k == string(c)+"s" {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown category %q: use one of %s", s, joinCategories())
}

func joinCategories() string {
	names := make([]string, len(categories))
	for i, c := range categories {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// Label is the plural heading for a category, for lists and menus.
func (c Category) Label() string {
	switch c {
	case Condition:
		return "Conditions"
	case Medication:
		return "Medications"
	case Allergy:
		return "Allergies"
	case Immunization:
		return "Immunizations"
	case Result:
		return "Results"
	case Measurement:
		return "Measurements"
	case Procedure:
		return "Procedures"
	case Appointment:
		return "Appointments"
	case Document:
		return "Documents"
	case Contact:
		return "Contacts"
	case Note:
		return "Notes"
	}
	return string(c)
}

// Kind is a sensitive kind: an entry carrying one is held back from every
// extract unless the person deliberately includes it.
type Kind string

// The sensitive kinds of the command contract.
const (
	MentalHealth Kind = "mental-health"
	SexualHealth Kind = "sexual-health"
	HIV          Kind = "hiv"
	SubstanceUse Kind = "substance-use"
	Genetic      Kind = "genetic"
	Violence     Kind = "violence"
	Private      Kind = "private"
)

var kinds = []Kind{MentalHealth, SexualHealth, HIV, SubstanceUse, Genetic, Violence, Private}

// Kinds returns every sensitive kind.
func Kinds() []Kind { return slices.Clone(kinds) }

// ParseKind accepts a sensitive kind name and returns it, or an error that
// lists the valid ones.
func ParseKind(s string) (Kind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, c := range kinds {
		if k == string(c) {
			return c, nil
		}
	}
	names := make([]string, len(kinds))
	for i, c := range kinds {
		names[i] = string(c)
	}
	return "", fmt.Errorf("unknown sensitive kind %q: use one of %s", s, strings.Join(names, ", "))
}

// Describe is a short plain-words description of a sensitive kind.
func (k Kind) Describe() string {
	switch k {
	case MentalHealth:
		return "mental health"
	case SexualHealth:
		return "sexual and reproductive health"
	case HIV:
		return "HIV"
	case SubstanceUse:
		return "substance use"
	case Genetic:
		return "genetics"
	case Violence:
		return "abuse or domestic violence"
	case Private:
		return "marked private"
	}
	return string(k)
}

// NormalizeKinds sorts kinds into the canonical order and removes duplicates.
func NormalizeKinds(in []Kind) []Kind {
	out := make([]Kind, 0, len(in))
	for _, k := range kinds {
		if slices.Contains(in, k) {
			out = append(out, k)
		}
	}
	return out
}

// Code is a coded concept: a code system (a URI or a short name such as
// "snomed", "loinc", "rxnorm", "icd10"), the code, and its display text.
type Code struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

// systemRank orders code systems for display: the standard terminologies
// first, a local EHR code last.
var systemRank = map[string]int{"loinc": 1, "snomed": 2, "rxnorm": 3, "icd10": 4, "cvx": 5, "icd9": 6,
	"icd11": 7, "atc": 8, "ndc": 9, "cpt": 10}

// ShortSystem names a code system the way phr writes it: FHIR URIs, HL7
// OIDs and the usual spellings become "snomed", "loinc", "rxnorm",
// "icd10", "icd9", "icd11", "cvx", "atc", "ndc" or "cpt"; anything else is
// returned trimmed.
func ShortSystem(s string) string {
	k := strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), "/")
	k = strings.TrimPrefix(k, "urn:oid:")
	switch k {
	case "http://snomed.info/sct", "snomed", "snomed-ct", "snomed ct", "snomedct", "sct", "snomedct_us",
		"2.16.840.1.113883.6.96", "2.16.840.1.113883.6.5":
		return "snomed"
	case "http://loinc.org", "loinc", "ln", "2.16.840.1.113883.6.1":
		return "loinc"
	case "http://www.nlm.nih.gov/research/umls/rxnorm", "rxnorm", "rxnorm (nlm)", "2.16.840.1.113883.6.88":
		return "rxnorm"
	case "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10-de",
		"http://fhir.de/codesystem/dimdi/icd-10-gm", "http://fhir.de/codesystem/bfarm/icd-10-gm",
		"http://www.icd10data.com/icd10pcs", "icd10", "icd-10", "icd10cm", "icd-10-cm", "icd10-cm", "icd10gm",
		"icd-10-gm", "icd-10-ca", "icd-10-am", "icd10am", "2.16.840.1.113883.6.90", "2.16.840.1.113883.6.3",
		"2.16.840.1.113883.6.3.1", "1.2.276.0.76.5.409", "2.16.840.1.113883.6.94":
		return "icd10"
	case "http://hl7.org/fhir/sid/icd-9-cm", "http://hl7.org/fhir/sid/icd-9", "icd9", "icd-9", "icd9cm",
		"icd-9-cm", "2.16.840.1.113883.6.103", "2.16.840.1.113883.6.2", "2.16.840.1.113883.6.42":
		return "icd9"
	case "http://id.who.int/icd/release/11/mms", "http://id.who.int/icd11/mms", "icd11", "icd-11",
		"icd-11-mms", "2.16.840.1.113883.6.347":
		return "icd11"
	case "http://hl7.org/fhir/sid/cvx", "cvx", "2.16.840.1.113883.12.292":
		return "cvx"
	case "http://www.whocc.no/atc", "atc", "2.16.840.1.113883.6.73":
		return "atc"
	case "http://hl7.org/fhir/sid/ndc", "ndc", "2.16.840.1.113883.6.69":
		return "ndc"
	case "http://www.ama-assn.org/go/cpt", "cpt", "cpt-4", "2.16.840.1.113883.6.12":
		return "cpt"
	}
	return strings.TrimSpace(s)
}

// StandardCode returns the coding to show among codings: one of a standard
// terminology (LOINC, SNOMED CT, RxNorm, ICD-10, CVX, ICD-9, ICD-11, ATC)
// before any local code, one with a display before one without, else the
// first. It returns nil for no codings.
func StandardCode(codings []Code) *Code {
	best, bestScore := -1, 0
	for i, c := range codings {
		if strings.TrimSpace(c.Code) == "" {
			continue
		}
		score := 100
		if r, ok := systemRank[ShortSystem(c.System)]; ok {
			score = r * 2
		}
		if strings.TrimSpace(c.Display) == "" {
			score++
		}
		if best < 0 || score < bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return nil
	}
	c := codings[best]
	return &c
}

// AddCoding appends c to codings unless a coding with the same system and
// code is there already (then it fills in a missing display).
func AddCoding(codings []Code, c Code) []Code {
	if strings.TrimSpace(c.Code) == "" && strings.TrimSpace(c.Display) == "" {
		return codings
	}
	for i := range codings {
		if ShortSystem(codings[i].System) == ShortSystem(c.System) && codings[i].Code == c.Code {
			if codings[i].Display == "" {
				codings[i].Display = c.Display
			}
			return codings
		}
	}
	return append(codings, c)
}

// AllCodes returns the entry's code and every one of its codings, each
// once: what the sensitive gate tests.
func (e *Entry) AllCodes() []Code {
	var out []Code
	if e.Code != nil {
		out = AddCoding(out, *e.Code)
	}
	for _, c := range e.Codings {
		out = AddCoding(out, c)
	}
	return out
}

// Component is one part of a compound reading, such as the systolic and
// diastolic values of a blood pressure.
type Component struct {
	Code *Code `json:"code,omitempty"`
	// Codings holds every coding of the part's concept (see Entry.Codings).
	Codings []Code `json:"codings,omitempty"`
	Title   string `json:"title"`
	Value   string `json:"value"`
	Unit    string `json:"unit,omitempty"`
	// UnitCode is the unit's UCUM code ("mm[Hg]"), when known.
	UnitCode string `json:"unit_code,omitempty"`
}

// Stats says how an entry's value summarises several samples of one day.
// Min and Max are written like the value ("52", or "108/66" for a blood
// pressure's lowest systolic and diastolic) and empty for a total.
type Stats struct {
	// Of is what the value is: "mean" or "total" (a day's steps), or
	// "time asleep" (a night's sleep).
	Of    string `json:"of"`
	Count int    `json:"count"`
	Min   string `json:"min,omitempty"`
	Max   string `json:"max,omitempty"`
}

// Words says what a summarised value is, for people: "mean of 96
// samples, lowest 52, highest 141", "total of 24 samples"; "" for nil.
func (s *Stats) Words() string {
	if s == nil {
		return ""
	}
	w := fmt.Sprintf("%s of %s", s.Of, Count(s.Count, "sample", "samples"))
	if s.Min != "" && s.Max != "" && s.Count > 1 {
		w += ", lowest " + s.Min + ", highest " + s.Max
	}
	return w
}

// Attachment describes an encrypted file kept beside the record in the
// vault's files/ folder. The file's content never enters the database.
type Attachment struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type,omitempty"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Entry is one item of a health record.
type Entry struct {
	ID       string   `json:"id"`
	Category Category `json:"category"`
	Title    string   `json:"title"`
	// Date is when it happened or started: "YYYY-MM-DD" or RFC 3339 in UTC
	// (see when.FormatDate); empty when unknown.
	Date string `json:"date"`
	// End is when it stopped, in the same form as Date; empty when ongoing.
	End    string `json:"end,omitempty"`
	Status string `json:"status"`
	Value  string `json:"value"`
	Unit   string `json:"unit"`
	// Code is the coding shown for the entry: the standard one among
	// Codings (see StandardCode).
	Code *Code `json:"code"`
	// Codings holds every coding of the entry's concept as the source gave
	// it (a local EHR code beside its LOINC, SNOMED CT or ICD-10 twin), so
	// the sensitive gate tests each of them.
	Codings []Code `json:"codings,omitempty"`
	// Labels holds the security labels the source put on the entry, its
	// section or its document (FHIR meta.security, C-CDA
	// confidentialityCode), such as v3-ActCode PSY or Confidentiality R.
	Labels []Code   `json:"labels,omitempty"`
	Notes  string   `json:"notes"`
	Tags   []string `json:"tags"`
	// UnitCode is the unit's UCUM code ("kg", "mm[Hg]", "/min"), kept from an
	// import or given from the unit the person chose; empty when unknown.
	UnitCode string `json:"unit_code,omitempty"`
	// Sensitive lists the sensitive kinds this entry carries.
	Sensitive []Kind `json:"sensitive"`
	// SensitiveReviewed is set when the person chose the sensitive kinds
	// themselves (for example removed a suggested one): from then on only
	// Sensitive counts, and no kind is inferred for this entry.
	SensitiveReviewed bool `json:"sensitive_reviewed,omitempty"`
	// Components holds the parts of a compound reading (blood pressure).
	Components []Component `json:"components,omitempty"`
	// Stats says how Value summarises many samples (a day of a watch's
	// heart rate: the mean, the lowest, the highest and how many); nil for
	// a single reading.
	Stats *Stats `json:"stats,omitempty"`
	// Dose, Route and Frequency say how a medication is taken: "500 mg"
	// (see ParseDose), "by mouth", "twice a day". Other categories have none.
	Dose      string `json:"dose,omitempty"`
	Route     string `json:"route,omitempty"`
	Frequency string `json:"frequency,omitempty"`
	// Reaction is what an allergy does ("hives, swollen lips"), Severity how
	// bad that reaction was (mild, moderate, severe) and Criticality how
	// dangerous a future reaction may be (low, high, unable-to-assess): FHIR
	// AllergyIntolerance's codes. Other categories have none.
	Reaction    string `json:"reaction,omitempty"`
	Severity    string `json:"severity,omitempty"`
	Criticality string `json:"criticality,omitempty"`
	// Range is a reference range in words, e.g. "3.5-5.0 mmol/L".
	Range string `json:"range,omitempty"`
	// Interpretation is a result flag in words, e.g. "high".
	Interpretation string `json:"interpretation,omitempty"`
	// Links holds URLs kept from an import; they are never fetched.
	Links       []string     `json:"links,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	// Source says where the entry came from: "manual", or "fhir:FILE", etc.
	Source string `json:"source"`
	// SourceID is the source's own id (or a content hash), so a second import
	// of the same file adds nothing.
	SourceID string `json:"source_id,omitempty"`
	// Sources lists every import that brought this entry's fact: the file,
	// its format and producer, the entry's id in it and when (two when a
	// C-CDA and its FHIR conversion sent the same fact, kept once). Empty
	// for an entry typed in, an Apple Health summary, and one imported
	// before phr kept them.
	Sources []SourceRef `json:"sources,omitempty"`
	// Original keeps an imported resource's original JSON (FHIR) or XML.
	Original string    `json:"original,omitempty"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
}

// SourceRef is one import an entry's fact came from.
type SourceRef struct {
	// File is the imported file's name (no folder); empty when phr did
	// not keep it (an entry imported before phr kept its sources).
	File string `json:"file"`
	// Format is the file's format: fhir, ccda or csv.
	Format string `json:"format"`
	// Producer is who or what wrote the file when it says: the
	// organization that keeps the record and its software ("Community
	// Health and Hospitals (Generic EHR Clinical System 2.0)").
	Producer string `json:"producer,omitempty"`
	// ID is the entry's id in that file (its SourceID there).
	ID string `json:"id,omitempty"`
	// Imported is when the import ran.
	Imported time.Time `json:"imported"`
}

// Same reports whether two references name the same thing of the same
// source: the same format and id (or, without ids, the same file).
func (r SourceRef) Same(o SourceRef) bool {
	if r.Format != o.Format {
		return false
	}
	if r.ID != "" || o.ID != "" {
		return r.ID == o.ID
	}
	return r.File == o.File
}

// Words says where one source came from, in a line: "ccda CCD-2.xml
// (Good Health HIE), id 2.16...#1, imported 2026-12-07".
func (r SourceRef) Words() string {
	s := strings.TrimSpace(r.Format + " " + r.File)
	if r.Producer != "" {
		s += " (" + r.Producer + ")"
	}
	if r.ID != "" {
		s += ", id " + r.ID
	}
	if !r.Imported.IsZero() {
		s += ", imported " + r.Imported.UTC().Format("2006-01-02")
	}
	return s
}

// AddSource adds ref to the entry's sources, replacing the one of the
// same source (a changed version of it, or the same file imported again).
func (e *Entry) AddSource(ref SourceRef) {
	for i := range e.Sources {
		if e.Sources[i].Same(ref) {
			e.Sources[i] = ref
			return
		}
	}
	e.Sources = append(e.Sources, ref)
}

// HasKind reports whether the entry carries the given sensitive kind.
func (e *Entry) HasKind(k Kind) bool { return slices.Contains(e.Sensitive, k) }

// Validate checks the fields that every entry must have and normalizes tags
// and kinds in place.
func (e *Entry) Validate() error {
	if _, err := ParseCategory(string(e.Category)); err != nil {
		return err
	}
	e.Title = strings.TrimSpace(e.Title)
	if e.Title == "" {
		return fmt.Errorf("an entry needs a title: add --title")
	}
	if err := e.checkDetails(); err != nil {
		return err
	}
	e.Tags = NormalizeTags(e.Tags)
	for _, k := range e.Sensitive {
		if _, err := ParseKind(string(k)); err != nil {
			return err
		}
	}
	e.Sensitive = NormalizeKinds(e.Sensitive)
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Sensitive == nil {
		e.Sensitive = []Kind{}
	}
	return nil
}

// NormalizeTags trims, lower-cases, sorts and de-duplicates tags.
func NormalizeTags(in []string) []string {
	out := make([]string, 0, len(in))
	for _, t := range in {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// Profile is the person the record is about.
type Profile struct {
	Name             string `json:"name"`
	Born             string `json:"born"` // YYYY-MM-DD or empty
	BloodType        string `json:"blood_type"`
	EmergencyContact string `json:"emergency_contact"`
	// Languages are the languages the person speaks, as they wrote them.
	Languages string `json:"languages"`
	// EmergencyNotes is what a carer or a paramedic needs to know first
	// ("type 1 diabetes, insulin pump; pacemaker").
	EmergencyNotes string `json:"emergency_notes"`
}

// Words returns the profile's words that must not appear in a passphrase:
// the parts of the name, the year of birth and the date of birth as people
// write it (18151210, 10121815, 12101815, 1012, 1210).
func (p Profile) Words() []string {
	var w []string
	for _, part := range strings.Fields(p.Name) {
		if len([]rune(part)) >= 3 {
			w = append(w, strings.ToLower(part))
		}
	}
	if len(p.Born) >= 4 {
		w = append(w, p.Born[:4])
	}
	if t, err := time.Parse("2006-01-02", p.Born); err == nil {
		for _, layout := range []string{"20060102", "02012006", "01022006", "0201", "0102"} {
			if f := t.Format(layout); !slices.Contains(w, f) {
				w = append(w, f)
			}
		}
	}
	return w
}

// Age returns the person's age in whole years at the given time, or -1 when
// the date of birth is unknown or unreadable.
func (p Profile) Age(now time.Time) int {
	born, err := time.Parse("2006-01-02", p.Born)
	if err != nil {
		return -1
	}
	age := now.Year() - born.Year()
	if now.YearDay() < born.YearDay() {
		age--
	}
	return age
}

// Carer is a person an extract may be encrypted to.
type Carer struct {
	Name         string    `json:"name"`
	Relationship string    `json:"relationship"`
	Recipient    string    `json:"recipient"`
	Added        time.Time `json:"added"`
}

// bloodTypes are the ABO and RhD groups people write on forms.
var bloodTypes = []string{"A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"}

// BloodTypes returns the blood types ParseBloodType accepts, in their
// canonical form.
func BloodTypes() []string { return slices.Clone(bloodTypes) }

// ParseBloodType accepts a blood type such as "O+", "ab-" or "A pos" and
// returns its canonical form.
func ParseBloodType(s string) (string, error) {
	t := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	t = strings.NewReplacer("POSITIVE", "+", "NEGATIVE", "-", "POS", "+", "NEG", "-").Replace(t)
	for _, b := range bloodTypes {
		if t == b {
			return b, nil
		}
	}
	return "", fmt.Errorf("unknown blood type %q: use one of %s", s, strings.Join(bloodTypes, ", "))
}
