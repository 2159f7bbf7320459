package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// Column names a CSV header may use, lower-cased, for each field.
var csvAliases = map[string][]string{
	"date":  {"date", "time", "datetime", "date_time", "date/time", "timestamp", "when", "recorded", "measured", "taken", "day"},
	"type":  {"type", "kind", "measurement", "measure", "metric", "name", "what", "reading type", "test", "title"},
	"value": {"value", "reading", "result", "amount", "measurement value", "val"},
	"unit":  {"unit", "units", "uom"},
	"notes": {"note", "notes", "comment", "comments"},
}

// csvColumns finds the date, type, value (required), unit and notes
// columns in a header row.
func csvColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		for field, names := range csvAliases {
			if _, done := cols[field]; done {
				continue
			}
			for _, n := range names {
				if h == n {
					cols[field] = i
				}
			}
		}
	}
	var missing []string
	for _, f := range []string{"date", "type", "value"} {
		if _, ok := cols[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the header row has no %s column", strings.Join(missing, ", "))
	}
	return cols, nil
}

// sniffComma picks the separator the header line uses most.
func sniffComma(line string) rune {
	best, n := ',', strings.Count(line, ",")
	for _, c := range []rune{';', '\t'} {
		if k := strings.Count(line, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}

var bpForm = regexp.MustCompile(`^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$`)

// readCSV reads measurements: one per row, with a date, a type (what was
// measured) and a value, and optionally a unit and notes. A value written
// as "142/91" is a blood pressure and gets systolic and diastolic parts.
func readCSV(r io.Reader, name string, _ time.Time) (*Result, error) {
	res := newResult(CSV)
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096)
	first := string(head)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(first)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err, cr)
	}
	cols, err := csvColumns(header)
	if err != nil {
		return nil, fmt.Errorf("import %s: line 1: %w", name, err)
	}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err, cr)
		}
		line, _ := cr.FieldPos(0)
		if blankRow(row) {
			continue
		}
		get := func(f string) string {
			i, ok := cols[f]
			if !ok || i >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[i])
		}
		colOf := func(f string) int {
			_, c := cr.FieldPos(min(cols[f], len(row)-1))
			return c
		}
		e := record.Entry{Category: record.Measurement, Source: string(CSV)}
		e.Title = get("type")
		if e.Title == "" {
			return nil, fmt.Errorf("import %s: line %d, column %d: the type is empty: say what was measured", name, line, colOf("type"))
		}
		raw := get("date")
		if e.Date, err = csvDate(raw); err != nil {
			return nil, fmt.Errorf("import %s: line %d, column %d: %w", name, line, colOf("date"), err)
		}
		e.Value, e.Unit, e.Notes = get("value"), get("unit"), get("notes")
		if e.Value == "" {
			return nil, fmt.Errorf("import %s: line %d, column %d: the value is empty", name, line, colOf("value"))
		}
		if m := bpForm.FindStringSubmatch(e.Value); m != nil {
			e.Unit = orDefault(e.Unit, "mm[Hg]")
			e.Components = []record.Component{
				{Code: &record.Code{System: "loinc", Code: loincSystolic, Display: "Systolic blood pressure"}, Title: "Systolic blood pressure", Value: m[1], Unit: e.Unit},
				{Code: &record.Code{System: "loinc", Code: loincDiastolic, Display: "Diastolic blood pressure"}, Title: "Diastolic blood pressure", Value: m[2], Unit: e.Unit},
			}
			e.Value = m[1] + "/" + m[2]
		}
		e.UnitCode = fhir.UCUMCode(e.Unit)
		for i := range e.Components {
			e.Components[i].UnitCode = e.UnitCode
		}
		e.SourceID = contentID([]byte(strings.Join([]string{e.Date, e.Title, e.Value, e.Unit, e.Notes}, "\x1f")))
		e.Original = strings.Join(row, ",")
		res.Items = append(res.Items, Item{Entry: e})
	}
	for i := range res.Items {
		res.Items[i].Entry.Sensitive = suggest(&res.Items[i].Entry)
	}
	return res, nil
}

func blankRow(row []string) bool {
	for _, f := range row {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvDate reads YYYY-MM-DD, RFC 3339, "YYYY-MM-DD HH:MM[:SS]" (taken as
// UTC) or an HL7-style YYYYMMDD.
func csvDate(s string) (string, error) {
	if s == "" {
		return "", errors.New("the date is empty")
	}
	if d, note := fhirDate(s); d != "" && note == "" {
		return d, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/01/02", "2006/01/02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			if len(layout) == 10 {
				return t.Format("2006-01-02"), nil
			}
			return t.UTC().Format(time.RFC3339), nil
		}
	}
	if d, note := hl7Date(s); d != "" && note == "" {
		return d, nil
	}
	return "", fmt.Errorf("date %q not understood: use YYYY-MM-DD or YYYY-MM-DD HH:MM", s)
}

func csvError(name string, err error, cr *csv.Reader) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("import %s: %v at line %d, column %d", name, pe.Err, pe.Line, pe.Column)
	}
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("import %s: the file is empty", name)
	}
	line, col := cr.FieldPos(0)
	return fmt.Errorf("import %s: %w at line %d, column %d", name, err, line, col)
}
