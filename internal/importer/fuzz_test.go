package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// seedFiles adds small fixtures and truncations of them to a fuzz corpus.
func seedFiles(f *testing.F, rels ...string) {
	dir := os.Getenv("PHR_FIXTURES")
	if dir == "" {
		if wd, err := os.Getwd(); err == nil {
			for d := wd; ; d = filepath.Dir(d) {
				if fi, err := os.Stat(filepath.Join(d, "shared", "fixtures")); err == nil && fi.IsDir() {
					dir = filepath.Join(d, "shared", "fixtures")
					break
				}
				if filepath.Dir(d) == d {
					break
				}
			}
		}
	}
	if dir == "" {
		return
	}
	for _, rel := range rels {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			continue
		}
		f.Add(data)
		for _, n := range []int{len(data) / 2, len(data) / 3, 200} {
			if n < len(data) {
				f.Add(data[:n])
			}
		}
	}
}

// checkResult is what must hold for any input that Read accepts.
func checkResult(t *testing.T, res *Result) {
	if res == nil {
		t.Fatal("nil result without an error")
	}
	for _, it := range res.Items {
		e := it.Entry
		if strings.TrimSpace(e.Title) == "" {
			t.Fatalf("entry without a title: %+v", e)
		}
		for _, d := range []string{e.Date, e.End} {
			if _, err := when.NormalizeDate(d); err != nil {
				t.Fatalf("date %q not readable: %v", d, err)
			}
		}
		if e.SourceID == "" {
			t.Fatal("entry without a source id")
		}
		// A dose is one phr can store (an amount and a unit).
		if e.Dose != "" {
			if _, err := record.ParseDose(e.Dose); err != nil {
				t.Fatalf("dose %q not storable: %v", e.Dose, err)
			}
		}
	}
}

func fuzzRead(t *testing.T, data []byte) {
	res, err := Read(bytes.NewReader(data), "fuzz", testNow)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "import fuzz: ") {
			t.Fatalf("error does not name the file: %v", err)
		}
		return
	}
	checkResult(t, res)
}

// The fuzz targets run as seed tests in every go test. To fuzz, run one at
// a time, with a short minimisation so that a large interesting input
// (a whole fixture) does not stall the run while it is shrunk:
//
//	go test ./internal/importer -run '^$' -fuzz '^FuzzReadCCDA$' -fuzztime 20s -fuzzminimizetime 2s
func FuzzReadFHIR(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Observation","code":{"text":"BP"},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":120,"unit":"mm[Hg]"}},{"code":{"coding":[{"code":"8462-4"}]},"valueQuantity":{"value":80}}]}}]}`))
	f.Add([]byte(`{"resourceType":"Condition","onsetDateTime":"2015","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"F32.1"}]}}`))
	f.Add([]byte(`{"resourceType":"MedicationStatement","medicationReference":{"reference":"#m"},"contained":[{"resourceType":"Medication","id":"m","code":{"text":"x"}}]}`))
	seedFiles(f, "ips/ips-document-marlowe.json", "ips/HL7-IPS_bundle-minimal.json", "bluebutton/patient_read_v2.json")
	for _, p := range []string{"testdata/dosage/hard-cases.json", "testdata/refs/orders-and-specimens.json", "testdata/more/r4-kinds.json"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(fuzzRead)
}

func FuzzReadCCDA(f *testing.F) {
	f.Add([]byte(`<ClinicalDocument xmlns="urn:hl7-org:v3"><recordTarget><patientRole><patient><name><given>A</given></name><birthTime value="1970"/></patient></patientRole></recordTarget><component><structuredBody><component><section><code code="8716-3"/><entry><organizer><component><observation><code code="8480-6"/><value value="120" unit="mm[Hg]"/></observation></component><component><observation><code code="8462-4"/><value value="80"/></observation></component></organizer></entry></section></component></structuredBody></component></ClinicalDocument>`))
	seedFiles(f, "ccda/CCD-2.xml")
	if data, err := os.ReadFile("testdata/ccda/performers.xml"); err == nil {
		f.Add(data)
	}
	f.Fuzz(fuzzRead)
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("date,type,value,unit\n2024-01-01,Blood pressure,142/91,\n2024-01-02 08:00,Weight,70.5,kg\n"))
	f.Add([]byte("Time;Kind;Reading\n20240101;glucose;5.5\n"))
	f.Add([]byte("date,type,value\n\"2024-01-01,x,1\n"))
	f.Fuzz(fuzzRead)
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Patient"}`))
	f.Add([]byte(`<?xml version="1.0"?><ClinicalDocument/>`))
	f.Add([]byte("date,type,value\n"))
	f.Add([]byte{0xef, 0xbb, 0xbf, '<'})
	seedFiles(f, "bluebutton/patient_read_v2.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Detect(data)
		if (err == nil) == (got == "") {
			t.Fatalf("Detect = %q, %v", got, err)
		}
	})
}

