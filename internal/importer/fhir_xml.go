package importer

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// FHIR R4 XML (IPS and UK Core examples come as XML) is turned into FHIR
// JSON by the rules of the FHIR XML format, then read as JSON: an
// element's value attribute is its primitive value; other attributes
// (url, id) are fields; a resource inside <resource> or <contained> is an
// object with its resourceType; an XHTML <div> is its markup as a string.
// XML does not say which elements repeat, so the elements that FHIR R4
// defines as lists (among those phr reads) are always lists, and any
// element written twice is one too.

const fhirNS = "http://hl7.org/fhir"

// looksFHIRXML reports an XML document whose root element is in the FHIR
// namespace.
func looksFHIRXML(h []byte) bool {
	root := rootElement(h)
	return root != "" && root[0] >= 'A' && root[0] <= 'Z' && root != "ClinicalDocument" &&
		bytes.Contains(h, []byte(`"`+fhirNS+`"`))
}

// rootElement returns the local name of the first element of an XML head.
func rootElement(h []byte) string {
	rest := h
	for {
		i := bytes.IndexByte(rest, '<')
		if i < 0 || i+1 >= len(rest) {
			return ""
		}
		rest = rest[i+1:]
		if rest[0] == '?' || rest[0] == '!' {
			continue
		}
		name := rest
		if j := bytes.IndexAny(name, " \t\r\n/>"); j >= 0 {
			name = name[:j]
		}
		if k := bytes.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		return string(name)
	}
}

// xnode is an element of a FHIR XML document.
type xnode struct {
	name     string
	attrs    map[string]string
	children []*xnode
	div      string // the XHTML of a narrative div
}

// maxXMLDepth bounds nesting, so a crafted file cannot exhaust the stack.
const maxXMLDepth = 256

