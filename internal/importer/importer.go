package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// Format is the kind of file an import reads.
type Format string

// The formats Read understands.
const (
	FHIR Format = "fhir"
	CCDA Format = "ccda"
	CSV  Format = "csv"
)

// Blob is a file carried inside an imported record (a scanned letter in a
// FHIR DocumentReference). The caller stores it as an attachment.
type Blob struct {
	Name string
	Type string
	Data []byte
}

// Item is one imported entry and the files that belong to it.
type Item struct {
	Entry       record.Entry
	Attachments []Blob
	// FormerSourceIDs are ids earlier phr versions gave this entry; the
	// caller treats an entry stored under one of them as the same entry
	// only when its content is the same (see SameContent).
	FormerSourceIDs []string
}

// Result is what Read found in one file.
type Result struct {
	Format Format
	// Items holds the entries in file order. Each has Source set to the
	// format name, SourceID to the resource's own id (or a content hash),
	// Sensitive to the kinds sensitive.Suggest finds, and Original to the
	// resource's JSON (FHIR) or the entry's XML (C-CDA).
	Items []Item
	// Profile is the person the file is about, or nil when it names none.
	Profile *record.Profile
	// Unmapped counts the resource types (FHIR) or sections (C-CDA) that
	// phr does not map, by name.
	Unmapped map[string]int
	// Skipped counts what was read and deliberately left out, as "KIND:
	// reason": entered in error, placeholders holding no information,
	// billing records.
	Skipped map[string]int
	// Tally accounts for every resource (FHIR, by type) or entry (C-CDA,
	// by section) read; see Tally.
	Tally map[string]*Tally
	// Version is "STU3" when a FHIR file had STU3 shapes, read like R4's
	// where the two agree; empty for R4 and other formats.
	Version string
	// Producer names who or what wrote the file when it says: a C-CDA's
	// custodian (or author's organization) and authoring software, a FHIR
	// Bundle's meta.source or a Composition's custodian or author.
	Producer string

	// meds and unresolved let Link resolve references between files.
	meds           map[string]*medRef
	unresolved     []unresolvedMed
	titles         map[string]string
	unresolvedRefs []pendingRefs
}

// ErrUnknownFormat is returned by Detect for content it does not recognise.
var ErrUnknownFormat = errors.New("not a FHIR R4 JSON or XML, FHIR NDJSON, C-CDA XML or CSV measurements file")

// HeadSize is how much of a file Read looks at to detect its format.
const HeadSize = 8 << 10

const headSize = HeadSize

// Detect tells the format from the first bytes of a file (at least a few
// hundred; the caller passes up to 8 KiB, HeadSize), by content, never by
// name: a JSON object with a resourceType (or one longer than the head) is
// FHIR, an XML document whose root is
// ClinicalDocument is C-CDA, and a text whose first line names a date, a
// type and a value column is CSV.
func Detect(head []byte) (Format, error) {
	h := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	h = bytes.TrimLeft(h, " \t\r\n")
	switch {
	case len(h) == 0:
		return "", fmt.Errorf("the file is empty: %w", ErrUnknownFormat)
	case h[0] == '{':
		// A resource may write its resourceType after a long base64 data
		// (a DocumentReference, a Binary): a JSON object that fills the
		// whole head is read as FHIR, and refused as an unknown format
		// when it turns out to name no resourceType.
		if looksFHIR(h) || len(head) >= headSize {
			return FHIR, nil
		}
	case h[0] == '<':
		if looksCCDA(h) {
			return CCDA, nil
		}
		if looksFHIRXML(h) {
			return FHIR, nil
		}
	default:
		if looksCSV(h) {
			return CSV, nil
		}
	}
	return "", ErrUnknownFormat
}

// Read parses one file. name is used in error messages only; now is the
// time of the import (appointments after it are upcoming).
func Read(r io.Reader, name string, now time.Time) (*Result, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(headSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	f, err := Detect(head)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	var res *Result
	switch f {
	case FHIR:
		if first := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"); len(first) > 0 && first[0] == '<' {
			res, err = readFHIRXML(br, name, now)
		} else {
			res, err = readFHIR(br, name, now)
		}
	case CCDA:
		res, err = readCCDA(br, name, now)
	default:
		res, err = readCSV(br, name, now)
	}
	if err != nil {
		return nil, err
	}
	res.Format = f
	return res, nil
}

func newResult(f Format) *Result {
	return &Result{Format: f, Unmapped: map[string]int{}, Skipped: map[string]int{}, Tally: map[string]*Tally{}}
}
