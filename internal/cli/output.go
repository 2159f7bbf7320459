package cli

import (
	"encoding/json"
	"fmt"
	"github.com/phrhealth/phr/internal/app"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/phrhealth/phr/internal/record"
)

// printJSON writes one JSON value and a newline.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// entryOut is an entry as the contract's JSON shows it: every field
// present, and why each sensitive kind applies.
type entryOut struct {
	record.Entry
	SensitiveReasons map[record.Kind]string `json:"sensitive_reasons"`
}

// entryJSON is an entry as the contract's JSON shows it: every field present.
func entryJSON(e record.Entry) entryOut {
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Sensitive == nil {
		e.Sensitive = []record.Kind{}
	}
	return entryOut{Entry: e, SensitiveReasons: app.KindReasons(e)}
}

func entriesJSON(es []record.Entry) []entryOut {
	out := make([]entryOut, len(es))
	for i, e := range es {
		out[i] = entryJSON(e)
	}
	return out
}

// printEntries writes a table of entries: id, date, category, title, value.
func printEntries(w io.Writer, es []record.Entry) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tCATEGORY\tTITLE\tVALUE\tSENSITIVE")
	for _, e := range es {
		val := strings.TrimSpace(e.Value + " " + e.Unit)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, dash(dateOnly(e.Date)), e.Category,
			clip(e.Title, 48), dash(clip(val, 20)), dash(kindsText(e.Sensitive)))
	}
	tw.Flush()
}

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

// printEntry writes every field of one entry, one per line.
func printEntry(w io.Writer, e record.Entry) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	line("id", e.ID)
	line("category", string(e.Category))
	line("title", e.Title)
	line("date", e.Date)
	line("end", e.End)
	line("status", e.Status)
	line("value", strings.TrimSpace(e.Value+" "+e.Unit))
	for _, c := range e.Components {
		line("  "+strings.ToLower(c.Title), strings.TrimSpace(c.Value+" "+c.Unit))
	}
	line("range", e.Range)
	line("interpretation", e.Interpretation)
	if e.Code != nil {
		line("code", strings.TrimSpace(fmt.Sprintf("%s %s %s", e.Code.System, e.Code.Code, e.Code.Display)))
	}
	line("notes", strings.ReplaceAll(e.Notes, "\n", "\n\t"))
	line("tags", strings.Join(e.Tags, ", "))
	line("sensitive", kindsText(e.Sensitive))
	why := app.KindReasons(e)
	for _, k := range record.Kinds() {
		if r, ok := why[k]; ok {
			line("  "+string(k), r)
		}
	}
	for _, a := range e.Attachments {
		line("attachment", fmt.Sprintf("%s (%s, %d bytes, id %s)", a.Name, dash(a.Type), a.Size, a.ID))
	}
	for _, l := range e.Links {
		line("link", l)
	}
	line("source", strings.TrimSpace(e.Source+" "+e.SourceID))
	line("created", e.Created.Format("2006-01-02 15:04 MST"))
	line("updated", e.Updated.Format("2006-01-02 15:04 MST"))
	tw.Flush()
}

// plural returns one when n is 1 and many otherwise.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
