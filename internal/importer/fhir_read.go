package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/fhir"
)

// MaxResource bounds one FHIR resource (one Bundle entry, or one top-level
// field of a single resource) as read from the file: 64 MiB, room for an
// inline attachment of about 48 MiB. Beyond it the import is refused before
// the resource is decoded (issue 16, item 8: a 150 MB note took 2.5 GB).
const MaxResource = 64 << 20

// readAhead is what the JSON decoder may have read past the resource.
const readAhead = 1 << 20

// ErrResourceTooLarge is a resource beyond MaxResource.
var ErrResourceTooLarge = errors.New("resource too large")

// readFHIR streams a FHIR R4 JSON file: a Bundle's entries are decoded one
// at a time with json.Decoder tokens, so the file is never held whole next
// to its decoded form. A single resource (not a Bundle) is read the same
// way, one top-level field at a time.
func readFHIR(r io.Reader, name string, now time.Time) (*Result, error) {
	lc := newLineCounter(r)
	lc.limit = MaxResource + readAhead
	dec := json.NewDecoder(lc)
	m := newFHIRMapper(name, now)
	fail := func(err error) error {
		return jsonError(name, "", err, dec, lc)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fail(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("import %s: not a FHIR resource: the file does not hold a JSON object", name)
	}
	top := map[string]json.RawMessage{}
	resourceType := ""
	sawEntries := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		key, _ := tok.(string)
		switch {
		case key == "resourceType":
			if err := dec.Decode(&resourceType); err != nil {
				return nil, fail(err)
			}
		case key == "entry" && (resourceType == "" || resourceType == "Bundle"):
			sawEntries = true
			if err := streamEntries(dec, lc, m, name); err != nil {
				return nil, err
			}
		default:
			var raw json.RawMessage
			lc.forget(dec.InputOffset())
			if err := dec.Decode(&raw); err != nil {
				return nil, fail(err)
			}
			top[key] = raw
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(err)
	}
	endLine, _ := lc.pos(dec.InputOffset() - 1)
	if dec.More() && resourceType != "" && resourceType != "Bundle" && !sawEntries {
		// NDJSON (a FHIR bulk export): one resource a line.
		if next, _ := lc.pos(dec.InputOffset()); next > endLine {
			return readNDJSON(dec, lc, m, name, resourceType, top)
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("more data after the end of the JSON object")
		}
		return nil, fail(err)
	}
	switch {
	case resourceType == "":
		return nil, fmt.Errorf("import %s: not a FHIR resource: the JSON object has no resourceType (%w)", name, ErrUnknownFormat)
	case resourceType == "Bundle":
		var h head
		if _, ok := top["meta"]; ok && json.Unmarshal(top["meta"], &h.Meta) == nil {
			m.addDocLabels(h.labels())
			if h.Meta != nil && strings.TrimSpace(h.Meta.Source) != "" {
				// The bundle's own source comes before a Composition's.
				m.res.Producer = strings.Join(strings.Fields(h.Meta.Source), " ")
			}
		}
		var typ string
		_ = json.Unmarshal(top["type"], &typ)
		if typ == "" && !sawEntries {
			return nil, fmt.Errorf("import %s: the Bundle has neither a type nor entries", name)
		}
	case sawEntries:
		return nil, fmt.Errorf("import %s: a %s has no entries: only a Bundle has them", name, resourceType)
	default:
		top["resourceType"], _ = json.Marshal(resourceType)
		raw, err := json.Marshal(top)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", name, err)
		}
		if err := m.add(-1, "", raw); err != nil {
			return nil, err
		}
	}
	return m.finish(), nil
}

// streamEntries decodes Bundle.entry one element at a time.
func streamEntries(dec *json.Decoder, lc *lineCounter, m *fhirMapper, name string) error {
	tok, err := dec.Token()
	if err != nil {
		return jsonError(name, "", err, dec, lc)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("import %s: Bundle.entry is not a list", name)
	}
	for i := 0; dec.More(); i++ {
		lc.forget(dec.InputOffset())
		var e fhir.BundleEntry
		if err := dec.Decode(&e); err != nil {
			return jsonError(name, fmt.Sprintf("bundle entry %d: ", i), err, dec, lc)
		}
		if len(e.Resource) == 0 || string(e.Resource) == "null" {
			m.res.tally("(no resource)").Read++
			m.res.unmapped("(no resource)", "(entry without a resource)")
			continue
		}
		if err := m.add(i, e.FullURL, e.Resource); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return jsonError(name, "", err, dec, lc)
	}
	return nil
}

// jsonError names the file, the place and what went wrong.
func jsonError(name, where string, err error, dec *json.Decoder, lc *lineCounter) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, ErrResourceTooLarge):
		line, _ := lc.pos(lc.bufStart)
		return fmt.Errorf("import %s: %sthe resource from line %d on is larger than phr's limit of %d MiB for one imported resource", name, where, line, MaxResource>>20)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		line, col := lc.pos(lc.off)
		return fmt.Errorf("import %s: %sunexpected end of JSON at line %d, column %d", name, where, line, col)
	case errors.As(err, &syn):
		off := lc.syntaxPlace()
		if off < 0 {
			off = syn.Offset - 1
		}
		line, col := lc.pos(off)
		return fmt.Errorf("import %s: %s%s at line %d, column %d", name, where, syn.Error(), line, col)
	case errors.As(err, &typ):
		line, col := lc.pos(typ.Offset - 1)
		return fmt.Errorf("import %s: %s%s at line %d, column %d", name, where, typeMessage(typ), line, col)
	}
	line, col := lc.pos(dec.InputOffset())
	return fmt.Errorf("import %s: %s%v at line %d, column %d", name, where, err, line, col)
}

// typeMessage says which field had the wrong kind of value.
func typeMessage(e *json.UnmarshalTypeError) string {
	field := e.Field
	if field == "" {
		field = "a value"
	}
	return fmt.Sprintf("%s should be %s, not a JSON %s", field, kindWord(e.Type.Kind().String()), e.Value)
}

func kindWord(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"), strings.HasPrefix(k, "float"):
		return "a number"
	case k == "slice":
		return "a list"
	case k == "struct", k == "map", k == "ptr":
		return "an object"
	case k == "bool":
		return "true or false"
	}
	return "a " + k
}

// compactJSON returns raw without insignificant white space, for Original
// and content hashes.
func compactJSON(raw []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}

// readNDJSON reads the rest of a FHIR NDJSON file (bulk data export: one
// resource a line, of any types), the first resource having been read
// into first. Errors name the line.
func readNDJSON(dec *json.Decoder, lc *lineCounter, m *fhirMapper, name, firstType string, first map[string]json.RawMessage) (*Result, error) {
	m.lines = true
	first["resourceType"], _ = json.Marshal(firstType)
	raw, err := json.Marshal(first)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	if err := m.add(0, "", raw); err != nil {
		return nil, err
	}
	for dec.More() {
		line, _ := lc.pos(dec.InputOffset())
		lc.forget(dec.InputOffset())
		var r json.RawMessage
		if err := dec.Decode(&r); err != nil {
			return nil, jsonError(name, fmt.Sprintf("line %d: ", line), err, dec, lc)
		}
		if len(r) == 0 || r[0] != '{' {
			return nil, fmt.Errorf("import %s: line %d: not a FHIR resource: each line of an NDJSON file holds one JSON object", name, line)
		}
		if err := m.add(int(line-1), "", r); err != nil {
			return nil, err
		}
	}
	return m.finish(), nil
}