// FuzzReadFHIRMore seeds the FHIR reader with the resource kinds issue 20
// added (goals, care teams, family history, questionnaire answers,
// devices, orders, administrations, compositions, binaries, flags,
// imaging, entered-in-error and placeholders).
func FuzzReadFHIRMore(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Goal","description":{"text":"walk"},"target":[{"detailQuantity":{"value":5,"unit":"km"}}]}},` +
		`{"resource":{"resourceType":"CareTeam","participant":[{"member":{"display":"Dr A"},"role":[{"text":"GP"}]}]}},` +
		`{"resource":{"resourceType":"FamilyMemberHistory","relationship":{"text":"mother"},"condition":[{"code":{"text":"asthma"},"onsetAge":{"value":4,"unit":"a"}}]}},` +
		`{"resource":{"resourceType":"QuestionnaireResponse","questionnaire":"http://x/Questionnaire/phq9|1","item":[{"text":"q1","answer":[{"valueCoding":{"display":"a"}},{"valueDecimal":1e2,"item":[{"linkId":"n"}]}]}]}},` +
		`{"resource":{"resourceType":"Device","deviceName":[{"name":"pump"}],"udiCarrier":[{"carrierHRF":"(01)1"}]}},` +
		`{"resource":{"resourceType":"ServiceRequest","code":{"text":"x-ray"},"occurrencePeriod":{"start":"2020"}}},` +
		`{"resource":{"resourceType":"MedicationAdministration","medicationReference":{"reference":"Medication/1"},"dosage":{"dose":{"value":1}}}},` +
		`{"resource":{"resourceType":"Composition","section":[{"title":"A","text":{"div":"<div><p>x</p><table><tr><td>1</td></tr></table></div>"},"section":[{"text":{"div":"<b"}}]}]}},` +
		`{"resource":{"resourceType":"Binary","contentType":"application/pdf","data":"JVBERi0="}},` +
		`{"resource":{"resourceType":"Flag","code":{"text":"falls risk"}}},` +
		`{"resource":{"resourceType":"ImagingStudy","series":[{"modality":{"code":"CT"},"bodySite":{"display":"head"}}]}},` +
		`{"resource":{"resourceType":"Condition","verificationStatus":{"coding":[{"code":"entered-in-error"}]},"code":{"text":"x"}}},` +
		`{"resource":{"resourceType":"AllergyIntolerance","code":{"coding":[{"system":"http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips","code":"no-allergy-info"}]}}},` +
		`{"resource":{"resourceType":"Patient","gender":"female","contact":[{"name":{"given":["null"]},"telecom":[{"value":"1"}]}]}},` +
		`{"resource":{"resourceType":"Claim"}}]}`))
	// NDJSON and STU3 shapes.
	f.Add([]byte("{\"resourceType\":\"Condition\",\"clinicalStatus\":\"active\",\"code\":{\"text\":\"a\"}}\n{\"resourceType\":\"Immunization\",\"date\":\"2015\",\"notGiven\":true}\n"))
	f.Add([]byte("{\"resourceType\":\"MedicationRequest\",\"medicationReference\":{\"reference\":\"Medication/1\"}}\n{\"resourceType\":\"Medication\",\"id\":\"1\"}\n[]\n"))
	f.Fuzz(fuzzRead)
}

// FuzzNarrativeText: any narrative gives text without markup or panics.
func FuzzNarrativeText(f *testing.F) {
	f.Add([]byte(`<table><tr><th>a</th><td>b</td></tr></table>`))
	f.Add([]byte(`<div xmlns="http://www.w3.org/1999/xhtml"><p>x&nbsp;y<br>z</p></div>`))
	f.Add([]byte(`<paragraph>a<content ID="x">b</paragraph>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out := narrativeText(data)
		for _, l := range strings.Split(out, "\n") {
			if out != "" && strings.TrimSpace(l) == "" {
				t.Fatalf("empty line in %q", out)
			}
		}
	})
}

func FuzzReadFHIRXML(f *testing.F) {
	f.Add([]byte(`<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/><entry><resource><Condition><code><coding><system value="http://snomed.info/sct"/><code value="1"/><display value="x"><extension url="u"><valueString value="y"/></extension></display></coding></code><onsetDateTime value="2015"/></Condition></resource></entry></Bundle>`))
	f.Add([]byte(`<Patient xmlns="http://hl7.org/fhir"><text><div xmlns="http://www.w3.org/1999/xhtml"><p>a</b></p></div></text><name><given value="A"/></name><contact><name><family value="B"/></name></contact></Patient>`))
	f.Add([]byte(`<Observation xmlns="http://hl7.org/fhir"><valueQuantity><value value="1e3"/></valueQuantity><valueInteger value="x"/><status value="true"/></Observation>`))
	f.Fuzz(fuzzRead)
}

// FuzzEntryReferences reads a resource's references to visits, people and
// places (refs.go) from any JSON: never a panic, and every line it writes
// starts with a role's words.
func FuzzEntryReferences(f *testing.F) {
	f.Add([]byte(`{"encounter":{"reference":"Encounter/1","display":"Visit"},"participant":[{"individual":{"identifier":{"system":"s","value":"v"}}}]}`))
	f.Add([]byte(`{"context":{"encounter":[{"reference":"urn:uuid:1"}],"related":[{"display":"x"}]},"location":[{"location":{"display":"Ward 3"}}]}`))
	f.Add([]byte(`{"performer":[{"actor":{"reference":"Practitioner?identifier=a|b"}},{"code":"x","display":"y"}],"reasonReference":[[[[[[[{"display":"deep"}]]]]]]]}`))
	f.Add([]byte(`{"basedOn":[{"reference":"ServiceRequest/1"}],"partOf":{"reference":"Procedure/2","display":"Op"},"specimen":[{"identifier":{"system":"acc","value":"A-1"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		roles := collectRoles(data)
		titles := map[string]string{"Encounter/1": "Check-up on 2020-01-01", "identifier:a|b": "Dr B"}
		e := record.Entry{Title: "t"}
		p := pendingRefs{roles: roles, text: "own"}
		applyRefs(&e, &p, titles)
		for i, l := range strings.Split(e.Notes, "\n") {
			if i == 0 {
				if l != "own" {
					t.Fatalf("first line %q", l)
				}
				continue
			}
			ok := false
			for _, r := range refRoles {
				if strings.HasPrefix(l, r.words+": ") {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("line %q", l)
			}
		}
	})
}
