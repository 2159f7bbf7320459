package importer

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// maxBodyFile bounds a nonXMLBody file once decoded and decompressed: a
// scanned letter is a few megabytes; a compressed bomb must not fill the
// memory.
const maxBodyFile = 256 << 20

// nonXMLBody makes the document entry of a C-CDA whose body is a file (an
// embedded PDF or image, a plain text, or a reference to a file): the file
// becomes its attachment, a reference its link (never fetched).
func (c *ccdaReader) nonXMLBody(doc *cdaDoc) error {
	t := doc.NonXML.Text
	e := record.Entry{Category: record.Document, Source: string(CCDA)}
	e.Title, e.Code = c.concept(&doc.Code)
	if title := strings.Join(strings.Fields(doc.Title), " "); title != "" {
		e.Title = title
	}
	var notes []string
	e.Date, _ = hl7Date(doc.Effective.Value)
	if _, n := hl7Date(doc.Effective.Value); n != "" {
		notes = append(notes, n)
	}
	var data []byte
	raw := strings.TrimSpace(t.Data)
	switch {
	case strings.EqualFold(t.Representation, "B64") && raw != "":
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(raw), ""))
		if err != nil {
			return fmt.Errorf("import %s: the document's body (nonXMLBody) is not valid base64: %v", c.name, err)
		}
		if data, err = decompress(t.Compression, b); err != nil {
			return fmt.Errorf("import %s: the document's body (nonXMLBody): %v", c.name, err)
		}
	case raw != "":
		data = []byte(raw)
	}
	mediaType := orDefault(t.MediaType, "text/plain")
	var blobs []Blob
	if len(data) > 0 {
		blobs = append(blobs, Blob{Name: blobName(fhir.Attachment{ContentType: mediaType}, orDefault(e.Title, "document"), 0), Type: mediaType, Data: data})
	}
	if t.Reference != nil && strings.TrimSpace(t.Reference.Value) != "" {
		ref := strings.TrimSpace(t.Reference.Value)
		e.Links = append(e.Links, ref)
		notes = append(notes, labelled("The document is a file kept elsewhere", ref))
	}
	if len(blobs) == 0 && len(e.Links) == 0 {
		notes = append(notes, "The document's body (nonXMLBody) is empty.")
	}
	e.Notes = joinNotes(notes...)
	// The file itself is the attachment; Original keeps what describes it.
	e.Original = fmt.Sprintf(`<nonXMLBody><text mediaType=%q representation=%q bytes="%d"/></nonXMLBody>`, t.MediaType, t.Representation, len(data))
	e.SourceID = docID(doc)
	if e.SourceID == "" {
		e.SourceID = contentID(append([]byte(e.Title+"\x1f"), data...))
	}
	e.Labels = append([]record.Code(nil), c.docLabels...)
	c.res.Items = append(c.res.Items, Item{Entry: e, Attachments: blobs})
	tl := c.res.tally("document body (nonXMLBody)")
	tl.Read++
	tl.Imported++
	return nil
}

// docID is the document's own id, as root/extension.
func docID(doc *cdaDoc) string {
	return stmtID(&cdaStmt{IDs: doc.IDs})
}

// decompress undoes a nonXMLBody's compression (DF deflate, GZ gzip, ZL
// zlib), within maxBodyFile.
func decompress(method string, b []byte) ([]byte, error) {
	var r io.Reader
	switch strings.ToUpper(method) {
	case "":
		return b, nil
	case "GZ":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		r = zr
	case "ZL":
		zr, err := zlib.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		r = zr
	case "DF":
		r = flate.NewReader(bytes.NewReader(b))
	default:
		return nil, fmt.Errorf("compressed with %s, which phr cannot read", method)
	}
	out, err := io.ReadAll(io.LimitReader(r, maxBodyFile+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxBodyFile {
		return nil, fmt.Errorf("the file is larger than %d MiB once decompressed", maxBodyFile>>20)
	}
	return out, nil
}
