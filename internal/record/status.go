package record

import (
	"fmt"
	"slices"
	"strings"
)

// statuses are the words a person may give an entry's status, per category:
// the codes of the matching FHIR R4 status value sets (condition clinical
// and verification status, MedicationStatement.status, AllergyIntolerance
// clinical status, Immunization.status, Observation.status,
// Procedure.status, Appointment.status, DocumentReference.status), so that
// what a person types means the same as what an import brings. Contacts and
// notes have none. Imported entries keep whatever status their source gave.
var statuses = map[Category][]string{
	Condition:    {"active", "recurrence", "relapse", "inactive", "remission", "resolved", "unconfirmed", "provisional", "differential", "confirmed", "refuted"},
	Medication:   {"active", "completed", "stopped", "on-hold", "intended", "not-taken", "unknown"},
	Allergy:      {"active", "inactive", "resolved", "unconfirmed", "confirmed", "refuted"},
	Immunization: {"completed", "not-done"},
	Result:       {"registered", "preliminary", "final", "amended", "corrected", "cancelled"},
	Measurement:  {"registered", "preliminary", "final", "amended", "corrected", "cancelled"},
	Procedure:    {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed"},
	Appointment:  {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow", "checked-in", "waitlist"},
	Document:     {"current", "superseded"},
}

// Statuses returns the status words an entry of category c may be given by
// hand, or nil when the category has none.
func (c Category) Statuses() []string { return slices.Clone(statuses[c]) }

// ParseStatus checks a status typed for an entry of category c and returns
// it in canonical form (lower case, trimmed); an empty status is allowed.
func ParseStatus(c Category, s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	allowed := statuses[c]
	if slices.Contains(allowed, s) {
		return s, nil
	}
	if len(allowed) == 0 {
		return "", fmt.Errorf("a %s has no status: leave --status out", c)
	}
	return "", fmt.Errorf("unknown status %q for a %s: use one of %s", s, c, strings.Join(allowed, ", "))
}
