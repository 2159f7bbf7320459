package importer

import (
	"testing"
)

// The Synthea C-CDA of Jamal145 and its FHIR conversion (the same facts in
// two forms, NimbusInformatics/bdcat-fhir-azure-prototype): the share of
// the conversion's entries whose fact the C-CDA already records.
func TestFactKeysAcrossSources(t *testing.T) {
	ccda := fixture(t, "ccda/Synthea-CCDA_Jamal145_*.xml")
	conv := readTestdata(t, "crosssource/Jamal145_Yundt842-converted.fhir.json")
	have := map[string]bool{}
	for i := range ccda.Items {
		for _, k := range FactKeys(&ccda.Items[i].Entry) {
			have[k] = true
		}
	}
	same := 0
	for i := range conv.Items {
		e := &conv.Items[i].Entry
		hit := false
		for _, k := range FactKeys(e) {
			hit = hit || have[k]
		}
		if hit {
			same++
		} else {
			t.Logf("only in FHIR: %s %q %s %q %v", e.Category, e.Title, e.Date, e.Value, FactKeys(e))
		}
	}
	t.Logf("%d of %d entries of the conversion are facts the C-CDA holds", same, len(conv.Items))
	// The other 8: two document entries, the patient's details, two
	// contacts, a device and two results the converter left unnamed.
	if same != 33 || len(conv.Items) != 41 {
		t.Errorf("%d of %d recognised, want 33 of 41", same, len(conv.Items))
	}
}
