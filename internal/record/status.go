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
		return "", fmt.Errorf("%s has no status: leave --status out", article(c))
	}
	return "", fmt.Errorf("unknown status %q for %s: use one of %s", s, article(c), strings.Join(allowed, ", "))
}

// article is the category with its indefinite article: "an allergy", "a note".
func article(c Category) string {
	if c != "" && strings.ContainsRune("aeiou", rune(c[0])) {
		return "an " + string(c)
	}
	return "a " + string(c)
}

// statusWords are the words a patient uses for the status codes of FHIR and
// C-CDA: "final" is a confirmed result, "not-taken" a medicine not taken.
var statusWords = map[string]string{
	"registered":       "awaiting result",
	"preliminary":      "provisional",
	"final":            "confirmed",
	"amended":          "amended",
	"corrected":        "corrected",
	"cancelled":        "cancelled",
	"entered-in-error": "entered in error",
	"on-hold":          "on hold",
	"not-taken":        "not taken",
	"not-done":         "not done",
	"in-progress":      "in progress",
	"intended":         "planned",
	"preparation":      "being prepared",
	"recurrence":       "come back",
	"relapse":          "relapsed",
	"remission":        "in remission",
	"differential":     "possible",
	"refuted":          "ruled out",
	"noshow":           "missed",
	"checked-in":       "checked in",
	"waitlist":         "on the waiting list",
	"fulfilled":        "attended",
	"superseded":       "replaced",
}

// StatusWords returns an entry's status in the words a patient uses
// ("final" is "confirmed", "not-taken" is "not taken"), for text output and
// the interface; --json and the store keep the code. A status phr has no
// words for is shown lower case with its hyphens as spaces.
func StatusWords(s string) string {
	k := strings.ToLower(strings.TrimSpace(s))
	if w, ok := statusWords[k]; ok {
		return w
	}
	return strings.NewReplacer("-", " ", "_", " ").Replace(k)
}

// Count says how many of something there are, in the right number: "1
// entry", "2 entries", "0 entries".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
