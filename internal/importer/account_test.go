package importer

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestEverythingAccounted is the measurement issue 20 asks for: over every
// shared fixture, it counts the resources (by type) and the C-CDA entries
// (by section, a section of text only counting one) straight from the
// file, and checks that the importer read each one and gave it an outcome
// (imported, merged, skipped with a reason the report names, or reported
// as not understood): zero silent drops. The totals are logged (go test
// -v -run TestEverythingAccounted) for the closing note.
func TestEverythingAccounted(t *testing.T) {
	total := map[string]*Tally{}
	for _, path := range fixtureFiles(t) {
		if strings.Contains(path, "dstu2") {
			continue
		}
		name := filepath.Base(path)
		res, err := readFile(t, path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var want map[string]int
		if filepath.Ext(path) == ".json" {
			want = countFHIR(t, path)
		} else {
			want = countCCDA(t, path)
		}
		for key, n := range want {
			tl := res.Tally[key]
			if tl == nil || tl.Read != n {
				t.Errorf("%s: %s: the file holds %d, the importer read %+v", name, key, n, tl)
			}
		}
		imported := 0
		for key, tl := range res.Tally {
			if _, ok := want[key]; !ok && key != "document body (nonXMLBody)" {
				t.Errorf("%s: the importer counted %q, which the file does not hold", name, key)
			}
			if !tl.Accounted() {
				t.Errorf("%s: %s: %+v does not add up: something was dropped silently", name, key, *tl)
			}
			if tl.Skipped > 0 && !hasPrefixKey(res.Skipped, key+": ") {
				t.Errorf("%s: %s: %d skipped, but the report names no reason", name, key, tl.Skipped)
			}
			if tl.Unmapped > 0 && len(res.Unmapped) == 0 {
				t.Errorf("%s: %s: %d not understood, but the report names none", name, key, tl.Unmapped)
			}
			imported += tl.Imported
			agg := strings.SplitN(key, " (", 2)[0]
			if strings.HasPrefix(key, "section ") {
				agg = "C-CDA " + key
			}
			if total[agg] == nil {
				total[agg] = &Tally{}
			}
			a := total[agg]
			a.Read, a.Imported, a.Merged, a.Skipped, a.Unmapped = a.Read+tl.Read, a.Imported+tl.Imported, a.Merged+tl.Merged, a.Skipped+tl.Skipped, a.Unmapped+tl.Unmapped
		}
		if res.Format == FHIR && imported != len(res.Items) {
			t.Errorf("%s: %d resources imported but %d entries", name, imported, len(res.Items))
		}
	}
	var keys []string
	for k := range total {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%-60s %6s %8s %6s %7s %8s\n", "kind", "read", "imported", "merged", "skipped", "unmapped")
	for _, k := range keys {
		a := total[k]
		fmt.Fprintf(&b, "%-60.60s %6d %8d %6d %7d %8d\n", k, a.Read, a.Imported, a.Merged, a.Skipped, a.Unmapped)
	}
	t.Log("\n" + b.String())
}

func hasPrefixKey(m map[string]int, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// countFHIR counts a FHIR file's resources by type.
func countFHIR(t *testing.T, path string) map[string]int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var top struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			Resource *struct {
				ResourceType string `json:"resourceType"`
			} `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	if top.ResourceType != "Bundle" {
		out[top.ResourceType]++
		return out
	}
	for _, e := range top.Entry {
		if e.Resource == nil {
			out["(no resource)"]++
			continue
		}
		out[e.Resource.ResourceType]++
	}
	return out
}

// countCCDA counts a C-CDA document's entries by section; a section of
// narrative text only counts one.
func countCCDA(t *testing.T, path string) map[string]int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc node
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	var walk func(n *node)
	walk = func(n *node) {
		for _, comp := range n.children("component") {
			s := comp.child("section")
			if s == nil {
				continue
			}
			code := "no code"
			if c := s.child("code"); c != nil && c.attr("code") != "" {
				code = c.attr("code")
			}
			title := "untitled"
			if tn := s.child("title"); tn != nil && strings.TrimSpace(tn.Text) != "" {
				title = strings.Join(strings.Fields(tn.Text), " ")
			}
			key := "section " + title + " (" + code + ")"
			n := len(s.children("entry"))
			text := s.child("text")
			if n == 0 && s.attr("nullFlavor") == "" && text != nil && (len(text.Nodes) > 0 || strings.TrimSpace(text.Text) != "") {
				n = 1
			}
			if n > 0 {
				out[key] += n
			}
			walk(s)
		}
	}
	if body := doc.child("component"); body != nil {
		if sb := body.child("structuredBody"); sb != nil {
			walk(sb)
		}
	}
	return out
}
