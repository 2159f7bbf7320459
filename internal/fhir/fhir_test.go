package fhir

import (
	"encoding/json"
	"testing"
)

func TestShortSystem(t *testing.T) {
	for in, want := range map[string]string{
		SNOMED: "snomed", LOINC: "loinc", RxNorm: "rxnorm", ICD10: "icd10", ICD10CM: "icd10",
		CVX: "cvx", ATC: "atc", "http://loinc.org/": "loinc", "urn:oid:1.2.3": "urn:oid:1.2.3",
	} {
		if got := ShortSystem(in); got != want {
			t.Errorf("ShortSystem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConcept(t *testing.T) {
	var c CodeableConcept
	if err := json.Unmarshal([]byte(`{"coding":[{"system":"urn:x","code":"1"},{"system":"http://snomed.info/sct","code":"2","display":"Two"}]}`), &c); err != nil {
		t.Fatal(err)
	}
	if p := c.Primary(); p == nil || p.Code != "2" {
		t.Errorf("Primary = %+v, want the coding with a display", p)
	}
	if c.Best() != "Two" {
		t.Errorf("Best = %q", c.Best())
	}
	c.Text = "Text wins"
	if c.Best() != "Text wins" || !c.HasCode("1") || c.HasCode("3") {
		t.Error("Best/HasCode")
	}
	var nilC *CodeableConcept
	if nilC.Best() != "" || nilC.Primary() != nil || nilC.HasCode("1") {
		t.Error("nil concept")
	}
}

func TestNamesAndQuantity(t *testing.T) {
	n := HumanName{Given: []string{"Iris", "June"}, Family: "Marlowe"}
	if n.Name() != "Iris June Marlowe" {
		t.Errorf("Name = %q", n.Name())
	}
	a := Address{Line: []string{"1 High St"}, City: "Leeds", PostalCode: "LS1"}
	if a.String() != "1 High St, Leeds, LS1" {
		t.Errorf("Address = %q", a.String())
	}
	var q Quantity
	if err := json.Unmarshal([]byte(`{"value": 171.8502438021171, "unit": "cm"}`), &q); err != nil || q.Value.String() != "171.8502438021171" {
		t.Errorf("Quantity keeps the number as written: %v %q", err, q.Value)
	}
}

func TestDecodeKeepsRaw(t *testing.T) {
	raw := json.RawMessage(`{"resourceType": "Observation", "id": "o1", "code": {"text": "Weight"}, "extension": [{"url": "x"}]}`)
	o, err := Decode[Observation](raw)
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != "o1" || o.Code.Best() != "Weight" || string(o.Raw) != string(raw) {
		t.Errorf("decoded %+v, raw %s", o, o.Raw)
	}
	if _, err := Decode[Observation](json.RawMessage(`{"code": "x"}`)); err == nil {
		t.Error("want an error for a code that is not an object")
	}
}

func TestNameDropsNull(t *testing.T) {
	for _, tc := range []struct {
		n    HumanName
		want string
	}{
		{HumanName{Given: []string{"JOEY", "null"}, Family: "MILLER"}, "JOEY MILLER"},
		{HumanName{Text: "Ann  null Lee"}, "Ann Lee"},
		{HumanName{Given: []string{"Nullah"}, Family: "Smith"}, "Nullah Smith"},
	} {
		if got := tc.n.Name(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.n, got, tc.want)
		}
	}
}
