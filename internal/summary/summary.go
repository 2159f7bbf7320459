// Package summary lays out a person's record for reading on paper: the
// summary for a visit (Build, then Text, HTML or PDF) and the emergency card
// (BuildCard, then CardText, CardHTML or CardPDF).
//
// It does no I/O beyond the writer it is given and knows nothing of the
// terminal, the vault or the sensitive gate: callers choose the entries
// (share.Select and share.Gate) and pass them in. Default gives the entries a
// visit summary holds when the person named none.
package summary

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/when"
)

// DefaultCategories are the categories a summary reads when the person named
// none; Default then keeps what is current within them.
var DefaultCategories = []record.Category{record.Allergy, record.Medication, record.Condition,
	record.Immunization, record.Result, record.Measurement, record.Appointment}

// Params is what a summary is made of.
type Params struct {
	Profile record.Profile
	// Entries have already passed the selection and the sensitive gate.
	Entries []record.Entry
	// Made is when the summary is made (the injectable clock's now).
	Made time.Time
	// From says what it was made from, e.g. "phr 1.4, the record in
	// /home/ada/.local/share/phr".
	From string
	// Sensitive lists the sensitive kinds the person deliberately included.
	Sensitive []record.Kind
	// Default is set when the selection is the default one, so the headings
	// can say "current" and "the last year".
	Default bool
}

// Doc is a laid-out summary, the same for every format.
type Doc struct {
	Title     string
	Person    record.Profile
	Age       int
	Made      time.Time
	From      string
	Sensitive []string
	Entries   int
	Sections  []Section
}

// Section is one heading and its lines, or for results and measurements its
// table of series.
type Section struct {
	Category record.Category
	Heading  string
	Items    []Item
	Series   []Series
}

// Item is one line of a list section.
type Item struct {
	Title  string
	Date   string // "since 2024-03-01", "2026-12-01", or ""
	Detail string // reaction, dose, status, notes in one line
}

// Series is one test or measurement: its latest value and how it moved.
type Series struct {
	Title    string
	Latest   string // value with its unit in plain form
	Date     string // of the latest value
	Previous string // the value before, with unit, or ""
	Trend    string // "up", "down", "same" or ""
	Range    string
	Flag     string // interpretation, e.g. "high"
	Count    int
	// Points are the numeric values, oldest first, for a small chart.
	Points []float64
}

// sectionOrder is the order of sections on paper: what matters first.
var sectionOrder = []record.Category{record.Allergy, record.Medication, record.Condition, record.Immunization,
	record.Result, record.Measurement, record.Procedure, record.Appointment, record.Document, record.Contact, record.Note}

// heading names a section in plain words.
func heading(c record.Category, def bool) string {
	switch c {
	case record.Allergy:
		return "Allergies and reactions"
	case record.Medication:
		if def {
			return "Medicines taken now"
		}
		return "Medicines"
	case record.Condition:
		if def {
			return "Current conditions"
		}
		return "Conditions"
	case record.Immunization:
		return "Vaccinations"
	case record.Result:
		if def {
			return "Test results, last 12 months"
		}
		return "Test results"
	case record.Measurement:
		if def {
			return "Measurements, last 12 months"
		}
		return "Measurements"
	case record.Procedure:
		return "Operations and procedures"
	case record.Appointment:
		if def {
			return "Coming appointments"
		}
		return "Appointments"
	}
	return c.Label()
}

