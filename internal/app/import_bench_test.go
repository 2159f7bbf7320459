package app

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// writeFHIRBundle writes a FHIR R4 Bundle of n Observations to path: blood
// pressure panels (two components) and glucose results, alternately, one an
// hour from 2000, shaped like Synthea's output.
func writeFHIRBundle(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [\n")
	start := time.Date(2000, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		if i > 0 {
			w.WriteString(",\n")
		}
		at := start.Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		if i%2 == 0 {
			fmt.Fprintf(w, `{"fullUrl": "urn:uuid:obs-%d", "resource": {"resourceType": "Observation", "id": "obs-%d", "status": "final",
 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
 "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9", "display": "Blood pressure panel"}], "text": "Blood pressure"},
 "effectiveDateTime": %q,
 "component": [
  {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"}]}, "valueQuantity": {"value": %d, "unit": "mm[Hg]"}},
  {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4", "display": "Diastolic blood pressure"}]}, "valueQuantity": {"value": %d, "unit": "mm[Hg]"}}]}}`,
				i, i, at, 110+i%40, 70+i%20)
		} else {
			fmt.Fprintf(w, `{"fullUrl": "urn:uuid:obs-%d", "resource": {"resourceType": "Observation", "id": "obs-%d", "status": "final",
 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
 "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose [Mass/volume] in Blood"}], "text": "Glucose"},
 "effectiveDateTime": %q, "valueQuantity": {"value": %d.%d, "unit": "mg/dL", "system": "http://unitsofmeasure.org", "code": "mg/dL"},
 "referenceRange": [{"low": {"value": 70, "unit": "mg/dL"}, "high": {"value": 99, "unit": "mg/dL"}}]}}`,
				i, i, at, 70+i%60, i%10)
		}
	}
	w.WriteString("\n]}\n")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// importObservations is the size of the bundle BenchmarkImportFHIR reads:
// 50,000, or 2,000 with PHR_BENCH_SIZE=small.
func importObservations(tb testing.TB) int {
	if _, name := benchSize(tb); name == "small" {
		return 2000
	}
	return 50_000
}

// BenchmarkImportFHIR measures Session.Import of a generated FHIR bundle of
// 50,000 Observations into a new, empty vault: reading and mapping the file,
// adding every entry with its sensitive-kind check and duplicate check in
// one transaction, the audit row, and the save. Creating the vault is not
// timed.
func BenchmarkImportFHIR(b *testing.B) {
	ctx := context.Background()
	n := importObservations(b)
	bundle := filepath.Join(b.TempDir(), "bundle.json")
	writeFHIRBundle(b, bundle, n)
	if fi, err := os.Stat(bundle); err == nil {
		b.SetBytes(fi.Size())
	}
	b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			cfg := testConfig(b)
			s, err := Init(ctx, cfg, []byte(testPass))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			rep, err := s.Import(ctx, []string{bundle}, false)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if got := rep.Files[0].Added[record.Measurement] + rep.Files[0].Added[record.Result]; got != n {
				b.Fatalf("added %d entries, want %d", got, n)
			}
			s.Close()
			b.StartTimer()
		}
	})
}
