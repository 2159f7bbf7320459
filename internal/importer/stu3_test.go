package importer

import (
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// A Synthea STU3 bundle (smart-on-fhir/generated-sample-data, Apache-2.0)
// writes Condition.clinicalStatus as a plain code, as DSTU2 did: it was
// refused as "DSTU2". It is read like R4, and the result says STU3.
func TestSTU3(t *testing.T) {
	res := readTestdata(t, "stu3/Feeney_Lonnie_13.json")
	if res.Version != "STU3" {
		t.Errorf("version %q", res.Version)
	}
	c := findItem(res, func(e *record.Entry) bool { return e.Category == record.Condition })
	if c == nil || c.Title != "Bullet wound" || c.Status != "active" || !strings.HasPrefix(c.Date, "2004-03-28") {
		t.Errorf("condition: %+v", c)
	}
	if !strings.Contains(c.Original, `"clinicalStatus":"active"`) {
		t.Errorf("original rewritten: %s", c.Original)
	}
	if res.Profile == nil || res.Profile.Name != "Lonnie Feeney" {
		t.Errorf("profile %+v", res.Profile)
	}
	// DSTU2 is still refused, and named so.
	_, err := readFileErr(t, "dstu2/Hoppe_Rosalee_49.json")
	if err == nil || !strings.Contains(err.Error(), "FHIR DSTU2") || strings.Contains(err.Error(), "STU3") {
		t.Errorf("DSTU2: %v", err)
	}
}

func TestSTU3Shapes(t *testing.T) {
	for _, tc := range []struct{ rtype, in, want string }{
		{"Immunization", `{"resourceType":"Immunization","date":"2015-01-02","notGiven":true}`, `"occurrenceDateTime":"2015-01-02"`},
		{"Immunization", `{"resourceType":"Immunization","date":"2015-01-02","notGiven":true}`, `"status":"not-done"`},
		{"AllergyIntolerance", `{"resourceType":"AllergyIntolerance","clinicalStatus":"active","assertedDate":"2015"}`, `"recordedDate":"2015"`},
		{"Procedure", `{"resourceType":"Procedure","notDone":true}`, `"status":"not-done"`},
		{"MedicationStatement", `{"resourceType":"MedicationStatement","taken":"n"}`, `"status":"not-taken"`},
		{"DocumentReference", `{"resourceType":"DocumentReference","indexed":"2015-01-02T00:00:00Z"}`, `"date":"2015-01-02T00:00:00Z"`},
	} {
		out, ok := stu3ToR4(tc.rtype, []byte(tc.in))
		if !ok || !strings.Contains(string(out), tc.want) {
			t.Errorf("%s: %s (%v), want %s", tc.in, out, ok, tc.want)
		}
	}
	// DSTU2 shapes are left for the DSTU2 refusal.
	for _, in := range []string{`{"clinicalStatus":"active","patient":{}}`, `{"date":"2015","wasNotGiven":false}`} {
		if _, ok := stu3ToR4("Condition", []byte(in)); ok && strings.Contains(in, "patient") {
			t.Errorf("DSTU2 condition rewritten: %s", in)
		}
		if _, ok := stu3ToR4("Immunization", []byte(in)); ok && strings.Contains(in, "wasNotGiven") {
			t.Errorf("DSTU2 immunization rewritten: %s", in)
		}
	}
}

func readFileErr(t *testing.T, rel string) (*Result, error) {
	t.Helper()
	return readFile(t, fixturesDir(t)+"/"+rel)
}
