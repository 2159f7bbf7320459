package fhir

import (
	"encoding/json"
	"strings"
)

// Bundles and documents: the Bundle that carries resources, a document's
// Composition, references to documents and files carried as resources.

// Bundle is a collection of resources. The importer streams Entry rather
// than decoding this struct whole; it is here for small bundles and tests.
type Bundle struct {
	Base
	Type  string        `json:"type,omitempty"`
	Entry []BundleEntry `json:"entry,omitempty"`
}

// BundleEntry is one resource in a Bundle, with its full URL.
type BundleEntry struct {
	FullURL  string          `json:"fullUrl,omitempty"`
	Resource json.RawMessage `json:"resource,omitempty"`
}

// Composition is the table of contents of a document bundle (an IPS).
type Composition struct {
	Base
	Status  string               `json:"status,omitempty"`
	Type    *CodeableConcept     `json:"type,omitempty"`
	Date    string               `json:"date,omitempty"`
	Title   string               `json:"title,omitempty"`
	Section []CompositionSection `json:"section,omitempty"`
}

// CompositionSection is a section of a clinical document, with its
// narrative.
type CompositionSection struct {
	Title   string               `json:"title,omitempty"`
	Code    *CodeableConcept     `json:"code,omitempty"`
	Text    *Narrative           `json:"text,omitempty"`
	Entry   []Reference          `json:"entry,omitempty"`
	Section []CompositionSection `json:"section,omitempty"`
}

// DocumentContent is one attachment of a document reference.
type DocumentContent struct {
	Attachment Attachment `json:"attachment"`
}

// DocumentReference points at a document (a letter, a scan, a note).
type DocumentReference struct {
	Base
	Status      string            `json:"status,omitempty"`
	Type        *CodeableConcept  `json:"type,omitempty"`
	Category    []CodeableConcept `json:"category,omitempty"`
	Date        string            `json:"date,omitempty"`
	Description string            `json:"description,omitempty"`
	Content     []DocumentContent `json:"content,omitempty"`
	Context     *struct {
		Period *Period `json:"period,omitempty"`
	} `json:"context,omitempty"`
}

// IsNote reports whether a DocumentReference is a plain text note: typed
// with the LOINC "Note" (34109-9) and holding one plain text attachment,
// as phr writes a note.
func (d *DocumentReference) IsNote() bool {
	if len(d.Content) != 1 || !strings.HasPrefix(d.Content[0].Attachment.ContentType, "text/plain") || d.Type == nil {
		return false
	}
	for _, c := range d.Type.Coding {
		if ShortSystem(c.System) == "loinc" && c.Code == noteLOINC {
			return true
		}
	}
	return false
}

// Binary is a file (a PDF, an image) carried as a resource.
type Binary struct {
	Base
	ContentType string `json:"contentType,omitempty"`
	Data        []byte `json:"data,omitempty"`
	Content     []byte `json:"content,omitempty"` // STU3 and DSTU2
}
