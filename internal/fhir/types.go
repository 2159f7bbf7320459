// Package fhir is phr's one place for FHIR R4. It holds small typed structs
// for exactly the parts of FHIR R4 JSON the importer reads (unknown fields
// are ignored by encoding/json; polymorphic elements such as value[x]
// appear as one field per variant phr understands), and it writes what
// phr sends out and reads its own output back: the International Patient
// Summary of an extract (BuildIPS, ReadIPS) and the archive's NDJSON
// (WriteNDJSON). UCUMCode and ShapeReading give readings their UCUM units
// and LOINC codes. There is no FHIR library here.
package fhir

import "encoding/json"

// Coding is a code from a code system.
type Coding struct {
	System  string `json:"system,omitempty"`
	Version string `json:"version,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is a concept given as codings and, or, text.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Reference points at another resource: "Type/id", a fullUrl such as
// "urn:uuid:...", or a contained "#id".
type Reference struct {
	Reference string `json:"reference,omitempty"`
	Type      string `json:"type,omitempty"`
	// Identifier names the resource by a business identifier (a
	// practitioner's NPI) instead of, or beside, Reference.
	Identifier *Identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

// Identifier is a business identifier: a value in a namespace (system).
type Identifier struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Period is a time range; either end may be missing.
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Quantity is a measured amount. Value keeps the JSON number exactly as
// written, so no precision is lost or invented.
type Quantity struct {
	Value      json.Number `json:"value,omitempty"`
	Comparator string      `json:"comparator,omitempty"`
	Unit       string      `json:"unit,omitempty"`
	System     string      `json:"system,omitempty"`
	Code       string      `json:"code,omitempty"`
}

// Range is a low and high quantity.
type Range struct {
	Low  *Quantity `json:"low,omitempty"`
	High *Quantity `json:"high,omitempty"`
}

// Attachment is content inline (base64 Data) or by URL.
type Attachment struct {
	ContentType string `json:"contentType,omitempty"`
	Language    string `json:"language,omitempty"`
	Data        []byte `json:"data,omitempty"` // base64 in JSON
	URL         string `json:"url,omitempty"`
	Size        int64  `json:"size,omitempty"`
	Title       string `json:"title,omitempty"`
	Creation    string `json:"creation,omitempty"`
}

// HumanName is a person's name.
type HumanName struct {
	Use    string   `json:"use,omitempty"`
	Text   string   `json:"text,omitempty"`
	Family string   `json:"family,omitempty"`
	Given  []string `json:"given,omitempty"`
	Prefix []string `json:"prefix,omitempty"`
	Suffix []string `json:"suffix,omitempty"`
}

// ContactPoint is a phone number, email address or similar.
type ContactPoint struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
	Use    string `json:"use,omitempty"`
	// Rank 1 is the contact point to use first.
	Rank int `json:"rank,omitempty"`
}

// Address is a postal address.
type Address struct {
	Use        string   `json:"use,omitempty"`
	Text       string   `json:"text,omitempty"`
	Line       []string `json:"line,omitempty"`
	City       string   `json:"city,omitempty"`
	District   string   `json:"district,omitempty"`
	State      string   `json:"state,omitempty"`
	PostalCode string   `json:"postalCode,omitempty"`
	Country    string   `json:"country,omitempty"`
}

// Annotation is a note with optional author and time.
type Annotation struct {
	Text string `json:"text,omitempty"`
	Time string `json:"time,omitempty"`
}

// Narrative is a resource's human-readable XHTML summary.
type Narrative struct {
	Status string `json:"status,omitempty"`
	Div    string `json:"div,omitempty"`
}

// Meta holds a resource's profiles and tags.
type Meta struct {
	// Source names the system the resource (or bundle) came from.
	Source  string   `json:"source,omitempty"`
	Profile []string `json:"profile,omitempty"`
	// Security holds the resource's security labels (HL7 ActCode PSY,
	// HIV, ETH..., Confidentiality R, V...).
	Security []Coding `json:"security,omitempty"`
	Tag      []Coding `json:"tag,omitempty"`
}

// Base holds the fields every resource has, and the resource's original
// JSON.
type Base struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id,omitempty"`
	Meta         *Meta             `json:"meta,omitempty"`
	Text         *Narrative        `json:"text,omitempty"`
	Contained    []json.RawMessage `json:"contained,omitempty"`
	// Raw is the resource's JSON as read (not set by encoding/json: Decode
	// fills it), so nothing phr does not map is lost.
	Raw json.RawMessage `json:"-"`
}

// SetRaw keeps the resource's original JSON in Raw.
func (b *Base) SetRaw(raw json.RawMessage) { b.Raw = raw }

// Decode reads a resource of type T (Patient, Observation...) from its JSON
// and keeps that JSON in Raw.
func Decode[T any, P interface {
	*T
	SetRaw(json.RawMessage)
}](raw json.RawMessage) (*T, error) {
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, err
	}
	P(v).SetRaw(raw)
	return v, nil
}
