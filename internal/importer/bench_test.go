package importer

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// bigBundle writes a FHIR Bundle of n Observations (blood pressures and
// laboratory results, alternately), formatted like Synthea's.
func bigBundle(n int) []byte {
	var b bytes.Buffer
	b.WriteString("{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n  \"entry\": [\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		day := time.Date(2000, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		if i%2 == 0 {
			fmt.Fprintf(&b, `    {"fullUrl": "urn:uuid:obs-%d", "resource": {"resourceType": "Observation", "id": "obs-%d", "status": "final",
      "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
      "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9", "display": "Blood pressure panel"}], "text": "Blood pressure"},
      "effectiveDateTime": %q,
      "component": [
        {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"}]}, "valueQuantity": {"value": %d, "unit": "mm[Hg]"}},
        {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4", "display": "Diastolic blood pressure"}]}, "valueQuantity": {"value": %d, "unit": "mm[Hg]"}}]}}`,
				i, i, day, 110+i%40, 70+i%20)
		} else {
			fmt.Fprintf(&b, `    {"fullUrl": "urn:uuid:obs-%d", "resource": {"resourceType": "Observation", "id": "obs-%d", "status": "final",
      "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
      "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose [Mass/volume] in Blood"}], "text": "Glucose"},
      "effectiveDateTime": %q, "valueQuantity": {"value": %d.%d, "unit": "mg/dL", "system": "http://unitsofmeasure.org", "code": "mg/dL"},
      "referenceRange": [{"low": {"value": 70, "unit": "mg/dL"}, "high": {"value": 99, "unit": "mg/dL"}}],
      "interpretation": [{"coding": [{"code": "N", "display": "Normal"}]}]}}`,
				i, i, day, 70+i%60, i%10)
		}
	}
	b.WriteString("\n  ]\n}\n")
	return b.Bytes()
}

func BenchmarkReadFHIR50k(b *testing.B) {
	data := bigBundle(50000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Read(bytes.NewReader(data), "big.json", testNow)
		if err != nil || len(res.Items) != 50000 {
			b.Fatalf("%v, %d items", err, len(res.Items))
		}
	}
}

// TestReadFHIR50k holds the promise that a 50,000-Observation bundle reads
// in well under 20 seconds.
func TestReadFHIR50k(t *testing.T) {
	if testing.Short() {
		t.Skip("large bundle: skipped with -short")
	}
	data := bigBundle(50000)
	start := time.Now()
	res, err := Read(bytes.NewReader(data), "big.json", testNow)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 50000 {
		t.Fatalf("%d items", len(res.Items))
	}
	if bp := res.Items[0].Entry; bp.Value != "110/70" || bp.Unit != "mm[Hg]" || len(bp.Components) != 2 {
		t.Errorf("first blood pressure %+v", bp)
	}
	if g := res.Items[1].Entry; g.Range != "70-99 mg/dL" || g.Interpretation != "normal" || g.Value != "71.1" {
		t.Errorf("first glucose %+v", g)
	}
	// The speed target (well under 20 s) is BenchmarkReadFHIR50k's, not a
	// timed assertion: a loaded CI machine must not fail a correct reader.
	t.Logf("%d MB in %v", len(data)>>20, took)
}
