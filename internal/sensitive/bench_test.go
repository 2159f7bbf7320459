package sensitive

import (
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// BenchmarkSuggest times inference on a typical coded result: the gate
// and every display run it once per entry.
func BenchmarkSuggest(b *testing.B) {
	e := &record.Entry{Category: record.Result, Title: "Hemoglobin A1c/Hemoglobin.total in Blood", Value: "6.1", Unit: "%",
		Code:    &record.Code{System: "http://loinc.org", Code: "4548-4", Display: "Hemoglobin A1c/Hemoglobin.total in Blood"},
		Codings: []record.Code{{System: "http://loinc.org", Code: "4548-4", Display: "Hemoglobin A1c/Hemoglobin.total in Blood"}},
		Notes:   "Panel: Metabolic", Range: "4.0-5.6 %", Interpretation: "high"}
	if _, err := rules(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if Suggest(e) != nil {
			b.Fatal("sensitive")
		}
	}
}
