package share

import (
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// Selection is what the person chose to share: whole categories and single
// entries by id, narrowed by date and tag.
//
// An entry is chosen when its category is listed or its id is; Since, Until
// and Tag narrow the category matches only, since an id named explicitly is
// always meant. Since and Until are dates ("YYYY-MM-DD", inclusive, UTC),
// RFC 3339 times or times ago counted back from Now ("7d", "2w": see
// when.ParseBound), compared with the entry's Date; an entry without a date
// never matches a date range. IDs may be unique prefixes, as phr show takes.
type Selection struct {
	Categories []record.Category
	IDs        []string
	Since      string
	Until      string
	Tag        string
	// Now is the time a time ago counts back from.
	Now time.Time
}

// Select returns the entries the selection chooses, in the order given. It
// refuses (errs.Usage) a selection that names nothing, an unknown id, an
// unreadable date, and a selection that matches nothing: the person always
// chooses what leaves.
func Select(entries []record.Entry, sel Selection) ([]record.Entry, error) {
	if len(sel.Categories) == 0 && len(sel.IDs) == 0 {
		return nil, errs.New(errs.Usage, "choose what to share: --category or --item")
	}
	for _, c := range sel.Categories {
		if _, err := record.ParseCategory(string(c)); err != nil {
			return nil, withKind(errs.Usage, err)
		}
	}
	since, until, err := selectionRange(sel.Since, sel.Until, sel.Now)
	if err != nil {
		return nil, err
	}
	tag := strings.ToLower(strings.TrimSpace(sel.Tag))

	byID := make(map[string]bool, len(sel.IDs))
	for _, id := range sel.IDs {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		full, err := resolveID(entries, id)
		if err != nil {
			return nil, err
		}
		byID[full] = true
	}

	var out []record.Entry
	seen := make(map[string]bool)
	for _, e := range entries {
		if seen[e.ID] {
			continue
		}
		chosen := byID[e.ID]
		if !chosen && slices.Contains(sel.Categories, e.Category) {
			chosen = inRange(e.Date, since, until) && (tag == "" || slices.Contains(e.Tags, tag))
		}
		if chosen {
			seen[e.ID] = true
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, errs.New(errs.Usage, "nothing matches this selection: check --category, --item, --since, --until and --tag (phr list shows what there is)")
	}
	return out, nil
}

// resolveID returns the id of the one entry whose id is id or, as phr show
// takes it, starts with it (at least four characters).
func resolveID(entries []record.Entry, id string) (string, error) {
	if slices.ContainsFunc(entries, func(e record.Entry) bool { return e.ID == id }) {
		return id, nil
	}
	id = strings.ToLower(id)
	var found []string
	for _, e := range entries {
		if len(id) >= 4 && strings.HasPrefix(e.ID, id) && !slices.Contains(found, e.ID) {
			found = append(found, e.ID)
		}
	}
	switch len(found) {
	case 0:
		if len(id) < 4 {
			return "", errs.New(errs.Usage, "no entry with id %q: give at least its first four characters (phr list shows the ids)", id)
		}
		return "", errs.New(errs.Usage, "no entry with id %q: see phr list", id)
	case 1:
		return found[0], nil
	}
	return "", errs.New(errs.Usage, "id %q matches more than one entry: type more of it", id)
}

// selectionRange parses Since and Until; a zero time means no bound. A plain
// Until date includes the whole of that day.
func selectionRange(sinceText, untilText string, now time.Time) (since, until time.Time, err error) {
	if strings.TrimSpace(sinceText) != "" {
		if since, _, err = when.ParseBound(sinceText, now); err != nil {
			return since, until, withKind(errs.Usage, err)
		}
	}
	if strings.TrimSpace(untilText) != "" {
		var canon string
		if until, canon, err = when.ParseBound(untilText, now); err != nil {
			return since, until, withKind(errs.Usage, err)
		}
		if len(canon) == len(when.DateLayout) {
			until = until.Add(24*time.Hour - time.Nanosecond)
		}
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		return since, until, errs.New(errs.Usage, "--until is before --since: swap them")
	}
	return since, until, nil
}

// inRange reports whether an entry's date lies within [since, until].
func inRange(date string, since, until time.Time) bool {
	if since.IsZero() && until.IsZero() {
		return true
	}
	t, _, err := when.ParseDate(date)
	if err != nil {
		return false
	}
	return (since.IsZero() || !t.Before(since)) && (until.IsZero() || !t.After(until))
}

// Covered returns the categories a selection shares whole: those it names
// without a date or tag filter, less any of which the gate left entries
// out (held lists the entries left out, all lists the record). The extract
// says a required section of such a category holds nothing because the
// record holds nothing, and of any other that it was not shared.
func Covered(sel Selection, all []record.Entry, held []Flagged) []record.Category {
	if sel.Since != "" || sel.Until != "" || sel.Tag != "" {
		return nil
	}
	left := map[string]bool{}
	for _, f := range held {
		left[f.ID] = true
	}
	partial := map[record.Category]bool{}
	for _, e := range all {
		if left[e.ID] {
			partial[e.Category] = true
		}
	}
	var out []record.Category
	for _, c := range sel.Categories {
		if !partial[c] {
			out = append(out, c)
		}
	}
	return out
}
