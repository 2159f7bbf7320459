package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/store"
)

// One patient's IPS in a folder twice: HL7's XML original and its JSON
// (the shared fixture). `phr import FOLDER` gives one record: the JSON
// (read first, in name order) adds the entries; the XML names the same
// resources (the same fullUrls) in a later edition of the example (other
// codings of two concepts, references as Type/id, no narratives), so each
// of its resources updates the JSON's entry and none is added again.
func TestImportFolderXMLAndJSON(t *testing.T) {
	jsonData, err := os.ReadFile(sharedFixture(t, "ips/HL7-IPS_bundle-01.json"))
	if err != nil {
		t.Fatal(err)
	}
	xmlData, err := os.ReadFile(filepath.Join("..", "importer", "testdata", "fhir-xml", "IPS-bundle-01.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s, _, rep := importFolder(t, map[string][]byte{"a-ips.json": jsonData, "b-ips.xml": xmlData})
	ctx := context.Background()
	if len(rep.Files) != 2 {
		t.Fatalf("%d files read", len(rep.Files))
	}
	j, x := rep.Files[0], rep.Files[1]
	all, err := s.st.List(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("JSON added %d; XML added %d, duplicates %d, updated %d, same fact %d; record %d entries",
		sumMap(j.Added), sumMap(x.Added), sumMap(x.Duplicates), sumMap(x.Updated), sumMap(x.SameFact), len(all))
	if sumMap(j.Added) != 18 || sumMap(x.Added) != 0 || sumMap(x.Duplicates)+sumMap(x.Updated) != 18 {
		t.Errorf("JSON added %v; XML added %v, duplicates %v, updated %v", j.Added, x.Added, x.Duplicates, x.Updated)
	}
	if len(all) != sumMap(j.Added) {
		t.Errorf("record of %d entries, the JSON added %d", len(all), sumMap(j.Added))
	}
	seen := map[string]bool{}
	for _, e := range all {
		k := string(e.Category) + "|" + e.Title + "|" + e.Date
		if seen[k] {
			t.Errorf("twice: %s", k)
		}
		seen[k] = true
		// The XML's references (Organization/id) name the laboratory.
		if strings.HasPrefix(e.Title, "ABO and Rh group") && !strings.Contains(e.Notes, "Performed by: Laboratoire de charme") {
			t.Errorf("%s: notes %q", e.Title, e.Notes)
		}
	}
}
