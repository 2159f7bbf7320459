package record

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Limits on what phr takes in (issue 16, item 8). A real record never
// reaches them; they stop one hostile or broken file from making every
// later command slow or running the machine out of memory. docs/SECURITY.md
// and the README list them.
const (
	// MaxNotes bounds an entry's notes (about 500 printed pages).
	MaxNotes = 1 << 20
	// MaxField bounds every other text of an entry: the title, value, unit,
	// status, each tag, code, label and component, the range, the
	// interpretation and each link.
	MaxField = 8 << 10
	// MaxAttachment bounds one attached or imported file.
	MaxAttachment = 256 << 20
	// MaxImportFile bounds one file given to phr import.
	MaxImportFile = 512 << 20
	// MaxListItems bounds the tags, codings, labels, components and links
	// of one entry.
	MaxListItems = 1000
)

// CheckBounds refuses an entry with a text beyond MaxNotes or MaxField, or
// a list beyond MaxListItems, naming the field and the limit.
func (e *Entry) CheckBounds() error {
	if len(e.Notes) > MaxNotes {
		return fmt.Errorf("its notes are %s, beyond phr's limit of %s for notes", Size(int64(len(e.Notes))), Size(MaxNotes))
	}
	fields := []struct{ name, v string }{
		{"title", e.Title}, {"value", e.Value}, {"unit", e.Unit}, {"status", e.Status}, {"date", e.Date}, {"end", e.End},
		{"range", e.Range}, {"interpretation", e.Interpretation}, {"unit code", e.UnitCode},
		{"source", e.Source}, {"source id", e.SourceID}, {"dose", e.Dose}, {"route", e.Route},
		{"frequency", e.Frequency}, {"reaction", e.Reaction}, {"severity", e.Severity}, {"criticality", e.Criticality},
	}
	add := func(name string, c *Code) {
		if c != nil {
			fields = append(fields, struct{ name, v string }{name, c.System + c.Code + c.Display})
		}
	}
	add("code", e.Code)
	for _, r := range e.Sources {
		fields = append(fields, struct{ name, v string }{"source", r.File + r.Format + r.Producer + r.ID})
	}
	lists := map[string]int{"sources": len(e.Sources), "tags": len(e.Tags), "codings": len(e.Codings), "labels": len(e.Labels),
		"components": len(e.Components), "links": len(e.Links), "attachments": len(e.Attachments)}
	for name, n := range lists {
		if n > MaxListItems {
			return fmt.Errorf("it has %d %s, beyond phr's limit of %d", n, name, MaxListItems)
		}
	}
	for _, t := range e.Tags {
		fields = append(fields, struct{ name, v string }{"tag", t})
	}
	for i := range e.Codings {
		add("coding", &e.Codings[i])
	}
	for i := range e.Labels {
		add("label", &e.Labels[i])
	}
	for _, l := range e.Links {
		fields = append(fields, struct{ name, v string }{"link", l})
	}
	for _, c := range e.Components {
		fields = append(fields, struct{ name, v string }{"component", c.Title + c.Value + c.Unit + c.UnitCode})
		add("component code", c.Code)
		// A part's value is charted as the number it starts with: one
		// outside any physical range would draw a 300-digit label.
		if f, ok := leadingNumber(c.Value); ok && !InRange(f) {
			return fmt.Errorf("the value of its part %q starts with a number outside any physical range: write the reading as measured", short(c.Title))
		}
	}
	for _, f := range fields {
		if len(f.v) > MaxField {
			return fmt.Errorf("its %s is %s, beyond phr's limit of %s for one field", f.name, Size(int64(len(f.v))), Size(MaxField))
		}
	}
	return nil
}

// Size writes a byte count for people: "512 bytes", "8 KiB", "1.5 MiB".
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<10))) + " KiB"
	case n < 1<<30:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<20))) + " MiB"
	}
	return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<30))) + " GiB"
}

func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}

// MaxMagnitude bounds a numeric value phr charts: no measurement of a body
// comes near it (red cells per litre are about 5e12). Beyond it, or below
// MinMagnitude, a value is kept as the text it was, never charted, so a
// chart never shows a 300-digit label.
const (
	MaxMagnitude = 1e15
	MinMagnitude = 1e-15
)

// InRange reports whether f is a finite number within the physical range
// phr charts (0, or a magnitude between MinMagnitude and MaxMagnitude).
func InRange(f float64) bool {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return false
	}
	a := math.Abs(f)
	return a == 0 || (a >= MinMagnitude && a <= MaxMagnitude)
}

// Numeric reads the leading number of a value ("82.5", "142/91" gives 142,
// "6.1 %" gives 6.1, "1.5e3" gives 1500). It reports false when the value
// does not start with one, and for a number outside the physical range
// (InRange: 1e308, a 300-digit number), which is kept as text and never
// charted. NaN and Inf are not numbers here.
func Numeric(v string) (float64, bool) {
	f, ok := leadingNumber(v)
	return f, ok && InRange(f)
}

// leadingNumber parses the number a value starts with, exponent included
// ("1e308" is not 1).
func leadingNumber(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	digits := func(i int) int {
		for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] == '.') {
			i++
		}
		return i
	}
	start := 0
	if start < len(v) && (v[start] == '-' || v[start] == '+') {
		start++
	}
	end := digits(start)
	if end == start {
		return 0, false
	}
	if end < len(v) && (v[end] == 'e' || v[end] == 'E') {
		i := end + 1
		if i < len(v) && (v[i] == '-' || v[i] == '+') {
			i++
		}
		if j := digits(i); j > i {
			end = j
		}
	}
	f, err := strconv.ParseFloat(v[:end], 64)
	if err != nil && !isRangeErr(err) {
		return 0, false
	}
	return f, true
}

// isRangeErr reports a number too large for a float64 (ParseFloat gives
// ±Inf with it): a number still, and out of range.
func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// short cuts a text for a message to its first 40 characters.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
