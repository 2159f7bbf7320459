package share

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// r4Types are FHIR R4 resource type names (those phr could plausibly emit and
// their neighbours); every resourceType in a bundle must be one of them.
var r4Types = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`Bundle Composition Patient Practitioner PractitionerRole Organization
		RelatedPerson CareTeam AllergyIntolerance MedicationStatement MedicationRequest Medication Condition
		Immunization Observation DiagnosticReport Procedure Encounter Appointment DocumentReference Basic
		Device Location Specimen FamilyMemberHistory Consent Provenance`) {
		r4Types[n] = true
	}
}

// uuidURL is a resource's fullUrl: a random UUID (version 4), or for an
// entry of a known sender a UUID of the sender and the entry (version 5).
var uuidURL = regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// validateBundle checks the bundle's structure and returns the resources by
// fullUrl.
func validateBundle(t *testing.T, raw []byte, entries []record.Entry) {
	t.Helper()
	var b struct {
		ResourceType string `json:"resourceType"`
		Type         string `json:"type"`
		Timestamp    string `json:"timestamp"`
		Identifier   struct {
			System, Value string
		} `json:"identifier"`
		Entry []struct {
			FullURL  string         `json:"fullUrl"`
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	if b.ResourceType != "Bundle" || b.Type != "document" || b.Timestamp == "" || !uuidURL.MatchString(b.Identifier.Value) {
		t.Fatalf("bundle header: %s %s %s %+v", b.ResourceType, b.Type, b.Timestamp, b.Identifier)
	}
	if _, err := time.Parse(time.RFC3339, b.Timestamp); err != nil {
		t.Fatalf("timestamp: %v", err)
	}
	urls := map[string]map[string]any{}
	for _, e := range b.Entry {
		rt, _ := e.Resource["resourceType"].(string)
		if !r4Types[rt] {
			t.Fatalf("resourceType %q is not an R4 resource", rt)
		}
		if !uuidURL.MatchString(e.FullURL) || e.FullURL != "urn:uuid:"+fmt.Sprint(e.Resource["id"]) {
			t.Fatalf("fullUrl %q for id %v", e.FullURL, e.Resource["id"])
		}
		if urls[e.FullURL] != nil {
			t.Fatalf("fullUrl %q twice", e.FullURL)
		}
		urls[e.FullURL] = e.Resource
	}
	// Every reference anywhere resolves inside the bundle.
	var walk func(v any)
	refs := 0
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "reference" {
					refs++
					if urls[s] == nil {
						t.Fatalf("reference %q does not resolve", s)
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, r := range urls {
		walk(r)
	}
	if refs == 0 {
		t.Fatal("no references")
	}
	// The Composition comes first, with a section per category present, in
	// IPS order, each entry resolving to a resource of the right type.
	comp := b.Entry[0].Resource
	if comp["resourceType"] != "Composition" || dig(comp, "type", "coding", 0, "code") != "60591-5" ||
		dig(comp, "type", "coding", 0, "system") != "http://loinc.org" || comp["status"] != "final" {
		t.Fatalf("first resource: %v", comp["resourceType"])
	}
	patientURL, _ := dig(comp, "subject", "reference").(string)
	authorURL, _ := dig(comp, "author", 0, "reference").(string)
	if urls[patientURL]["resourceType"] != "Patient" || urls[authorURL]["resourceType"] != "Device" ||
		dig(urls[authorURL], "deviceName", 0, "name") != "phr" || dig(comp, "attester", 0, "party", "reference") != patientURL {
		t.Fatal("subject is not the Patient, or the author is not phr, or the patient does not attest")
	}
	want := map[record.Category]int{}
	for _, e := range entries {
		want[e.Category]++
	}
	sections, _ := comp["section"].([]any)
	var order []int
	seen := 0
	for _, s := range sections {
		s := s.(map[string]any)
		title, _ := s["title"].(string)
		i := slices.IndexFunc(sectionTable, func(sec sectionWant) bool { return sec.title == title })
		if i < 0 || dig(s, "code", "coding", 0, "code") != sectionTable[i].code {
			t.Fatalf("section %q has code %v", title, dig(s, "code", "coding", 0, "code"))
		}
		cat := sectionTable[i].cat
		if div, _ := dig(s, "text", "div").(string); !strings.HasPrefix(div, `<div xmlns="http://www.w3.org/1999/xhtml">`) {
			t.Fatalf("section %q narrative %q", title, div)
		}
		order = append(order, i)
		list, _ := s["entry"].([]any)
		roles := 0
		for _, r := range list {
			if urls[fmt.Sprint(dig(r, "reference"))]["resourceType"] == "PractitionerRole" {
				roles++
			}
		}
		if len(list) == 0 {
			if i >= 3 || dig(s, "emptyReason", "coding", 0, "code") == nil {
				t.Fatalf("section %q is empty without a reason", title)
			}
			continue
		}
		if len(list)-roles != want[cat] {
			t.Fatalf("section %q holds %d, want %d", title, len(list), want[cat])
		}
		for _, r := range list {
			url, _ := dig(r, "reference").(string)
			res := urls[url]
			if res == nil {
				t.Fatalf("section entry %q does not resolve", url)
			}
			if !typeFits(cat, res["resourceType"].(string)) {
				t.Fatalf("section %q holds a %v", title, res["resourceType"])
			}
			if res["resourceType"] != "PractitionerRole" {
				seen++
			}
		}
	}
	required := 0
	for _, c := range []record.Category{record.Allergy, record.Medication, record.Condition} {
		if want[c] == 0 {
			required++
		}
	}
	if !sort.IntsAreSorted(order) || len(order) != len(want)+required {
		t.Fatalf("sections out of order or missing: %v", order)
	}
	roles := 0
	for _, r := range urls {
		if r["resourceType"] == "PractitionerRole" {
			roles++
		}
	}
	if seen != len(entries) || len(b.Entry) != len(entries)+3+roles {
		t.Fatalf("%d section entries, %d bundle entries, for %d entries", seen, len(b.Entry), len(entries))
	}
}

// sectionWant is a section of an IPS as the bundle must write it.
type sectionWant struct {
	cat         record.Category
	title, code string
}

// sectionTable is IPS section order; the first three are required.
var sectionTable = []sectionWant{
	{record.Allergy, "Allergies and intolerances", "48765-2"},
	{record.Medication, "Medication summary", "10160-0"},
	{record.Condition, "Problem list", "11450-4"},
	{record.Immunization, "Immunizations", "11369-6"},
	{record.Result, "Results", "30954-2"},
	{record.Measurement, "Vital signs", "8716-3"},
	{record.Procedure, "History of procedures", "47519-4"},
	{record.Appointment, "Encounters", "46240-8"},
	{record.Document, "Documents", "55107-7"},
	{record.Contact, "Care team", "85847-2"},
	{record.Note, "Notes", "34109-9"},
}

func typeFits(c record.Category, rt string) bool {
	switch c {
	case record.Allergy:
		return rt == "AllergyIntolerance"
	case record.Medication:
		return rt == "MedicationStatement"
	case record.Condition:
		return rt == "Condition"
	case record.Immunization:
		return rt == "Immunization"
	case record.Result, record.Measurement:
		return rt == "Observation"
	case record.Procedure:
		return rt == "Procedure"
	case record.Appointment:
		return rt == "Encounter"
	case record.Document, record.Note:
		return rt == "DocumentReference"
	case record.Contact:
		return rt == "Practitioner" || rt == "Organization" || rt == "PractitionerRole"
	}
	return false
}

// dig walks maps and slices by key and index.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

func TestBundleStructure(t *testing.T) {
	k := newKeys(t)
	entries := sampleEntries()
	entries[0].Sensitive = []record.Kind{record.MentalHealth, record.HIV}
	entries[6].Sensitive = []record.Kind{record.Private}
	x := buildFor(t, k, entries, ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil)
	validateBundle(t, x.Bundle, entries)

	var b struct {
		Entry []struct {
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	json.Unmarshal(x.Bundle, &b)
	if dig(b.Entry[0].Resource, "confidentiality") != "R" {
		t.Fatal("composition confidentiality is not R with sensitive entries")
	}
	// Security labels: MH and HIV plus R on the allergy; PRS plus R on HbA1c;
	// none elsewhere.
	labels := map[string][]string{}
	for _, e := range b.Entry[2:] {
		title := fmt.Sprint(dig(e.Resource, "code", "text"))
		sec, _ := dig(e.Resource, "meta", "security").([]any)
		for _, s := range sec {
			labels[title] = append(labels[title], fmt.Sprint(dig(s, "code")))
		}
	}
	want := map[string][]string{"Penicillin allergy": {"MH", "HIV", "R"}, "HbA1c": {"PRS", "R"}}
	if fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Fatalf("labels = %v, want %v", labels, want)
	}
	// Codes carry system URIs.
	raw := string(x.Bundle)
	for _, uri := range []string{"http://snomed.info/sct", "http://loinc.org", "http://www.nlm.nih.gov/research/umls/rxnorm",
		"http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/cvx"} {
		if !strings.Contains(raw, `"system":"`+uri+`"`) {
			t.Errorf("no %s coding", uri)
		}
	}
	for _, short := range []string{`"system":"snomed"`, `"system":"loinc"`, `"system":"rxnorm"`} {
		if strings.Contains(raw, short) {
			t.Errorf("a short system name left: %s", short)
		}
	}
	// Without sensitive entries the composition is N.
	plain := buildFor(t, k, sampleEntries()[:2], ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil)
	if !strings.Contains(string(plain.Bundle), `"confidentiality":"N"`) {
		t.Fatal("confidentiality is not N")
	}
}

// randomEntries makes a varied record; every title holds a unique token.
func randomEntries(rng *rand.Rand, n int) []record.Entry {
	cats := record.Categories()
	var out []record.Entry
	for i := range n {
		e := record.Entry{
			ID:       fmt.Sprintf("id%03d", i),
			Category: cats[rng.IntN(len(cats))],
			Title:    fmt.Sprintf("entry token%03dz", i),
			Tags:     []string{},
		}
		if rng.IntN(5) > 0 {
			e.Date = time.Date(2015+rng.IntN(12), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		}
		if rng.IntN(3) == 0 {
			e.Tags = []string{[]string{"red", "blue"}[rng.IntN(2)]}
		}
		if rng.IntN(2) == 0 {
			e.Value = fmt.Sprint(rng.IntN(200))
		}
		if rng.IntN(3) == 0 {
			e.Notes = fmt.Sprintf("notes of token%03dz", i)
		}
		if rng.IntN(8) == 0 {
			e.Sensitive = []record.Kind{record.Kinds()[rng.IntN(len(record.Kinds()))]}
		}
		out = append(out, e)
	}
	return out
}

// TestRandomSelections: over 200 random selections, the extract holds exactly
// the chosen entries and no token of any other.
func TestRandomSelections(t *testing.T) {
	k := newKeys(t)
	rng := rand.New(rand.NewPCG(1, 2))
	all := randomEntries(rng, 80)
	cats := record.Categories()
	runs := 0
	for runs < 200 {
		var sel Selection
		for _, c := range cats {
			if rng.IntN(4) == 0 {
				sel.Categories = append(sel.Categories, c)
			}
		}
		for range rng.IntN(4) {
			sel.IDs = append(sel.IDs, all[rng.IntN(len(all))].ID)
		}
		if rng.IntN(3) == 0 {
			sel.Since = fmt.Sprintf("%d-01-01", 2015+rng.IntN(12))
		}
		if rng.IntN(3) == 0 {
			sel.Until = fmt.Sprintf("%d-12-31", 2020+rng.IntN(7))
		}
		if rng.IntN(4) == 0 {
			sel.Tag = "red"
		}
		chosen, err := Select(all, sel)
		if err != nil {
			continue // empty or reversed selections are refused; tested elsewhere
		}
		runs++
		// An independent oracle of what should be chosen.
		var want []string
		for _, e := range all {
			in := slices.Contains(sel.IDs, e.ID)
			if !in && slices.Contains(sel.Categories, e.Category) {
				in = (sel.Tag == "" || slices.Contains(e.Tags, sel.Tag)) &&
					(sel.Since == "" || e.Date != "" && e.Date >= sel.Since) &&
					(sel.Until == "" || e.Date != "" && e.Date <= sel.Until)
			}
			if in {
				want = append(want, e.Title)
			}
		}
		if !slices.Equal(titles(chosen), want) {
			t.Fatalf("selection %+v: chose %q, want %q", sel, titles(chosen), want)
		}
		kept, flagged, err := Gate(chosen, true)
		if err != nil {
			t.Fatal(err)
		}
		x, err := Build(BuildParams{Entries: kept, Profile: profile, From: "Alice", SigningKey: k.sign,
			To: ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, Created: now, Expires: expires,
			SensitiveIncluded: FlaggedKinds(flagged)})
		if err != nil {
			t.Fatal(err)
		}
		validateBundle(t, x.Bundle, kept)
		plain, _ := x.MarshalJSON()
		ips, err := fhir.ReadIPS(x.Bundle)
		if err != nil {
			t.Fatal(err)
		}
		got := ips.Entries
		gotTitles := titles(got)
		sort.Strings(gotTitles)
		sort.Strings(want)
		if !slices.Equal(gotTitles, want) {
			t.Fatalf("extract holds %q, want %q", gotTitles, want)
		}
		for _, e := range all {
			token := e.Title[len("entry "):]
			if slices.Contains(want, e.Title) != strings.Contains(string(plain), token) {
				t.Fatalf("token of %s: chosen=%v, in extract=%v", e.ID, slices.Contains(want, e.Title), !slices.Contains(want, e.Title))
			}
			if strings.Contains(string(plain), `"`+e.ID+`"`) {
				t.Fatalf("local id %s left", e.ID)
			}
		}
	}
}