func readFHIRXML(r io.Reader, name string, now time.Time) (*Result, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	// HTML entities (&nbsp;) appear in narratives.
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("the document is in %s; phr reads UTF-8 FHIR XML", charset)
	}
	var stack []*xnode
	var root *xnode
	for {
		// RawToken: the elements are matched here, so that a narrative
		// that is not well formed (the HL7 IPS example closes a <p> with
		// </a>) does not stop the resources around it being read.
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 {
				return nil, xmlError(name, io.ErrUnexpectedEOF, dec)
			}
			break
		}
		if err != nil {
			return nil, xmlError(name, err, dec)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxXMLDepth {
				line, col := dec.InputPos()
				return nil, fmt.Errorf("import %s: elements nested deeper than %d at line %d, column %d", name, maxXMLDepth, line, col)
			}
			if root != nil && len(stack) == 0 {
				line, col := dec.InputPos()
				return nil, fmt.Errorf("import %s: a second root element at line %d, column %d", name, line, col)
			}
			if t.Name.Local == "div" {
				div, err := xhtmlString(dec, t)
				if err != nil {
					return nil, xmlError(name, err, dec)
				}
				n := &xnode{name: "div", div: div}
				if len(stack) > 0 {
					stack[len(stack)-1].children = append(stack[len(stack)-1].children, n)
				}
				continue
			}
			n := &xnode{name: t.Name.Local, attrs: map[string]string{}}
			for _, a := range t.Attr {
				if a.Name.Space == "" && a.Name.Local != "xmlns" {
					n.attrs[a.Name.Local] = a.Value
				}
			}
			if len(stack) > 0 {
				stack[len(stack)-1].children = append(stack[len(stack)-1].children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1].name != t.Name.Local {
				line, col := dec.InputPos()
				open := "nothing"
				if len(stack) > 0 {
					open = "<" + stack[len(stack)-1].name + ">"
				}
				return nil, fmt.Errorf("import %s: %s closed by </%s> at line %d, column %d", name, open, t.Name.Local, line, col)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil {
		return nil, fmt.Errorf("import %s: the XML document is empty (%w)", name, ErrUnknownFormat)
	}
	data, err := json.Marshal(resourceJSON(root))
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	res, err := readFHIR(bytes.NewReader(data), name, now)
	if err != nil {
		return nil, fmt.Errorf("%w (read from XML)", err)
	}
	return res, nil
}

// xhtmlString reads an XHTML div (its start already read) and writes it
// back as markup without attributes: the narrative's words and structure.
// Only div elements are counted to find its end, so other elements need
// not match.
func xhtmlString(dec *xml.Decoder, start xml.StartElement) (string, error) {
	var b strings.Builder
	b.WriteString(`<div xmlns="http://www.w3.org/1999/xhtml">`)
	divs := 1
	for divs > 0 {
		tok, err := dec.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "div" {
				if divs++; divs > maxXMLDepth {
					return "", errors.New("narrative nested too deeply")
				}
			}
			b.WriteString("<" + t.Name.Local + ">")
		case xml.EndElement:
			if t.Name.Local == "div" {
				divs--
			}
			if divs > 0 {
				b.WriteString("</" + t.Name.Local + ">")
			}
		case xml.CharData:
			_ = xml.EscapeText(&b, t)
		}
	}
	b.WriteString("</div>")
	return b.String(), nil
}

// resourceJSON turns a resource element into its JSON object.
func resourceJSON(n *xnode) map[string]any {
	obj := elementJSON(n, "")
	m, ok := obj.(map[string]any)
	if !ok {
		m = map[string]any{}
	}
	m["resourceType"] = n.name
	return m
}

// elementJSON turns an element into a JSON value; parent is the name of
// the element holding it.
func elementJSON(n *xnode, parent string) any {
	if n.div != "" {
		return n.div
	}
	// A resource wrapped in <resource> or <contained>.
	if len(n.children) == 1 && len(n.attrs) == 0 && isResourceName(n.children[0].name) {
		return resourceJSON(n.children[0])
	}
	v, hasValue := n.attrs["value"]
	if hasValue && len(n.children) == 0 && len(n.attrs) == 1 {
		return primitive(n.name, parent, v)
	}
	m := map[string]any{}
	for k, a := range n.attrs {
		if k == "value" {
			m[k] = primitive(n.name, parent, a)
			continue
		}
		m[k] = a
	}
	count := map[string]int{}
	for _, c := range n.children {
		count[c.name]++
	}
	for _, c := range n.children {
		val := elementJSON(c, n.name)
		if v, ok := c.attrs["value"]; ok && (len(c.children) > 0 || len(c.attrs) > 1) {
			// A primitive with an id or extensions: its value, and the
			// rest under "_name", as FHIR JSON writes it.
			ext, _ := val.(map[string]any)
			delete(ext, "value")
			val = primitive(c.name, n.name, v)
			if count[c.name] > 1 || isList(c.name, n.name) {
				list, _ := m["_"+c.name].([]any)
				m["_"+c.name] = append(list, ext)
			} else {
				m["_"+c.name] = ext
			}
		}
		if count[c.name] > 1 || isList(c.name, n.name) {
			list, _ := m[c.name].([]any)
			m[c.name] = append(list, val)
			continue
		}
		m[c.name] = val
	}
	return m
}

func isResourceName(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

// quantityElements hold a Quantity, whose value is a number.
var quantityElements = map[string]bool{"valueQuantity": true, "low": true, "high": true, "doseQuantity": true,
	"dose": true, "quantity": true, "detailQuantity": true, "onsetAge": true, "valueAge": true, "age": true,
	"duration": true, "valueDuration": true, "rateQuantity": true, "numerator": true, "denominator": true,
	"valueMoney": true, "onsetRange": true, "expectedSupplyDuration": true}

// timingNumbers are the numbers of a Timing.repeat.
var timingNumbers = map[string]bool{"frequency": true, "frequencyMax": true, "period": true, "periodMax": true,
	"count": true, "countMax": true, "duration": true, "durationMax": true}

// primitive gives an attribute value its JSON type: true and false are
// booleans; integers, decimals, a Quantity's value and a timing's
// repeat numbers are numbers;
// everything else (dates, codes, identifiers) stays a string.
func primitive(name, parent, v string) any {
	if v == "true" || v == "false" {
		return v == "true"
	}
	numeric := strings.HasSuffix(name, "Integer") || timingNumbers[name] && parent == "repeat" ||
		strings.HasSuffix(name, "Decimal") ||
		strings.HasSuffix(name, "PositiveInt") || strings.HasSuffix(name, "UnsignedInt") ||
		(name == "value" && quantityElements[parent]) ||
		name == "size" || name == "rank" || name == "numberOfSeries" || name == "numberOfInstances"
	if numeric {
		if _, err := strconv.ParseFloat(v, 64); err == nil && json.Valid([]byte(v)) {
			return json.Number(v)
		}
	}
	return v
}

// listElements are the FHIR R4 elements that are lists wherever they
// appear (among those phr reads, and common ones around them).
var listElements = map[string]bool{
	"coding": true, "given": true, "prefix": true, "suffix": true, "line": true, "telecom": true,
	"identifier": true, "extension": true, "modifierExtension": true, "contained": true, "entry": true,
	"section": true, "category": true, "note": true, "reaction": true, "manifestation": true,
	"component": true, "referenceRange": true, "interpretation": true, "result": true, "presentedForm": true,
	"activity": true, "reasonCode": true, "reasonReference": true, "participant": true, "role": true,
	"specialty": true, "hasMember": true, "derivedFrom": true, "deviceName": true, "udiCarrier": true,
	"series": true, "procedureCode": true, "dosageInstruction": true, "profile": true, "security": true,
	"tag": true, "securityLabel": true, "performer": true, "qualification": true, "attester": true,
	"event": true, "author": true, "link": true, "relatesTo": true, "item": true, "answer": true,
	"condition": true, "target": true, "basedOn": true, "partOf": true, "protocolApplied": true,
	"instantiatesCanonical": true, "instantiatesUri": true, "goal": true, "addresses": true,
	"supportingInfo": true, "diagnosis": true, "location": true, "statusHistory": true, "classHistory": true,
	"episodeOfCare": true, "complication": true, "followUp": true, "focalDevice": true, "usedCode": true,
	"report": true, "bodySite": true, "specimen": true, "focus": true, "imagingStudy": true, "media": true,
	"conclusionCode": true, "context": true, "communication": true, "generalPractitioner": true,
	"endpoint": true, "alias": true, "contact": true, "doseAndRate": true, "when": true, "timeOfDay": true,
}

// isList reports an element that is a list under parent. A few names are
// lists in some resources and single in others.
func isList(name, parent string) bool {
	switch name {
	case "name":
		return parent == "Patient" || parent == "Practitioner" || parent == "RelatedPerson" || parent == "Person"
	case "address":
		return parent != "contact"
	case "type":
		return parent == "Encounter" || parent == "Organization" || parent == "Location" || parent == "Consent"
	case "code":
		return parent == "PractitionerRole"
	case "dosage":
		return parent == "MedicationStatement"
	case "relationship":
		return parent == "contact"
	case "modality":
		return parent == "ImagingStudy"
	case "content":
		return parent == "DocumentReference"
	case "bodySite":
		return parent != "series" && parent != "Observation" && parent != "Specimen"
	case "specimen":
		return parent == "DiagnosticReport" || parent == "ServiceRequest"
	case "context":
		return parent != "DocumentReference"
	}
	return listElements[name]
}
