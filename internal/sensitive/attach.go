package sensitive

import (
	"bytes"
	"html"
	"mime"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/phrhealth/phr/internal/record"
)

// ScanAttachment reads the text of an attachment and returns the kinds
// its words (and, in XML such as C-CDA, its coded elements) suggest, each
// with a reason naming the attachment. checked is false when phr cannot
// read the file's text (a scanned image, a PDF, a binary file): the caller
// must then treat the attachment as not checked, which needs the same
// deliberate confirmation as a sensitive entry.
//
// Plain text, HTML, XML (C-CDA among them) and RTF are read. PDF is not:
// no pure-Go PDF text reader is approved for phr.
func ScanAttachment(name, mediaType string, data []byte) (reasons map[record.Kind]string, checked bool) {
	text, codes, ok := attachmentText(name, mediaType, data)
	if !ok {
		return nil, false
	}
	where := "the attachment " + name
	out := ScanText(text, where)
	t, err := rules()
	if err != nil {
		return out, true
	}
	for _, c := range codes {
		for _, h := range t.codeKinds(c) {
			if _, ok := out[h.kind]; !ok {
				out[h.kind] = "code " + systemOf(c.System) + " " + c.Code + " (" + h.table + ") in " + where
			}
		}
	}
	return out, true
}

// Unreadable reports whether an attachment's media type or name already
// says phr cannot read its text (PDF, images, sound, video), so the caller
// need not decrypt it to learn that it is not checked.
func Unreadable(name, mediaType string) bool {
	kind, decided := declaredKind(name, mediaType)
	return decided && kind == ""
}

// attachmentText returns the readable text of a file and, for XML, the
// codes its elements carry; ok is false for a file whose text phr cannot
// read.
func attachmentText(name, mediaType string, data []byte) (text string, codes []record.Code, ok bool) {
	kind := textKind(name, mediaType, data)
	switch kind {
	case "text":
		return toUTF8(data), nil, true
	case "html":
		return markupText(toUTF8(data)), nil, true
	case "xml":
		s := toUTF8(data)
		return markupText(s) + "\n" + strings.Join(attrValues(s, "displayName"), "\n"), xmlCodes(s), true
	case "rtf":
		return rtfText(data), nil, true
	}
	return "", nil, false
}

// textKind decides how to read a file: by its media type, then its name's
// extension, then its first bytes; "" for a file phr cannot read.
func textKind(name, mediaType string, data []byte) string {
	if kind, decided := declaredKind(name, mediaType); decided {
		return kind
	}
	mt, _, _ := mime.ParseMediaType(mediaType)
	head := bytes.TrimLeft(data[:min(len(data), 512)], " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return ""
	case bytes.HasPrefix(head, []byte(`{\rtf`)):
		return "rtf"
	case bytes.HasPrefix(head, []byte("<?xml")), bytes.HasPrefix(head, []byte("<ClinicalDocument")):
		return "xml"
	case bytes.HasPrefix(bytes.ToLower(head), []byte("<!doctype html")), bytes.HasPrefix(bytes.ToLower(head), []byte("<html")):
		return "html"
	}
	if (mt == "" || mt == "application/octet-stream" || mt == "application/json") && looksLikeText(data) {
		return "text"
	}
	return ""
}

// declaredKind is textKind decided by the media type or the extension
// alone; decided is false when only the bytes can tell.
func declaredKind(name, mediaType string) (kind string, decided bool) {
	mt, _, _ := mime.ParseMediaType(mediaType)
	if mt == "" {
		mt = strings.ToLower(strings.TrimSpace(mediaType))
	}
	switch {
	case mt == "application/pdf", strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"):
		return "", true
	case mt == "text/html", mt == "application/xhtml+xml":
		return "html", true
	case mt == "text/xml", mt == "application/xml", strings.HasSuffix(mt, "+xml"), mt == "application/hl7-v3":
		return "xml", true
	case mt == "text/rtf", mt == "application/rtf":
		return "rtf", true
	case strings.HasPrefix(mt, "text/"):
		return "text", true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".webp", ".dcm":
		return "", true
	case ".html", ".htm", ".xhtml":
		return "html", true
	case ".xml", ".cda", ".ccd", ".ccda":
		return "xml", true
	case ".rtf":
		return "rtf", true
	case ".txt", ".text", ".md", ".csv", ".log":
		return "text", true
	}
	return "", false
}

