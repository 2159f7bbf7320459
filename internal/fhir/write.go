package fhir

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/phrhealth/phr/internal/record"
)

// object is a JSON object that keeps its members in order, so resources read
// as FHIR's own examples do (resourceType first). Members with empty values
// are left out when set.
type object []member

type member struct {
	key string
	val any
}

// get returns a member's value, or nil.
func (o object) get(key string) any {
	for _, m := range o {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// replace sets a member's value in place, or appends it.
func (o object) replace(key string, val any) object {
	for i, m := range o {
		if m.key == key {
			out := slices.Clone(o)
			out[i].val = val
			return out
		}
	}
	return o.set(key, val)
}

// text returns the object's "text" member.
func (o object) text() string {
	s, _ := o.get("text").(string)
	return s
}

// set appends a member unless its value is empty.
func (o object) set(key string, val any) object {
	if isEmpty(val) {
		return o
	}
	if cap(o) == 0 {
		// Room for a few members at once: a resource grown from nothing
		// by appending was made again at 1, 2, 4 and 8 members. (object{}
		// is empty but not nil: testing for nil missed every one.)
		o = make(object, 0, 4)
	}
	return append(o, member{key, val})
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := newJSONWriter(&b).object(o); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// jsonWriter writes objects into b, and the objects inside them directly
// too: through json.Marshal each nested level's bytes would be checked and
// copied again by every level above it, which made a bundle of a whole
// record take seconds. Other values go through one json.Encoder on b, which
// writes them in place instead of into a new slice each.
type jsonWriter struct {
	b   *bytes.Buffer
	enc *json.Encoder
}

func newJSONWriter(b *bytes.Buffer) *jsonWriter {
	return &jsonWriter{b: b, enc: json.NewEncoder(b)}
}

func (w *jsonWriter) object(o object) error {
	w.b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			w.b.WriteByte(',')
		}
		writeJSONString(w.b, m.key) // not through value: a key made an interface would be allocated
		w.b.WriteByte(':')
		if err := w.value(m.val); err != nil {
			return err
		}
	}
	w.b.WriteByte('}')
	return nil
}

// value writes one value: objects and lists of them, strings, numbers and
// booleans directly, anything else through the encoder. Every value comes
// out byte for byte as json.Marshal writes it (TestJSONWriterAsMarshal,
// FuzzJSONString): the encoder's reflection for each string was most of the
// time an archive spent writing a lifetime's readings.
func (w *jsonWriter) value(v any) error {
	switch v := v.(type) {
	case string:
		writeJSONString(w.b, v)
		return nil
	case json.Number:
		if isDecimal(string(v)) {
			w.b.WriteString(string(v))
			return nil
		}
	case bool:
		w.b.WriteString(strconv.FormatBool(v))
		return nil
	case int:
		w.b.WriteString(strconv.Itoa(v))
		return nil
	case []string:
		if v == nil {
			break
		}
		w.b.WriteByte('[')
		for i, s := range v {
			if i > 0 {
				w.b.WriteByte(',')
			}
			writeJSONString(w.b, s)
		}
		w.b.WriteByte(']')
		return nil
	case object:
		return w.object(v)
	case []object:
		w.b.WriteByte('[')
		for i, o := range v {
			if i > 0 {
				w.b.WriteByte(',')
			}
			if err := w.object(o); err != nil {
				return err
			}
		}
		w.b.WriteByte(']')
		return nil
	}
	if err := w.enc.Encode(v); err != nil {
		return err
	}
	w.b.Truncate(w.b.Len() - 1) // Encode ends each value with a newline
	return nil
}

// writeJSONString writes s as a JSON string the way encoding/json does by
// default: <, > and & escaped for HTML, U+2028 and U+2029 escaped, invalid
// UTF-8 as U+FFFD, and the short escapes \b \f \n \r \t.
func writeJSONString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case json.Number:
		return v == ""
	case object:
		return len(v) == 0
	case []object:
		return len(v) == 0
	case []string:
		return len(v) == 0
	case bool:
		return !v
	}
	return false
}

// FHIR code system URIs.
const (
	systemActCode         = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	systemConfidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	systemObsCategory     = "http://terminology.hl7.org/CodeSystem/observation-category"
	systemCondClinical    = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	systemCondCategory    = "http://terminology.hl7.org/CodeSystem/condition-category"
	systemAllergyClinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
)

