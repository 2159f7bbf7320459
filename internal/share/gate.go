package share

import (
	"fmt"
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// Flagged is one sensitive entry found by the gate: what the caller prints on
// the person's own stderr (one line each) or shows on the review screen.
type Flagged struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Date  string `json:"date"`
	// Kinds are the entry's effective sensitive kinds: its own and those
	// inferred from its codes and words.
	Kinds []record.Kind `json:"kinds"`
	// Reasons says, per kind, why it applies ("marked by you", "escitalopram
	// is an antidepressant").
	Reasons map[record.Kind]string `json:"reasons"`
	// NotChecked names the entry's attachments whose text phr could not
	// read (a scanned image, a PDF): they need the same deliberate
	// confirmation as a sensitive entry.
	NotChecked []string `json:"not_checked,omitempty"`
}

// FileCheck is what reading an entry's attachments found: the kinds their
// text suggests, with reasons, and the attachments phr could not read.
type FileCheck struct {
	Kinds      map[record.Kind]string
	NotChecked []string
}

// Gate is the sensitive gate every export passes through. Without
// includeSensitive, a selection touching any entry with an effective sensitive
// kind is refused with an errs.Policy error, kept is nil and flagged lists the
// sensitive entries so the caller can say which and write nothing. With
// includeSensitive every entry is kept and flagged reports the sensitive
// ones (FlaggedKinds gives the kinds for BuildParams.SensitiveIncluded).
//
// The error names entry ids and kinds only; titles travel in flagged.
func Gate(entries []record.Entry, includeSensitive bool) (kept []record.Entry, flagged []Flagged, err error) {
	return GateFiles(entries, includeSensitive, nil)
}

// GateFiles is Gate with what reading the entries' attachments found, by
// entry id (see FileCheck): an attachment's kinds join its entry's, and an
// entry with an attachment phr could not read is flagged as not checked.
func GateFiles(entries []record.Entry, includeSensitive bool, files map[string]FileCheck) (kept []record.Entry, flagged []Flagged, err error) {
	for i := range entries {
		e := &entries[i]
		kinds := effectiveKinds(e)
		fc := files[e.ID]
		reasons := map[record.Kind]string(nil)
		if len(kinds) > 0 || len(fc.Kinds) > 0 {
			reasons = KindReasons(e)
			for k, why := range fc.Kinds {
				if _, ok := reasons[k]; !ok && !e.SensitiveReviewed {
					reasons[k] = why
					kinds = append(kinds, k)
				}
			}
			kinds = record.NormalizeKinds(kinds)
		}
		if len(kinds) == 0 && len(fc.NotChecked) == 0 {
			continue
		}
		flagged = append(flagged, Flagged{ID: e.ID, Title: e.Title, Date: e.Date, Kinds: kinds, Reasons: reasons,
			NotChecked: slices.Clone(fc.NotChecked)})
	}
	if len(flagged) > 0 && !includeSensitive {
		ids := make([]string, len(flagged))
		for i, f := range flagged {
			ids[i] = f.ID
		}
		return nil, flagged, errs.WithItems(errs.New(errs.Policy, "%s; add --include-sensitive to share them, or --exclude-sensitive to leave them out", describeFlagged(flagged)), ids...)
	}
	return append([]record.Entry(nil), entries...), flagged, nil
}

// Without returns the entries that are not flagged: what is left when the
// person chooses to leave every sensitive entry out.
func Without(entries []record.Entry, flagged []Flagged) []record.Entry {
	out := make([]record.Entry, 0, len(entries))
	for _, e := range entries {
		if !slices.ContainsFunc(flagged, func(f Flagged) bool { return f.ID == e.ID }) {
			out = append(out, e)
		}
	}
	return out
}

// FlaggedKinds returns the sensitive kinds of the flagged entries, each once,
// in canonical order.
func FlaggedKinds(flagged []Flagged) []record.Kind {
	var all []record.Kind
	for _, f := range flagged {
		all = append(all, f.Kinds...)
	}
	return record.NormalizeKinds(all)
}

// describeFlagged says how many entries are sensitive, which (by id) and of
// which kinds, without their titles.
func describeFlagged(flagged []Flagged) string {
	ids := make([]string, len(flagged))
	for i, f := range flagged {
		ids[i] = f.ID
	}
	kinds := FlaggedKinds(flagged)
	words := make([]string, len(kinds))
	for i, k := range kinds {
		words[i] = k.Describe()
	}
	unread := 0
	for _, f := range flagged {
		unread += len(f.NotChecked)
	}
	switch {
	case unread == 1:
		words = append(words, "1 attachment phr could not read")
	case unread > 1:
		words = append(words, fmt.Sprintf("%d attachments phr could not read", unread))
	}
	verb := "entries in this selection are"
	if len(flagged) == 1 {
		verb = "entry in this selection is"
	}
	if len(FlaggedKinds(flagged)) == 0 {
		verb += " not checked"
		return fmt.Sprintf("%d %s: %s (%s)", len(flagged), verb, strings.Join(ids, ", "), strings.Join(words, ", "))
	}
	return fmt.Sprintf("%d %s sensitive: %s (%s)", len(flagged), verb, strings.Join(ids, ", "), strings.Join(words, ", "))
}

// entryKinds returns the effective kinds of all entries, in canonical order.
func entryKinds(entries []record.Entry) []record.Kind {
	var all []record.Kind
	for i := range entries {
		all = append(all, effectiveKinds(&entries[i])...)
	}
	return record.NormalizeKinds(all)
}
