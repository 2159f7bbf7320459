package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/when"
)

// queryOptions are phr query's statement, output form (at most one of
// JSON, JSONL and CSV; none prints a table) and time limit (0: app's
// default).
type queryOptions struct {
	SQL              string
	JSON, JSONL, CSV bool
	Timeout          time.Duration
}

// check refuses two output forms.
func (o queryOptions) check() error {
	n := 0
	for _, b := range []bool{o.JSON, o.JSONL, o.CSV} {
		if b {
			n++
		}
	}
	if n > 1 {
		return errs.New(errs.Usage, "choose one output: --json, --jsonl or --csv")
	}
	return nil
}

func (r *runner) queryCommand() *cobra.Command {
	var o queryOptions
	var timeout string
	cmd := &cobra.Command{
		Use:   "query 'SELECT ...' [--json | --jsonl | --csv]",
		Short: "Run a read-only SQL statement on your record in memory (no plaintext on disk)",
		Long: "Run one read-only SQL statement (SELECT, WITH, or a schema pragma such as table_info) on your\n" +
			"record, decrypted in memory only: what `age -d | sqlite3` would do, without writing the record to\n" +
			"disk. Writes, ATTACH, transactions, pragmas that set something and extensions are refused (exit 2);\n" +
			"the settings table, which holds the key that signs extracts, cannot be read. The tables are\n" +
			"described in docs/QUERY.md; PRAGMA table_info(entries) lists a table's columns.",
		GroupID: "record",
		Example: "  phr query 'SELECT category, count(*) FROM entries GROUP BY category'\n" +
			"  phr query \"SELECT date, value_num FROM entries WHERE title = 'Weight' ORDER BY date\" --csv > weight.csv\n" +
			"  phr query 'SELECT at, action FROM audit ORDER BY seq DESC LIMIT 20' --jsonl",
		Args: exactArgs(1, "say what to query: phr query 'SELECT ...'"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SQL = args[0]
			if err := o.check(); err != nil {
				return err
			}
			if timeout != "" {
				d, err := when.ParseDuration(timeout)
				if err != nil || d <= 0 {
					return errs.New(errs.Usage, "--timeout %q: use a positive duration such as 30s or 2m", timeout)
				}
				o.Timeout = d
			}
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			return r.runQuery(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.JSON, "json", false, "print a JSON array of objects, one per row, keys in column order (held in memory: --jsonl streams)")
	f.BoolVar(&o.JSONL, "jsonl", false, "print one JSON object per row, a line each (streams any size)")
	f.BoolVar(&o.CSV, "csv", false, "print CSV with a header row (text cleaned of control characters as on screen; --json keeps it exact)")
	f.StringVar(&timeout, "timeout", "", "stop the statement after `DURATION` (default 30s)")
	return cmd
}

// runQuery runs the read-only statement and prints its rows as they come.
func (r *runner) runQuery(ctx context.Context, s *app.Session, o queryOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	w := bufio.NewWriter(r.env.Stdout)
	var out queryWriter
	switch {
	case o.JSON:
		out = &jsonRows{w: w}
	case o.JSONL:
		out = &jsonRows{w: w, lines: true}
	case o.CSV:
		out = &csvRows{w: csv.NewWriter(w)}
	default:
		out = &textRows{w: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	}
	err := s.Query(ctx, o.SQL, o.Timeout, out.row)
	if ferr := out.finish(err == nil); err == nil {
		err = ferr
	}
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = errs.New(errs.Failed, "write the result: %v", ferr)
	}
	return err
}

// queryWriter prints the rows of a query as they come.
type queryWriter interface {
	row(cols []string, vals []any) error
	// finish ends the output; ok is false when the query failed.
	finish(ok bool) error
}

// jsonRows writes each row as an object whose keys keep the columns' order
// (a map would sort them). Blobs are base64, as encoding/json writes []byte.
// The --jsonl lines stream as they come; the --json array is held until the
// query ends, so a query that fails part way prints only the error object
// and stdout is always one JSON value.
type jsonRows struct {
	w       *bufio.Writer
	lines   bool
	started bool
	array   bytes.Buffer
}

func (j *jsonRows) row(cols []string, vals []any) error {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c)
		v, err := json.Marshal(vals[i])
		if err != nil {
			return errs.New(errs.Failed, "query: column %s: %v", c, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	if j.lines {
		b.WriteByte('\n')
		_, err := j.w.Write(safetext.EscapeJSON(b.Bytes()))
		return err
	}
	if j.started {
		j.array.WriteString(",\n  ")
	} else {
		j.array.WriteString("[\n  ")
	}
	j.started = true
	j.array.Write(safetext.EscapeJSON(b.Bytes()))
	return nil
}

func (j *jsonRows) finish(ok bool) error {
	if j.lines || !ok {
		return nil
	}
	if !j.started {
		_, err := j.w.WriteString("[]\n")
		return err
	}
	j.array.WriteString("\n]\n")
	_, err := j.w.Write(j.array.Bytes())
	return err
}

type csvRows struct {
	w      *csv.Writer
	header bool
}

// row writes a CSV record. CSV has no escapes, and what it holds came from
// outside (titles, notes), so each cell goes through the sanitiser as on a
// screen, line breaks kept (CSV quotes them): no escape sequence, control
// or bidi character reaches a terminal the CSV is printed or later shown
// on. --json and --jsonl keep the exact text, escaped.
func (c *csvRows) row(cols []string, vals []any) error {
	if !c.header {
		head := make([]string, len(cols))
		for i, col := range cols {
			head[i] = safetext.Line(col)
		}
		if err := c.w.Write(head); err != nil {
			return err
		}
		c.header = true
	}
	rec := make([]string, len(vals))
	for i, v := range vals {
		rec[i] = safetext.Text(cellString(v))
	}
	return c.w.Write(rec)
}

func (c *csvRows) finish(bool) error {
	c.w.Flush()
	return c.w.Error()
}

// textRows is a table for a person to read: columns aligned, each cell on
// one line through the sanitiser (line breaks shown as a mark).
type textRows struct {
	w      *tabwriter.Writer
	header bool
}

func (t *textRows) row(cols []string, vals []any) error {
	if !t.header {
		upper := make([]string, len(cols))
		for i, c := range cols {
			upper[i] = strings.ToUpper(safetext.Line(c))
		}
		fmt.Fprintln(t.w, strings.Join(upper, "\t"))
		t.header = true
	}
	cells := make([]string, len(vals))
	for i, v := range vals {
		cells[i] = clip(safetext.Line(cellString(v)), 60)
		if v == nil {
			cells[i] = "NULL"
		}
	}
	_, err := fmt.Fprintln(t.w, strings.Join(cells, "\t"))
	return err
}

func (t *textRows) finish(bool) error { return t.w.Flush() }

// cellString is a value as text: numbers in their shortest form, blobs as
// their size.
func cellString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	case []byte:
		return fmt.Sprintf("(%d bytes)", len(x))
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}