// Default keeps, of entries in DefaultCategories, what a clinician needs at a
// visit: allergies that still apply, medicines taken now, conditions still
// active, every vaccination, results and measurements of the last year, and
// appointments from today on.
func Default(entries []record.Entry, now time.Time) []record.Entry {
	yearAgo := now.AddDate(-1, 0, 0)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var out []record.Entry
	for _, e := range entries {
		st := strings.ToLower(strings.TrimSpace(e.Status))
		ended := strings.TrimSpace(e.End) != "" && !after(e.End, now)
		keep := false
		switch e.Category {
		case record.Allergy:
			keep = !slices.Contains([]string{"resolved", "inactive", "entered-in-error", "refuted"}, st)
		case record.Medication:
			keep = !ended && !slices.Contains([]string{"stopped", "completed", "entered-in-error", "not-taken", "cancelled"}, st)
		case record.Condition:
			keep = !ended && !slices.Contains([]string{"resolved", "inactive", "remission", "entered-in-error", "refuted"}, st)
		case record.Immunization:
			keep = st != "entered-in-error" && st != "not-done"
		case record.Result, record.Measurement:
			keep = st != "entered-in-error" && !before(e.Date, yearAgo)
		case record.Appointment:
			keep = !before(e.Date, today) && st != "cancelled" && st != "entered-in-error"
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

// before reports whether a date is known and before t.
func before(date string, t time.Time) bool {
	d, _, err := when.ParseDate(date)
	return err != nil || d.Before(t)
}

// after reports whether a date is known and after t.
func after(date string, t time.Time) bool {
	d, _, err := when.ParseDate(date)
	return err == nil && d.After(t)
}

// Build lays out a summary.
func Build(p Params) Doc {
	d := Doc{Title: "Health summary", Person: cleanProfile(p.Profile), Age: p.Profile.Age(p.Made), Made: p.Made,
		From: clean(p.From), Entries: len(p.Entries)}
	for _, k := range record.NormalizeKinds(p.Sensitive) {
		d.Sensitive = append(d.Sensitive, k.Describe())
	}
	// Each section's entries are copied once, into a list of its size: a
	// whole record's 100,000 readings grown by appending were copied over
	// and over.
	n := map[record.Category]int{}
	for i := range p.Entries {
		n[p.Entries[i].Category]++
	}
	by := make(map[record.Category][]record.Entry, len(n))
	for i := range p.Entries {
		c := p.Entries[i].Category
		if by[c] == nil {
			by[c] = make([]record.Entry, 0, n[c])
		}
		by[c] = append(by[c], p.Entries[i])
	}
	for _, c := range sectionOrder {
		es := by[c]
		if len(es) == 0 {
			continue
		}
		s := Section{Category: c, Heading: heading(c, p.Default)}
		if c == record.Result || c == record.Measurement {
			s.Series = series(es)
		} else {
			s.Items = items(c, es)
		}
		d.Sections = append(d.Sections, s)
	}
	return d
}

// items lays out a list section: appointments soonest first, the rest
// newest first.
func items(c record.Category, es []record.Entry) []Item {
	es = slices.Clone(es)
	slices.SortStableFunc(es, func(a, b record.Entry) int {
		if c == record.Appointment {
			return cmp.Compare(a.Date, b.Date)
		}
		return cmp.Compare(b.Date, a.Date)
	})
	out := make([]Item, 0, len(es))
	for _, e := range es {
		it := Item{Title: clean(e.Title)}
		day := when.DateOf(e.Date)
		switch {
		case day == "":
		case c == record.Medication || c == record.Condition || c == record.Allergy:
			it.Date = "since " + day
			if e.End != "" {
				it.Date = day + " to " + when.DateOf(e.End)
			}
		case c == record.Appointment && len(e.Date) > 10:
			if t, _, err := when.ParseDate(e.Date); err == nil {
				it.Date = t.Format("2006-01-02 15:04 MST")
			}
		default:
			it.Date = day
		}
		var detail []string
		if v := strings.TrimSpace(e.Value); v != "" {
			switch c {
			case record.Allergy:
				detail = append(detail, "reaction: "+v)
			case record.Medication:
				detail = append(detail, strings.TrimSpace(v+" "+record.PlainUnit(e.Unit)))
			case record.Immunization:
				detail = append(detail, "dose "+v)
			default:
				detail = append(detail, v)
			}
		}
		if st := strings.ToLower(strings.TrimSpace(e.Status)); st != "" && !slices.Contains([]string{"active", "completed", "final", "planned", "booked", "confirmed"}, st) {
			detail = append(detail, record.StatusWords(st))
		}
		if n := oneLine(e.Notes, 140); n != "" {
			detail = append(detail, n)
		}
		it.Detail = clean(strings.Join(detail, "; "))
		out = append(out, it)
	}
	return out
}

// series groups readings by what was measured (code, else title and unit)
// and keeps the latest of each, the one before, and the numeric values for
// a chart. Series are in title order.
func series(es []record.Entry) []Series {
	type group struct {
		title string
		unit  string
		es    []*record.Entry
	}
	groups := map[string]*group{}
	var keys []string
	for i := range es {
		e := &es[i]
		k := strings.ToLower(strings.TrimSpace(e.Title)) + "|" + strings.TrimSpace(e.Unit)
		if e.Code != nil && e.Code.Code != "" {
			k = e.Code.System + "|" + e.Code.Code + "|" + strings.TrimSpace(e.Unit)
		}
		g, ok := groups[k]
		if !ok {
			g = &group{title: e.Title, unit: e.Unit}
			groups[k] = g
			keys = append(keys, k)
		}
		g.es = append(g.es, e)
	}
	out := make([]Series, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		slices.SortStableFunc(g.es, func(a, b *record.Entry) int { return cmp.Compare(a.Date, b.Date) })
		last := g.es[len(g.es)-1]
		s := Series{Title: clean(g.title), Latest: clean(valueText(*last)), Date: when.DateOf(last.Date),
			Range: clean(last.Range), Flag: clean(strings.ToLower(last.Interpretation)), Count: len(g.es)}
		if len(g.es) > 1 {
			prev := g.es[len(g.es)-2]
			s.Previous = clean(valueText(*prev))
			a, okA := chartable(prev.Value)
			b, okB := chartable(last.Value)
			if okA && okB {
				switch {
				case b > a:
					s.Trend = "up"
				case b < a:
					s.Trend = "down"
				default:
					s.Trend = "same"
				}
			}
		}
		for _, e := range g.es {
			if v, ok := chartable(e.Value); ok {
				s.Points = append(s.Points, v)
			}
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Series) int { return cmp.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)) })
	return out
}

// valueText is a reading's value and unit in plain form; a compound reading
// without a value joins its parts ("120/80 mmHg").
func valueText(e record.Entry) string {
	if strings.TrimSpace(e.Value) == "" && len(e.Components) == 0 {
		return "" // a unit alone says nothing
	}
	return e.PlainValue()
}

// oneLine folds text to one line of at most n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}

// cleanProfile cleans every text of the profile.
func cleanProfile(p record.Profile) record.Profile {
	return record.Profile{Name: clean(p.Name), Born: clean(p.Born), BloodType: clean(p.BloodType), EmergencyContact: clean(p.EmergencyContact),
		Languages: clean(p.Languages), EmergencyNotes: clean(p.EmergencyNotes)}
}

// clean makes text that came from outside fit for one line of a printed or
// terminal summary: see internal/safetext, the one sanitiser.
func clean(s string) string { return safetext.Line(s) }

// chartable reads a value that is a number and nothing else, within the
// physical range phr charts: NaN, Inf and 1e308 are text (issue 16, item 8).
func chartable(v string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return f, err == nil && record.InRange(f)
}
