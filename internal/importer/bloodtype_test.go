package importer

import (
	"strings"
	"testing"
)

func TestParseBloodType(t *testing.T) {
	for in, want := range map[string]string{
		"Blood group A Rh(D) positive": "A+",
		"Group O Rh(D) negative":       "O-",
		"AB neg":                       "AB-",
		"O+":                           "O+",
		"B RhD-":                       "B-",
		"Type AB, Rh positive":         "AB+",
		"A":                            "", // no RhD type
		"Antibody screen negative":     "",
		"Rh(D) positive":               "",
		"":                             "",
	} {
		if got := parseBloodType(in); got != want {
			t.Errorf("parseBloodType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBloodTypeFromResult(t *testing.T) {
	obs := func(date, value string) string {
		return `{"resource": {"resourceType": "Observation", "status": "final",
  "code": {"coding": [{"system": "http://loinc.org", "code": "882-1", "display": "ABO and Rh group [Type] in Blood"}]},
  "effectiveDateTime": "` + date + `", "valueCodeableConcept": {"text": "` + value + `"}}}`
	}
	data := `{"resourceType": "Bundle", "type": "collection", "entry": [` +
		obs("2020-01-01", "Group B Rh(D) positive") + `,` + obs("2023-05-01", "Group O Rh(D) negative") + `,` +
		obs("2021-01-01", "A positive") + `]}`
	res, err := Read(strings.NewReader(data), "blood.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile == nil || res.Profile.BloodType != "O-" || res.Profile.Name != "" {
		t.Errorf("profile %+v: want only blood type O- (the latest result)", res.Profile)
	}
	if len(res.Items) != 3 {
		t.Errorf("the results are still entries: %d items", len(res.Items))
	}
	res, err = Read(strings.NewReader(`{"resourceType": "Bundle", "type": "collection", "entry": [`+obs("2020-01-01", "not done")+`]}`), "none.json", testNow)
	if err != nil || res.Profile != nil {
		t.Errorf("unreadable group: profile %+v, %v", res.Profile, err)
	}
}
