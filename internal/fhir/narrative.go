package fhir

import (
	"html"
	"strings"
)

// The narrative of every resource and section is short XHTML that phr
// writes itself, every text escaped: FHIR's narrative allows only a subset
// of XHTML, and an unescaped "&" makes a document invalid.

// Narrative's wrapper, and the block that carries notes in the narrative of
// a resource without a note element.
const (
	divOpen    = `<div xmlns="http://www.w3.org/1999/xhtml">`
	divClose   = `</div>`
	notesOpen  = `<pre>`
	notesClose = `</pre>`
)

// narrative is a resource's text: status "generated" (everything in it is
// in the structured data too) or "additional" (it carries notes).
func narrative(status, inner string) object {
	return object{}.set("status", status).set("div", divOpen+inner+divClose)
}

// para is a paragraph of escaped text.
func para(text string) string {
	return "<p>" + html.EscapeString(text) + "</p>"
}

// notesBlock is the notes as a preformatted block, so their lines stay.
func notesBlock(notes string) string {
	return notesOpen + html.EscapeString(notes) + notesClose
}

// summaryText is "title, date: value" with the parts there are.
func summaryText(title, date, value string) string {
	s := strings.TrimSpace(title)
	if date != "" {
		s += " (" + date + ")"
	}
	if value != "" {
		s += ": " + value
	}
	return s
}

// summaryLine is summaryText escaped.
func summaryLine(title, date, value string) string {
	return html.EscapeString(summaryText(title, date, value))
}

// narrativeNotes reads the notes a narrative carries (see notesBlock), or "".
func narrativeNotes(status, div string) string {
	if status != "additional" {
		return ""
	}
	i := strings.LastIndex(div, notesOpen)
	j := strings.LastIndex(div, notesClose)
	if i < 0 || j < i {
		return ""
	}
	return html.UnescapeString(div[i+len(notesOpen) : j])
}
