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
