package importer

import (
	"path/filepath"
	"testing"
)

// TestProducer names who wrote a file, as the import records it on each
// entry's source: a C-CDA's custodian and authoring software, a FHIR
// document's custodian (or a bundle's meta.source).
func TestProducer(t *testing.T) {
	fx := fixturesDir(t)
	for _, c := range []struct{ file, want string }{
		{"ccda/CCD-1.xml", "Good Health HIE"},
		{"ccda/CCD-2.xml", "Good Health HIE (Generic EHR Clinical System 2.0.0.0.0.0)"},
		{"ccda/Discharge_Summary.xml", "Community Health and Hospitals (Generic EHR Clinical System 2.0.0.0.0.0)"},
		{"ccda/Synthea-CCDA_Jamal145_Yundt842_65af0ec8-37ad-f557-5106-5d29263ae032.xml", "PCP72078 (https://github.com/synthetichealth/synthea)"},
		{"ips/US_MEDITECH_ips_1.json", "BBK Donor"},
		// A transaction bundle that says nothing of who wrote it.
		{"synthea/Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json", ""},
	} {
		res, err := readFile(t, filepath.Join(fx, c.file))
		if err != nil {
			t.Fatal(err)
		}
		if res.Producer != c.want {
			t.Errorf("%s: producer %q, want %q", c.file, res.Producer, c.want)
		}
	}
}
