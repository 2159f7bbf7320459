package importer

import (
	"sort"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// The HL7 IPS example bundle 01 in XML (HL7/fhir-ips, CC0) is the same
// document as the shared JSON fixture ips/HL7-IPS_bundle-01.json: read
// from either, it gives the same entries.
func TestFHIRXMLMatchesJSON(t *testing.T) {
	x := readTestdata(t, "fhir-xml/IPS-bundle-01.xml")
	j := fixture(t, "ips/HL7-IPS_bundle-01.json")
	if x.Format != FHIR {
		t.Errorf("format %q", x.Format)
	}
	sig := func(res *Result) []string {
		var out []string
		for _, it := range res.Items {
			e := it.Entry
			if e.SourceID == "urn:uuid:c7781f44-6df8-4a8b-9e06-0b34263a47c5" {
				// The two copies differ here: the XML (older) codes "no
				// known food allergies" with the IPS absent/unknown code,
				// the JSON with SNOMED CT 429625007.
				continue
			}
			code := ""
			if e.Code != nil {
				code = e.Code.System + "|" + e.Code.Code
			}
			out = append(out, strings.Join([]string{string(e.Category), e.Title, e.Date, e.End, e.Status, e.Value, e.Unit, code, e.Range, e.SourceID}, " ~ "))
		}
		sort.Strings(out)
		return out
	}
	sx, sj := sig(x), sig(j)
	if strings.Join(sx, "\n") != strings.Join(sj, "\n") {
		t.Errorf("XML and JSON differ:\nXML:\n%s\nJSON:\n%s", strings.Join(sx, "\n"), strings.Join(sj, "\n"))
	}
	if x.Profile == nil || *x.Profile != *j.Profile {
		t.Errorf("profile: %+v vs %+v", x.Profile, j.Profile)
	}
	if e := findItem(x, func(e *record.Entry) bool { return e.Title == "No known food allergies" }); e == nil || e.Category != record.Allergy {
		t.Errorf("IPS no-known code as title: %+v", e)
	}
	if e := findItem(x, titled("anastrozole")); e == nil || e.Category != record.Medication {
		t.Errorf("medication via reference: %+v", e)
	}
	if e := findItem(x, func(e *record.Entry) bool { return e.Category == record.Document }); e == nil || !strings.Contains(e.Notes, "Hot flushes") {
		t.Errorf("composition narrative: %+v", e)
	}
}

func TestFHIRXMLErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<Patient xmlns="http://hl7.org/fhir"><name><given value="A"/></name>`, "unexpected end of XML"},
		{`<Patient xmlns="http://hl7.org/fhir"><birthDate value="x"></Patient>`, "line 1"},
		{`<?xml version="1.0" encoding="ISO-8859-1"?><Patient xmlns="http://hl7.org/fhir"/>`, "ISO-8859-1"},
	} {
		_, err := Read(strings.NewReader(tc.in), "p.xml", testNow)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "p.xml") {
			t.Errorf("%s: %v, want %q", tc.in, err, tc.want)
		}
	}
	res, err := Read(strings.NewReader(`<Patient xmlns="http://hl7.org/fhir"><name><family value="Lee"/><given value="Ann"/><given value="null"/></name><gender value="female"/><birthDate value="1970-01-02"/></Patient>`), "p.xml", testNow)
	if err != nil || res.Profile == nil || res.Profile.Name != "Ann Lee" || res.Profile.Born != "1970-01-02" {
		t.Errorf("single patient: %v %+v", err, res)
	}
}
