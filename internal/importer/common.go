package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// fhirDate turns a FHIR date, dateTime or instant into phr's canonical form
// (see when.NormalizeDate). FHIR allows partial dates ("2015", "2015-03"),
// which phr's dates (whole days, or instants) cannot hold: writing
// 2015-01-01 would invent a precision the file does not have. So a partial
// date gives no date, and the note returned keeps it as written ("date in
// the file: 2015 (year only)"); the resource's original JSON keeps it too.
// A date phr cannot read is likewise returned as a note, never guessed.
func fhirDate(s string) (date, note string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	// A month or a year is kept as a note, as before phr's dates could
	// hold one (when.Partial): a content hash of an import includes the
	// date, and a second import of the same file must still add nothing.
	if d, err := when.NormalizeDate(s); err == nil && !when.Partial(d) {
		return d, ""
	}
	if _, err := time.Parse("2006", s); err == nil && len(s) == 4 {
		return "", partialNote + s + " (year only)"
	}
	if _, err := time.Parse("2006-01", s); err == nil && len(s) == 7 {
		return "", partialNote + s + " (month only)"
	}
	// A time without a zone is not valid FHIR, but some systems write it;
	// read it as UTC.
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339), ""
		}
	}
	return "", "date in the file not understood: " + s
}

// partialNote starts the note that keeps a partial date as written.
const partialNote = "date in the file: "

// endNote turns a note about a start date into one about an end date.
func endNote(n string) string {
	if rest, ok := strings.CutPrefix(n, partialNote); ok {
		return "end " + partialNote + rest
	}
	return n
}

// hl7Date turns an HL7 v3 TS value (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+-ZZZZ]),
// as C-CDA writes it, into phr's canonical form, with the same rules for
// partial dates as fhirDate.
func hl7Date(s string) (date, note string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	digits, zone := s, ""
	if i := strings.IndexAny(s, "+-"); i >= 0 {
		digits, zone = s[:i], s[i:]
	}
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		digits = digits[:i]
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return "", "date in the file not understood: " + s
		}
	}
	switch len(digits) {
	case 4:
		return fhirDate(digits)
	case 6:
		return fhirDate(digits[:4] + "-" + digits[4:])
	case 8:
		return fhirDate(digits[:4] + "-" + digits[4:6] + "-" + digits[6:])
	case 10, 12, 14:
		full := digits + strings.Repeat("0", 14-len(digits))
		loc := time.UTC
		if zone != "" {
			if len(zone) != 5 {
				return "", "date in the file not understood: " + s
			}
			h, err1 := strconv.Atoi(zone[1:3])
			m, err2 := strconv.Atoi(zone[3:5])
			if err1 != nil || err2 != nil {
				return "", "date in the file not understood: " + s
			}
			secs := h*3600 + m*60
			if zone[0] == '-' {
				secs = -secs
			}
			loc = time.FixedZone(zone, secs)
		}
		t, err := time.ParseInLocation("20060102150405", full, loc)
		if err != nil {
			return "", "date in the file not understood: " + s
		}
		if zone == "" && len(digits) >= 10 {
			// No zone: local time of the writer, unknown to us; keep the day.
			return t.Format(when.DateLayout), ""
		}
		return t.UTC().Format(time.RFC3339), ""
	}
	return "", "date in the file not understood: " + s
}

// plainDecimal writes a JSON number as a plain decimal ("1e3" -> "1000"),
// keeping the digits as written when it has no exponent.
func plainDecimal(s string) string {
	if !strings.ContainsAny(s, "eE") {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !record.InRange(f) {
		// Outside any physical range (1e308): kept as written, never
		// expanded to hundreds of digits.
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// contentID is a stable id for content that has none of its own.
func contentID(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// joinNotes joins the non-empty parts with ". " (or a newline when a part
// already ends a sentence).
func joinNotes(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// orDefault returns s, or def when s is blank.
func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return strings.TrimSpace(s)
}

// labelled returns "label: value", or "" when value is blank.
func labelled(label, value string) string {
	if strings.TrimSpace(value) == "" {
		return ""
	}
	return fmt.Sprintf("%s: %s", label, strings.TrimSpace(value))
}
