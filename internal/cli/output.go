package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/phrhealth/phr/internal/app"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
)

// printJSON writes one JSON value and a newline. The text is exact, but C1,
// bidirectional and invisible format characters are \u-escaped as C0 ones
// already are, so the document is safe to print on a terminal.
func printJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(safetext.EscapeJSON(buf.Bytes()))
	return err
}

// entryOut is an entry as the contract's JSON shows it: every field
// present, and why each sensitive kind applies.
type entryOut struct {
	record.Entry
	// Code and Codings shadow the entry's own, so that every code has
	// its three members (the contract's {system, code, display}).
	Code             *codeOut               `json:"code"`
	Codings          []codeOut              `json:"codings,omitempty"`
	SensitiveReasons map[record.Kind]string `json:"sensitive_reasons"`
}

// codeOut is a code as --json shows it: display is null when unknown,
// never left out.
type codeOut struct {
	System  string  `json:"system"`
	Code    string  `json:"code"`
	Display *string `json:"display"`
}

func codeJSON(c record.Code) codeOut {
	out := codeOut{System: c.System, Code: c.Code}
	if c.Display != "" {
		out.Display = &c.Display
	}
	return out
}

// entryJSON is an entry as the contract's JSON shows it: every field present.
func entryJSON(e record.Entry) entryOut {
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Sensitive == nil {
		e.Sensitive = []record.Kind{}
	}
	// A blood pressure kept as its parts (imported, or from an extract)
	// reads in JSON as one typed by hand does: "142/91", its unit and its
	// parts.
	if v, u, uc, ok := e.PartsValue(); ok {
		e.Value, e.Unit, e.UnitCode = v, u, uc
	}
	out := entryOut{Entry: e, SensitiveReasons: app.KindReasons(e)}
	if e.Code != nil {
		c := codeJSON(*e.Code)
		out.Code = &c
	}
	for _, c := range e.Codings {
		out.Codings = append(out.Codings, codeJSON(c))
	}
	return out
}

func entriesJSON(es []record.Entry) []entryOut {
	out := make([]entryOut, len(es))
	for i, e := range es {
		out[i] = entryJSON(e)
	}
	return out
}

// printEntries writes a table of entries: id, date, category, title, value.
// Every field may have come from an import or an extract, so each goes
// through the sanitiser (a tab in one would also shift the columns).
func printEntries(w io.Writer, es []record.Entry) { printEntriesIn(w, es, record.DisplayUnits{}) }

// printEntriesIn is printEntries with the values in the person's chosen
// units (phr settings --weight lb).
func printEntriesIn(w io.Writer, es []record.Entry, units record.DisplayUnits) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tCATEGORY\tTITLE\tVALUE\tSENSITIVE")
	for _, e := range es {
		shown := units.Shown(e)
		val := clip(safe(shown.PlainValue()), 20)
		// An imported interpretation ("Below low normal") is the flag's words.
		if f := record.FlagMark(safe(e.Flag())); f != "" {
			val += " " + f
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", safe(e.ID), dash(dateOnly(safe(e.Date))), safe(string(e.Category)),
			clip(safe(e.Title), 48), dash(val), dash(safe(kindsText(e.Sensitive))))
	}
	tw.Flush()
}

// safe is a one-line field from outside made fit for the terminal; see
// internal/safetext.
func safe(s string) string { return safetext.Line(s) }

func kindsText(ks []record.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

func dateOnly(d string) string {
	if len(d) > 10 {
		return d[:10]
	}
	return d
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// printEntry writes every field of one entry, one per line, its value in
// the person's chosen units.
func printEntry(w io.Writer, e record.Entry, units record.DisplayUnits) {
	recorded := e.PlainValue()
	e = units.Shown(e)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", safe(k), v)
		}
	}
	// Every value is cleaned here, notes line by line, the rest as one line.
	one := func(k, v string) { line(k, safe(v)) }
	one("id", e.ID)
	one("category", string(e.Category))
	one("title", e.Title)
	one("date", e.Date)
	one("end", e.End)
	one("status", record.StatusWords(e.Status))
	one("value", e.PlainValue())
	if v := e.PlainValue(); v != recorded {
		one("recorded as", recorded)
	}
	for _, c := range e.Components {
		one("  "+strings.ToLower(c.Title), c.PlainValue())
	}
	one("summary", e.Stats.Words())
	one("dose", e.Dose)
	one("route", e.Route)
	one("frequency", e.Frequency)
	one("reaction", e.Reaction)
	one("severity", e.Severity)
	one("criticality", record.CriticalityWords(e.Criticality))
	one("range", e.Range)
	one("interpretation", e.Interpretation)
	if e.Code != nil {
		one("code", strings.TrimSpace(fmt.Sprintf("%s %s %s", e.Code.System, e.Code.Code, e.Code.Display)))
	}
	line("notes", strings.ReplaceAll(safetext.Text(e.Notes), "\n", "\n\t"))
	one("tags", strings.Join(e.Tags, ", "))
	one("sensitive", kindsText(e.Sensitive))
	why := app.KindReasons(e)
	for _, k := range record.Kinds() {
		if r, ok := why[k]; ok {
			one("  "+string(k), r)
		}
	}
	for _, a := range e.Attachments {
		one("attachment", fmt.Sprintf("%s (%s, %d bytes, id %s)", a.Name, dash(a.Type), a.Size, a.ID))
	}
	for _, l := range e.Links {
		one("link", l)
	}
	one("source", strings.TrimSpace(e.Source+" "+e.SourceID))
	for _, r := range e.Sources {
		one("  from", r.Words())
	}
	line("created", e.Created.Format("2006-01-02 15:04 MST"))
	line("updated", e.Updated.Format("2006-01-02 15:04 MST"))
	tw.Flush()
}

// plural returns one when n is 1 and many otherwise, for a word that is not
// a count (a verb agreeing with one); record.Count says counts.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// jsonStream prints values one at a time: as one JSON array laid out as
// printJSON lays out a slice, or with lines as JSON lines (one compact value
// a line). A long list then costs the memory of one value.
type jsonStream struct {
	w     *bufio.Writer
	lines bool
	n     int
	buf   bytes.Buffer
}

func newJSONStream(w io.Writer, lines bool) *jsonStream {
	return &jsonStream{w: bufio.NewWriter(w), lines: lines}
}

func (j *jsonStream) add(v any) error {
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	if !j.lines {
		enc.SetIndent("  ", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	switch {
	case j.lines:
	case j.n == 0:
		j.w.WriteString("[\n  ")
	default:
		j.w.WriteString(",\n  ")
	}
	b := safetext.EscapeJSON(j.buf.Bytes())
	if !j.lines {
		b = bytes.TrimSuffix(b, []byte("\n"))
	}
	j.n++
	_, err := j.w.Write(b)
	return err
}

// close ends the array (or prints [] for none) and flushes.
func (j *jsonStream) close() error {
	if !j.lines {
		if j.n == 0 {
			j.w.WriteString("[]\n")
		} else {
			j.w.WriteString("\n]\n")
		}
	}
	return j.w.Flush()
}
