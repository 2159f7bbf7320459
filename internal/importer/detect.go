package importer

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// looksFHIR reports a JSON object that names a resourceType (at the top or,
// for bundles that write it last, in their first entries) or, when that
// lies beyond the head, starts like a Bundle ("entry" with "fullUrl" or
// "resource").
func looksFHIR(h []byte) bool {
	if bytes.Contains(h, []byte(`"resourceType"`)) {
		return true
	}
	return bytes.Contains(h, []byte(`"entry"`)) &&
		(bytes.Contains(h, []byte(`"fullUrl"`)) || bytes.Contains(h, []byte(`"resource"`)))
}

// looksCCDA reports an XML document whose root element is ClinicalDocument.
func looksCCDA(h []byte) bool {
	rest := h
	for {
		i := bytes.IndexByte(rest, '<')
		if i < 0 || i+1 >= len(rest) {
			return false
		}
		rest = rest[i+1:]
		switch {
		case bytes.HasPrefix(rest, []byte("?")), bytes.HasPrefix(rest, []byte("!")):
			continue // declaration, processing instruction, comment, doctype
		}
		name := rest
		if j := bytes.IndexAny(name, " \t\r\n/>"); j >= 0 {
			name = name[:j]
		}
		if k := bytes.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		return string(name) == "ClinicalDocument"
	}
}

// looksCSV reports a first line that names a date, a type and a value
// column (see csvColumns).
func looksCSV(h []byte) bool {
	line := h
	if i := bytes.IndexByte(h, '\n'); i >= 0 {
		line = h[:i]
	}
	if bytes.IndexByte(line, 0) >= 0 {
		return false
	}
	r := csv.NewReader(strings.NewReader(string(line)))
	r.Comma = sniffComma(string(line))
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return false
	}
	_, err = csvColumns(header)
	return err == nil
}
