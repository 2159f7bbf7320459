package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// TestKeepsEveryCoding checks that FHIR and C-CDA imports keep every coding
// of a concept (a local EHR code beside LOINC), show the standard one, and
// keep security labels (FHIR meta.security, C-CDA confidentialityCode on the
// document, section and entry, and DS4P privacy annotations).
func TestKeepsEveryCoding(t *testing.T) {
	fhirDoc := `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Observation","id":"o1",
  "meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"HIV"},{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}]},
  "status":"final","code":{"coding":[{"system":"urn:oid:1.2.840.114350.1.13.1","code":"LAB8812","display":"HIV SCREEN"},{"system":"http://loinc.org","code":"75622-1"}]},
  "effectiveDateTime":"2020-01-02","valueString":"nonreactive",
  "component":[{"code":{"coding":[{"system":"local","code":"X1","display":"part one"},{"system":"http://loinc.org","code":"7917-8","display":"HIV 1 Ab"}]},"valueString":"neg"}]}}]}`
	ccdaDoc := `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3"><title>t</title>
<confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
<component><structuredBody><component><section>
<code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/><title>Problems</title>
<confidentialityCode code="R" codeSystem="2.16.840.1.113883.5.25"/>
<entry><act classCode="ACT" moodCode="EVN"><code code="CONC" codeSystem="2.16.840.1.113883.5.6"/>
<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">
<code code="55607006" codeSystem="2.16.840.1.113883.6.96" displayName="Problem"/>
<statusCode code="completed"/><effectiveTime><low value="20200101"/></effectiveTime>
<value xsi:type="CD" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" code="LOC42" codeSystem="1.2.3.4.5" displayName="Low mood">
<translation code="F32.9" codeSystem="2.16.840.1.113883.6.90" displayName="Major depressive disorder, single episode, unspecified"/>
<translation code="35489007" codeSystem="2.16.840.1.113883.6.96"/></value>
<entryRelationship typeCode="COMP"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.3.445.12"/>
<code code="SECCLASSINFO" codeSystem="2.16.840.1.113883.1.11.20471"/><value xsi:type="CE" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" code="PSY" codeSystem="2.16.840.1.113883.5.4"/></observation></entryRelationship>
</observation></entryRelationship></act></entry>
</section></component></structuredBody></component></ClinicalDocument>`
	for _, tc := range []struct {
		name, doc     string
		wantShown     string
		wantCodings   []string
		wantLabels    []string
		wantCompCodes []string
	}{
		{"fhir", fhirDoc, "loinc 75622-1", []string{"urn:oid:1.2.840.114350.1.13.1 LAB8812", "loinc 75622-1"},
			[]string{"HIV", "R"}, []string{"local X1", "loinc 7917-8"}},
		{"ccda", ccdaDoc, "snomed 35489007", []string{"1.2.3.4.5 LOC42", "icd10 F32.9", "snomed 35489007"},
			[]string{"N", "R", "PSY"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Read(strings.NewReader(tc.doc), tc.name, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) != 1 {
				t.Fatalf("%d items, want 1", len(res.Items))
			}
			e := res.Items[0].Entry
			if e.Code == nil || e.Code.System+" "+e.Code.Code != tc.wantShown {
				t.Errorf("shown code %+v, want %s", e.Code, tc.wantShown)
			}
			if got := codeStrings(e.Codings, false); strings.Join(got, ",") != strings.Join(tc.wantCodings, ",") {
				t.Errorf("codings %v, want %v", got, tc.wantCodings)
			}
			if got := codeStrings(e.Labels, true); strings.Join(got, ",") != strings.Join(tc.wantLabels, ",") {
				t.Errorf("labels %v, want %v", got, tc.wantLabels)
			}
			if tc.wantCompCodes != nil {
				if len(e.Components) != 1 {
					t.Fatalf("components %v", e.Components)
				}
				if got := codeStrings(e.Components[0].Codings, false); strings.Join(got, ",") != strings.Join(tc.wantCompCodes, ",") {
					t.Errorf("component codings %v, want %v", got, tc.wantCompCodes)
				}
			}
		})
	}
}

func codeStrings(cs []record.Code, codeOnly bool) []string {
	var out []string
	for _, c := range cs {
		if codeOnly {
			out = append(out, c.Code)
		} else {
			out = append(out, c.System+" "+c.Code)
		}
	}
	return out
}

// TestDocumentLabels: a FHIR document's labels (the Bundle's meta.security,
// written after its entries here, and its Composition's) reach every entry.
func TestDocumentLabels(t *testing.T) {
	doc := `{"resourceType":"Bundle","type":"document","entry":[
  {"resource":{"resourceType":"Composition","id":"c","meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"PSY"}]},"status":"final","title":"Summary"}},
  {"resource":{"resourceType":"Condition","id":"k","code":{"text":"Back pain"}}}],
 "meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}]}}`
	res, err := Read(strings.NewReader(doc), "doc.json", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	// The Composition is a document entry too (issue 20); the condition
	// is the one to check.
	if len(res.Items) != 2 || res.Items[1].Entry.Category != record.Condition {
		t.Fatalf("%d items", len(res.Items))
	}
	e := res.Items[1].Entry
	if got := codeStrings(e.Labels, true); strings.Join(got, ",") != "R,PSY" && strings.Join(got, ",") != "PSY,R" {
		t.Errorf("labels %v, want PSY and R", got)
	}
	if got := e.Sensitive; len(got) != 2 || got[0] != record.MentalHealth || got[1] != record.Private {
		t.Errorf("kinds %v, want mental-health and private", got)
	}
}
