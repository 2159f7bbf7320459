package summary

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Text writes the summary as plain text: headings in capitals, one line an
// item, results as a table.
func Text(w io.Writer, d Doc) error {
	ew := &errWriter{w: w}
	title := d.Title
	if d.Person.Name != "" {
		title += ": " + d.Person.Name
	}
	ew.printf("%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
	if line := personLine(d); line != "" {
		ew.printf("%s\n", line)
	}
	if d.Person.EmergencyContact != "" {
		ew.printf("Emergency contact: %s\n", d.Person.EmergencyContact)
	}
	if d.Person.EmergencyNotes != "" {
		ew.printf("Important: %s\n", d.Person.EmergencyNotes)
	}
	if d.Person.Languages != "" {
		ew.printf("Speaks: %s\n", d.Person.Languages)
	}
	ew.printf("%s\n", madeLine(d))
	if len(d.Sensitive) > 0 {
		ew.printf("Includes sensitive entries, by the person's choice: %s.\n", strings.Join(d.Sensitive, ", "))
	}
	if len(d.Sections) == 0 {
		ew.printf("\nNothing to show.\n")
	}
	for _, s := range d.Sections {
		ew.printf("\n%s\n%s\n", strings.ToUpper(s.Heading), strings.Repeat("-", len([]rune(s.Heading))))
		for _, it := range s.Items {
			line := "- " + it.Title
			if it.Date != "" {
				line += " (" + it.Date + ")"
			}
			if it.Detail != "" {
				line += ": " + it.Detail
			}
			ew.printf("%s\n", line)
		}
		if len(s.Series) > 0 {
			tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "What\tLatest\tDate\tBefore\tTrend\tNormal range")
			for _, r := range s.Series {
				latest := r.Latest
				if r.Flag != "" {
					latest += " (" + r.Flag + ")"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Title, dash(latest), dash(r.Date), dash(r.Previous), dash(r.Trend), dash(r.Range))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	ew.printf("\nWritten by the person from their own health record. Check anything important with the\nrecords of the clinic that made it.\n")
	return ew.err
}

// personLine is "Born 1815-12-10 (age 210) · Blood type O+".
func personLine(d Doc) string {
	var parts []string
	if d.Person.Born != "" {
		b := "Born " + d.Person.Born
		if d.Age >= 0 {
			b += fmt.Sprintf(" (age %d)", d.Age)
		}
		parts = append(parts, b)
	}
	if d.Person.BloodType != "" {
		parts = append(parts, "Blood type "+d.Person.BloodType)
	}
	return strings.Join(parts, " · ")
}

// madeLine says when and from what the summary was made.
func madeLine(d Doc) string {
	s := "Made " + d.Made.Format("2006-01-02 15:04 MST")
	if d.From != "" {
		s += " with " + d.From
	}
	return s + fmt.Sprintf(", %d %s.", d.Entries, plural(d.Entries, "entry", "entries"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// errWriter keeps the first write error so the layout code stays plain.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, a ...any) { fmt.Fprintf(e, format, a...) }