// systemURI returns the FHIR URI of a code system given by short name or URI.
// An unknown short name gives "", leaving the coding without a system.
func systemURI(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ":") {
		return s
	}
	if isOID(s) {
		if short := record.ShortSystem(s); short != s {
			return systemURI(short)
		}
		return "urn:oid:" + s
	}
	switch record.ShortSystem(s) {
	case "snomed":
		return SNOMED
	case "loinc":
		return LOINC
	case "rxnorm":
		return RxNorm
	case "icd10":
		if strings.Contains(strings.ToLower(s), "cm") {
			return ICD10CM
		}
		return ICD10
	case "icd9":
		return "http://hl7.org/fhir/sid/icd-9-cm"
	case "icd11":
		return "http://id.who.int/icd/release/11/mms"
	case "cvx":
		return CVX
	case "atc":
		return ATC
	case "ndc":
		return "http://hl7.org/fhir/sid/ndc"
	case "cpt":
		return "http://www.ama-assn.org/go/cpt"
	}
	switch strings.ToLower(s) {
	case "dmd":
		return "https://dmd.nhs.uk"
	case "ucum":
		return UCUM
	}
	return ""
}

// isOID reports whether s is an ISO object identifier ("2.16.840.1.113883.6.1").
func isOID(s string) bool {
	if !strings.Contains(s, ".") {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// Sensitivity labels. Each sensitive kind maps to one v3-ActCode information
// sensitivity code in the resource's meta.security, and every sensitive
// resource also carries the v3-Confidentiality code R (restricted); the
// Composition's confidentiality is R when any sensitive entry is included, N
// otherwise.
//
//	mental-health  MH    mental health information sensitivity
//	sexual-health  SEX   sexuality and reproductive health information sensitivity
//	hiv            HIV   HIV/AIDS information sensitivity
//	substance-use  ETH   substance abuse information sensitivity
//	genetic        GDIS  genetic disease information sensitivity
//	violence       SDV   sexual assault, abuse, or domestic violence information sensitivity
//	private        PRS   patient requested information sensitivity
var securityLabels = []struct {
	kind    record.Kind
	code    string
	display string
}{
	{record.MentalHealth, "MH", "mental health information sensitivity"},
	{record.SexualHealth, "SEX", "sexuality and reproductive health information sensitivity"},
	{record.HIV, "HIV", "HIV/AIDS information sensitivity"},
	{record.SubstanceUse, "ETH", "substance abuse information sensitivity"},
	{record.Genetic, "GDIS", "genetic disease information sensitivity"},
	{record.Violence, "SDV", "sexual assault, abuse, or domestic violence information sensitivity"},
	{record.Private, "PRS", "patient requested information sensitivity"},
}

// securityMeta returns a resource's meta with the labels of its kinds, or nil.
func securityMeta(kinds []record.Kind) object {
	if len(kinds) == 0 {
		return nil
	}
	var labels []object
	for _, l := range securityLabels {
		for _, k := range kinds {
			if k == l.kind {
				labels = append(labels, coding(systemActCode, l.code, l.display))
			}
		}
	}
	labels = append(labels, coding(systemConfidentiality, "R", "restricted"))
	return object{}.set("security", labels)
}

// kindOfLabel maps a v3-ActCode sensitivity code back to a kind.
func kindOfLabel(system, code string) (record.Kind, bool) {
	if system != systemActCode {
		return "", false
	}
	for _, l := range securityLabels {
		if l.code == code {
			return l.kind, true
		}
	}
	return "", false
}

// coding is a FHIR Coding.
func coding(system, code, display string) object {
	return object{}.set("system", system).set("code", code).set("display", display)
}

// codesConcept is a CodeableConcept of every coding (or the one code when
// there are none) and a text.
func codesConcept(c *record.Code, codings []record.Code, text string) object {
	if len(codings) == 0 && c != nil {
		codings = []record.Code{*c}
	}
	var out []object
	for _, cd := range codings {
		if code := strings.TrimSpace(cd.Code); code != "" {
			out = append(out, coding(systemURI(cd.System), code, cd.Display))
		}
	}
	return object{}.set("coding", out).set("text", text)
}

// entryConcept is an entry's concept: its codings and its title.
func entryConcept(e *record.Entry) object {
	return codesConcept(e.Code, e.Codings, e.Title)
}

// withCoding puts a coding first in a concept unless it holds it already.
func withCoding(c object, system, code, display string) object {
	codings, _ := c.get("coding").([]object)
	for _, cd := range codings {
		if cd.get("system") == system && cd.get("code") == code {
			return c
		}
	}
	return c.replace("coding", append([]object{coding(system, code, display)}, codings...))
}

// fixedConcept is a CodeableConcept of one known coding.
func fixedConcept(system, code, display string) object {
	return object{}.set("coding", []object{coding(system, code, display)})
}

// ref is a FHIR Reference.
func ref(url string) object { return object{}.set("reference", url) }
