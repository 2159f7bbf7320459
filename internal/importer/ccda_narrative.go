package importer

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// collectNarrative reads a section's narrative block and records the text
// of every element with an ID attribute, so that originalText references
// ("#problem1") can be resolved. A narrative that is not well formed is
// read as far as it goes.
func collectNarrative(inner []byte, into map[string]string) {
	if len(bytes.TrimSpace(inner)) == 0 {
		return
	}
	dec := xml.NewDecoder(bytes.NewReader(inner))
	dec.Strict = false
	type open struct {
		id string
		b  strings.Builder
	}
	var stack []*open
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			o := &open{}
			for _, a := range t.Attr {
				if strings.EqualFold(a.Name.Local, "id") {
					o.id = a.Value
				}
			}
			stack = append(stack, o)
		case xml.EndElement:
			if len(stack) == 0 {
				return
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if o.id != "" {
				into[o.id] = strings.Join(strings.Fields(o.b.String()), " ")
			}
		case xml.CharData:
			for _, o := range stack {
				if o.id != "" {
					o.b.Write(t)
					o.b.WriteByte(' ')
				}
			}
		}
	}
}

// blockElements end a line of narrative text (CDA narrative blocks and
// XHTML alike).
var blockElements = map[string]bool{"paragraph": true, "p": true, "br": true, "tr": true, "item": true,
	"li": true, "div": true, "table": true, "caption": true, "list": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "thead": true, "tbody": true}

// narrativeText turns a narrative block (CDA section text or a FHIR
// resource's XHTML div) into plain text: one line per paragraph, list
// item or table row, table cells separated by " | ". Markup is dropped;
// the words are kept. A narrative that is not well formed is read as far
// as it goes.
func narrativeText(inner []byte) string {
	if len(bytes.TrimSpace(inner)) == 0 {
		return ""
	}
	dec := xml.NewDecoder(bytes.NewReader(inner))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var lines []string
	var cur strings.Builder
	cells := 0
	flush := func() {
		if l := strings.Join(strings.Fields(cur.String()), " "); l != "" && strings.Trim(l, "| ") != "" {
			lines = append(lines, strings.TrimSuffix(l, " |"))
		}
		cur.Reset()
		cells = 0
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := strings.ToLower(t.Name.Local)
			if blockElements[n] {
				flush()
			}
			if (n == "td" || n == "th") && cells > 0 {
				cur.WriteString(" | ")
			}
		case xml.EndElement:
			n := strings.ToLower(t.Name.Local)
			if blockElements[n] {
				flush()
			}
			if n == "td" || n == "th" {
				cells++
			}
		case xml.CharData:
			cur.Write(t)
			cur.WriteByte(' ')
		}
	}
	flush()
	return strings.Join(lines, "\n")
}
