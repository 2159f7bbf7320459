package importer

import (
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
)

// The clinicians of a C-CDA statement: who performed it (a procedure, a
// test, a vaccination; who saw the person at a visit) and who recorded it
// (its author), each a Notes line in the words the FHIR import uses for
// the same roles ("Performed by: Dr Harold Hippocrates (Good Health
// Clinic)", "Seen by: ...", "Recorded by: ..."). A statement that names a
// clinician by id alone ("the document's author") is named from the
// header or an earlier statement that gives the name; one never named is
// left out, as an id means nothing to a person.

// personWords writes a clinician's name and organization: "Dr Patricia
// Primary M.D. (Good Health Clinic)", the organization alone, or "".
func personWords(a *cdaAssigned) string {
	name := ""
	for _, n := range a.Person {
		parts := slices.Concat(n.Prefix, n.Given, n.Family, n.Suffix)
		name = fhir.DropNullWords(strings.Join(strings.Fields(strings.Join(parts, " ")), " "))
		if name == "" {
			name = fhir.DropNullWords(strings.Join(strings.Fields(n.Text), " "))
		}
		if name != "" {
			break
		}
	}
	org := fhir.DropNullWords(strings.Join(strings.Fields(a.Org), " "))
	switch {
	case name == "":
		return org
	case org == "" || org == name:
		return name
	}
	return name + " (" + org + ")"
}

// assignedKey is an assigned entity's first usable id, "root/extension".
func assignedKey(a *cdaAssigned) []string {
	var keys []string
	for _, id := range a.IDs {
		if id.NullFlavor == "" && id.Root != "" {
			keys = append(keys, id.Root+"/"+id.Extension)
		}
	}
	return keys
}

// learnPeople remembers the names of clinicians given with an id.
func (c *ccdaReader) learnPeople(as []cdaAssigned) {
	for i := range as {
		w := personWords(&as[i])
		if w == "" {
			continue
		}
		for _, k := range assignedKey(&as[i]) {
			if _, ok := c.people[k]; !ok {
				c.people[k] = w
			}
		}
	}
}

// nameOf names a clinician: as the statement gives them, else by id.
func (c *ccdaReader) nameOf(a *cdaAssigned) string {
	if w := personWords(a); w != "" {
		return w
	}
	for _, k := range assignedKey(a) {
		if w := c.people[k]; w != "" {
			return w
		}
	}
	return ""
}

// peopleNotes are the lines naming who performed and who recorded st
// (else the entry's outer statement, as an organizer holds the performer
// of its results); performed says the role's words ("Performed by",
// "Seen by").
func (c *ccdaReader) peopleNotes(st, outer *cdaStmt, performed string) []string {
	for _, s := range []*cdaStmt{st, outer} {
		if s != nil {
			c.learnPeople(s.Performers)
			c.learnPeople(s.Authors)
		}
	}
	names := func(as func(*cdaStmt) []cdaAssigned) string {
		var out []string
		for _, s := range []*cdaStmt{st, outer} {
			if s == nil {
				continue
			}
			list := as(s)
			for i := range list {
				if w := c.nameOf(&list[i]); w != "" && !slices.Contains(out, w) {
					out = append(out, w)
				}
			}
			if len(out) > 0 {
				break
			}
		}
		return strings.Join(out, "; ")
	}
	return []string{
		labelled(performed, names(func(s *cdaStmt) []cdaAssigned { return s.Performers })),
		labelled("Recorded by", names(func(s *cdaStmt) []cdaAssigned { return s.Authors })),
	}
}
