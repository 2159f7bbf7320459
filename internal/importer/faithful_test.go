package importer

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

func readTestdata(t *testing.T, rel string) *Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(bytes.NewReader(data), filepath.Base(rel), testNow)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A C-CDA whose body is a file (nonXMLBody) is one document entry with the
// file attached, or linked when the body only references it.
func TestCCDANonXMLBody(t *testing.T) {
	for _, tc := range []struct {
		file, title, date, mediaType, starts, link string
	}{
		{"ccda/unstructured-embedded-pdf.xml", "Community Health and Hospitals: Discharge Summary", "2009-03-30T05:44:11Z", "application/pdf", "%PDF-", ""},
		{"ccda/unstructured-text-plain.xml", "", "", "text/plain", "LOCAL TITLE: SURGICAL CONSULT", ""},
		{"ccda/unstructured-reference.xml", "Community Health and Hospitals: Discharge Summary (UD)", "2012-09-16T23:18:00Z", "", "", "UD_sample.pdf"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res := readTestdata(t, tc.file)
			if len(res.Items) != 1 {
				t.Fatalf("%d items, want 1 document; unmapped %v", len(res.Items), res.Unmapped)
			}
			it := res.Items[0]
			e := it.Entry
			if e.Category != record.Document || e.SourceID == "" || e.Source != "ccda" {
				t.Fatalf("entry %+v", e)
			}
			if tc.title != "" && e.Title != tc.title {
				t.Errorf("title %q, want %q", e.Title, tc.title)
			}
			if tc.date != "" && e.Date != tc.date {
				t.Errorf("date %q, want %q", e.Date, tc.date)
			}
			if tc.starts != "" {
				if len(it.Attachments) != 1 || !bytes.HasPrefix(it.Attachments[0].Data, []byte(tc.starts)) || it.Attachments[0].Type != tc.mediaType {
					t.Fatalf("attachments %+v", it.Attachments)
				}
				if ext := filepath.Ext(it.Attachments[0].Name); ext == "" {
					t.Errorf("attachment name %q has no extension", it.Attachments[0].Name)
				}
			}
			if tc.link != "" && (len(e.Links) != 1 || e.Links[0] != tc.link || !strings.Contains(e.Notes, tc.link)) {
				t.Errorf("links %v notes %q", e.Links, e.Notes)
			}
			if err := e.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

// A resource whose resourceType follows a long base64 data (as some servers
// write a DocumentReference) is still FHIR; a long JSON object that names
// no resourceType is an unknown format.
func TestDetectBeyondHead(t *testing.T) {
	pdf := bytes.Repeat([]byte("%PDF-1.4 scanned letter "), 1200) // 28 KB
	data := base64Std(pdf)
	doc := `{"id":"scan-1","status":"current","content":[{"attachment":{"contentType":"application/pdf","title":"Letter.pdf","data":"` +
		data + `"}}],"date":"2024-05-02T09:00:00Z","type":{"coding":[{"system":"http://loinc.org","code":"11488-4","display":"Consult note"}]},"resourceType":"DocumentReference"}`
	res, err := Read(strings.NewReader(doc), "scan.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 || res.Items[0].Entry.Category != record.Document || len(res.Items[0].Attachments) != 1 ||
		!bytes.Equal(res.Items[0].Attachments[0].Data, pdf) {
		t.Fatalf("items %+v", res.Items)
	}
	other := `{"settings":"` + data + `","version":2}`
	if _, err := Read(strings.NewReader(other), "settings.json", testNow); !errorsIs(err, ErrUnknownFormat) {
		t.Fatalf("a long JSON without a resourceType: %v", err)
	}
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func errorsIs(err, target error) bool { return errors.Is(err, target) }