// looksLikeText reports whether data is UTF-8 text without control bytes
// other than white space.
func looksLikeText(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for _, b := range data {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			return false
		}
	}
	return true
}

// toUTF8 returns data as text, reading bytes that are not UTF-8 as
// Latin-1 (Windows letters are mostly Latin-1 or its superset).
func toUTF8(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	r := make([]rune, len(data))
	for i, b := range data {
		r[i] = rune(b)
	}
	return string(r)
}

var (
	scriptOrStyle = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)\s*>`)
	anyTag        = regexp.MustCompile(`(?s)<[^>]*>`)
	codeElem      = regexp.MustCompile(`<[^<>]*\bcode="([^"]{1,40})"[^<>]*>`)
	codeSystemAt  = regexp.MustCompile(`\bcodeSystem="([^"]{1,80})"`)
)

// markupText is the text of HTML or XML: tags become spaces, entities are
// decoded, scripts and styles are dropped.
func markupText(s string) string {
	s = scriptOrStyle.ReplaceAllString(s, " ")
	s = anyTag.ReplaceAllString(s, " ")
	return html.UnescapeString(s)
}

// attrValues returns the values of an attribute in markup.
func attrValues(s, attr string) []string {
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(attr) + `="([^"]*)"`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// xmlCodes returns the coded elements of XML (C-CDA and other HL7 v3:
// code="..." codeSystem="OID").
func xmlCodes(s string) []record.Code {
	var out []record.Code
	for _, tag := range codeElem.FindAllStringSubmatch(s, 5000) {
		sys := codeSystemAt.FindStringSubmatch(tag[0])
		if sys == nil {
			continue
		}
		out = record.AddCoding(out, record.Code{System: sys[1], Code: tag[1]})
	}
	return out
}

// rtfText is the text of an RTF document: control words and groups'
// braces are dropped, \'hh escapes read as Windows-1252 (Latin-1 here),
// \uN as the Unicode letter N, and \par and \line as line breaks. Groups
// that hold no text (fonts, colours, styles, pictures) are skipped.
func rtfText(data []byte) string {
	var b strings.Builder
	skip := []bool{false}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '{':
			skip = append(skip, skip[len(skip)-1])
		case '}':
			if len(skip) > 1 {
				skip = skip[:len(skip)-1]
			}
		case '\\':
			if i+1 >= len(data) {
				continue
			}
			n := data[i+1]
			switch {
			case n == '\\' || n == '{' || n == '}':
				if !skip[len(skip)-1] {
					b.WriteByte(n)
				}
				i++
			case n == '\'' && i+3 < len(data):
				var v byte
				for _, h := range data[i+2 : i+4] {
					v <<= 4
					switch {
					case h >= '0' && h <= '9':
						v |= h - '0'
					case h >= 'a' && h <= 'f':
						v |= h - 'a' + 10
					case h >= 'A' && h <= 'F':
						v |= h - 'A' + 10
					}
				}
				if !skip[len(skip)-1] {
					b.WriteRune(rune(v))
				}
				i += 3
			case n == '*':
				skip[len(skip)-1] = true
				i++
			case n >= 'a' && n <= 'z':
				j := i + 1
				for j < len(data) && data[j] >= 'a' && data[j] <= 'z' {
					j++
				}
				word := string(data[i+1 : j])
				k := j
				if k < len(data) && (data[k] == '-' || data[k] >= '0' && data[k] <= '9') {
					k++
					for k < len(data) && data[k] >= '0' && data[k] <= '9' {
						k++
					}
				}
				num := string(data[j:k])
				if k < len(data) && data[k] == ' ' {
					k++
				}
				switch word {
				case "fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "listtable", "listoverridetable", "generator":
					skip[len(skip)-1] = true
				case "par", "line", "sect", "page", "cell", "row", "tab":
					if !skip[len(skip)-1] {
						b.WriteByte('\n')
					}
				case "u":
					var v int
					for _, d := range strings.TrimPrefix(num, "-") {
						v = v*10 + int(d-'0')
					}
					if strings.HasPrefix(num, "-") {
						v = 65536 - v
					}
					if !skip[len(skip)-1] && v > 0 {
						b.WriteRune(rune(v))
					}
					if k < len(data) && data[k] == '?' {
						k++ // the fallback character
					}
				}
				i = k - 1
			default:
				i++
			}
		case '\r', '\n':
		default:
			if !skip[len(skip)-1] {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}
