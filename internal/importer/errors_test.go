package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var placeRE = regexp.MustCompile(`line \d+, column \d+`)

func mustFail(t *testing.T, name string, data []byte, want ...string) error {
	t.Helper()
	res, err := Read(bytes.NewReader(data), name, testNow)
	if err == nil {
		t.Fatalf("%s: no error (%d items)", name, len(res.Items))
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "import "+name+": ") {
		t.Errorf("error does not name the file: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q lacks %q", msg, w)
		}
	}
	return err
}

func TestTruncatedJSON(t *testing.T) {
	data := []byte("{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n  \"entry\": [\n    {\"resource\": {\"resourceType\": \"Condition\", \"code\": {\"text\": \"Asthma\"}}},\n    {\"resource\": {\"resourceType\": \"Cond")
	err := mustFail(t, "broken.json", data, "unexpected end of JSON", "line 6, column")
	if !strings.Contains(err.Error(), "bundle entry 1") {
		t.Errorf("want the entry index: %v", err)
	}
}

func TestTruncatedFixture(t *testing.T) {
	path := filepath.Join(fixturesDir(t), "ips", "ips-document-marlowe.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{len(data) / 3, len(data) / 2, len(data) - 2} {
		err := mustFail(t, "marlowe.json", data[:n], "unexpected end of JSON")
		if !placeRE.MatchString(err.Error()) {
			t.Errorf("no line and column: %v", err)
		}
		lines := bytes.Count(data[:n], []byte("\n")) + 1
		if !strings.Contains(err.Error(), "line "+itoa(lines)+",") {
			t.Errorf("cut at line %d: %v", lines, err)
		}
	}
	xmlPath := filepath.Join(fixturesDir(t), "ccda", "CCD-2.xml")
	x, err := os.ReadFile(xmlPath)
	if err != nil {
		t.Fatal(err)
	}
	err = mustFail(t, "ccd.xml", x[:len(x)/2], "unexpected end of XML")
	if !placeRE.MatchString(err.Error()) {
		t.Errorf("XML error has no place: %v", err)
	}
}

func itoa(n int) string {
	var b []byte
	for n >= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(append([]byte{byte('0' + n)}, b...))
}

func TestSyntaxErrorPlace(t *testing.T) {
	data := []byte("{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [\n{\"resource\": {\"resourceType\": \"Condition\"}},\n{\"resource\": {\"resourceType\": \"Condition\",, }}\n]}")
	mustFail(t, "bad.json", data, "bundle entry 1", "invalid character ','", "line 3, column 43")
	mustFail(t, "top.json", []byte("{\n  \"resourceType\": \"Bundle\"\n  \"type\": 1}"), "line 3, column 3")
	mustFail(t, "val.json", []byte("{\"resourceType\": \"Patient\",\n \"name\": [tru]}"), "line 2, column 14")
}

func TestBrokenEntry(t *testing.T) {
	data := []byte(`{"resourceType": "Bundle", "type": "collection", "entry": [
  {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Condition", "code": {"text": "Asthma"}}},
  {"fullUrl": "urn:uuid:2", "resource": {"resourceType": "Observation", "code": {"text": "Weight"}, "valueQuantity": {"value": "heavy"}}},
  {"fullUrl": "urn:uuid:3", "resource": {"resourceType": "Condition", "code": {"text": "Eczema"}}}
]}`)
	mustFail(t, "entry.json", data, "bundle entry 1 (Observation)")
	data = []byte(`{"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Condition", "code": {"text": "Asthma"}}},
  {"resource": {"resourceType": "Condition", "code": "asthma"}}
]}`)
	mustFail(t, "entry2.json", data, "bundle entry 1 (Condition)", "code should be an object, not a JSON string")
	data = []byte(`{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"code": {}}}]}`)
	mustFail(t, "entry3.json", data, "bundle entry 0 has no resourceType")
}

func TestWrongKindAndEmpty(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty.json":  nil,
		"spaces.json": []byte("  \n\t "),
		"photo.png":   []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"note.txt":    []byte("Dear doctor,\nthank you.\n"),
		"other.xml":   []byte(`<?xml version="1.0"?><html><body/></html>`),
		"array.json":  []byte(`[1, 2, 3]`),
		"object.json": []byte(`{"name": "not fhir"}`),
		"wrong.csv":   []byte("name,age\nx,3\n"),
	} {
		err := mustFail(t, name, data, "not a FHIR R4 JSON or XML, FHIR NDJSON, C-CDA XML or CSV measurements file")
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("%s: not ErrUnknownFormat: %v", name, err)
		}
		if _, derr := Detect(data); derr == nil {
			t.Errorf("%s: Detect accepted it", name)
		}
	}
}

func TestNotFHIR(t *testing.T) {
	mustFail(t, "nort.json", []byte(`{"id": "x", "entry": [{"fullUrl": "a", "resource": {"resourceType": "Condition"}}]}`), "no resourceType")
	mustFail(t, "trail.json", []byte(`{"resourceType": "Patient"} {"x": 1}`), "more data after the end")
	mustFail(t, "dstu.json", []byte(`{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "MedicationOrder"}}]}`), "DSTU2", "bundle entry 0")
}

func TestBrokenXML(t *testing.T) {
	data := []byte("<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n  <title>x</title>\n  <component><structuredBody>\n  </component>\n</ClinicalDocument>\n")
	mustFail(t, "bad.xml", data, "line 5, column")
}

func TestDetect(t *testing.T) {
	cases := map[string]Format{
		`{"resourceType": "Bundle"}`:                                               FHIR,
		"\ufeff  {\"resourceType\":\"Patient\"}":                                   FHIR,
		`{"type": "collection", "entry": [{"fullUrl": "urn:uuid:1", "resource": {`: FHIR,
		`<?xml version="1.0"?><!-- c --><ClinicalDocument xmlns="urn:hl7-org:v3">`: CCDA,
		`<v3:ClinicalDocument xmlns:v3="urn:hl7-org:v3">`:                          CCDA,
		"date,type,value,unit\n2024-01-01,weight,70,kg\n":                          CSV,
		"Time;Kind;Reading\n":                                                      CSV,
		"DateTime\tMeasurement\tValue\n":                                           CSV,
	}
	for in, want := range cases {
		got, err := Detect([]byte(in))
		if err != nil || got != want {
			t.Errorf("Detect(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
