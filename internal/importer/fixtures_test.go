package importer

import (
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
	"github.com/phrhealth/phr/internal/when"
)

// TestFixtures reads every fixture and checks the entries per category and
// the unmapped counts against counts computed from the file itself.
func TestFixtures(t *testing.T) {
	for _, path := range fixtureFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			res, err := readFile(t, path)
			if strings.Contains(path, "dstu2") {
				if err == nil || !strings.Contains(err.Error(), "DSTU2") || !strings.Contains(err.Error(), name) {
					t.Fatalf("DSTU2 file: want a refusal naming the file and DSTU2, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ex expectation
			switch filepath.Ext(path) {
			case ".json":
				ex = expectFHIR(t, path)
				if res.Format != FHIR {
					t.Errorf("format %q", res.Format)
				}
			case ".xml":
				ex = expectCCDA(t, path)
				if res.Format != CCDA {
					t.Errorf("format %q", res.Format)
				}
			}
			got := map[string]int{}
			for _, it := range res.Items {
				got[string(it.Entry.Category)]++
			}
			if !maps.Equal(got, ex.categories) {
				t.Errorf("categories:\n got %v\nwant %v", got, ex.categories)
			}
			if !maps.Equal(res.Unmapped, ex.unmapped) {
				t.Errorf("unmapped:\n got %v\nwant %v", res.Unmapped, ex.unmapped)
			}
			if !maps.Equal(res.Skipped, ex.skipped) {
				t.Errorf("skipped:\n got %v\nwant %v", res.Skipped, ex.skipped)
			}
			checkEntries(t, res)
			t.Logf("%s: %v unmapped %v", name, got, res.Unmapped)
		})
	}
}

// checkEntries checks what the caller relies on: every entry would pass
// the app's normalisation, and source ids are present and unique.
func checkEntries(t *testing.T, res *Result) {
	t.Helper()
	ids := map[string]bool{}
	for i, it := range res.Items {
		e := it.Entry
		if e.Source != string(res.Format) {
			t.Errorf("item %d: source %q", i, e.Source)
		}
		if e.SourceID == "" || ids[e.SourceID] {
			t.Errorf("item %d %q: source id %q empty or repeated", i, e.Title, e.SourceID)
		}
		ids[e.SourceID] = true
		if e.Original == "" {
			t.Errorf("item %d %q: no original", i, e.Title)
		}
		for _, d := range []string{e.Date, e.End} {
			if n, err := when.NormalizeDate(d); err != nil || n != d {
				t.Errorf("item %d %q: date %q not canonical (%v)", i, e.Title, d, err)
			}
		}
		c := e
		if err := c.Validate(); err != nil {
			t.Errorf("item %d: %v", i, err)
		}
		if e.Code != nil && strings.HasPrefix(e.Code.System, "http://snomed") {
			t.Errorf("item %d: code system not shortened: %q", i, e.Code.System)
		}
	}
}

func findItem(res *Result, pred func(*record.Entry) bool) *record.Entry {
	for i := range res.Items {
		if pred(&res.Items[i].Entry) {
			return &res.Items[i].Entry
		}
	}
	return nil
}

func fixture(t *testing.T, rel string) *Result {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(fixturesDir(t), rel))
	if len(matches) != 1 {
		t.Fatalf("fixture %s: %d matches", rel, len(matches))
	}
	res, err := readFile(t, matches[0])
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func titled(sub string) func(*record.Entry) bool {
	return func(e *record.Entry) bool { return strings.Contains(strings.ToLower(e.Title), strings.ToLower(sub)) }
}

func hasKind(e *record.Entry, k record.Kind) bool {
	return e != nil && e.HasKind(k)
}

func TestFixtureSensitive(t *testing.T) {
	m := fixture(t, "ips/ips-document-marlowe.json")
	for _, title := range []string{"escitalopram", "anxiety disorder"} {
		if e := findItem(m, titled(title)); !hasKind(e, record.MentalHealth) {
			t.Errorf("marlowe %s: want mental-health, got %+v", title, e)
		}
	}
	w := fixture(t, "synthea/Wendy_Littel_*.json")
	for _, title := range []string{"Yaz", "Jolivette"} {
		if e := findItem(w, titled(title)); !hasKind(e, record.SexualHealth) {
			t.Errorf("Wendy %s: want sexual-health, got %+v", title, e)
		}
	}
	if e := findItem(w, titled("HPV")); e == nil || len(e.Sensitive) != 0 {
		t.Errorf("Wendy HPV vaccine: want found and not sensitive, got %+v", e)
	}
	l := fixture(t, "synthea/Louie_Jast_*.json")
	for _, title := range []string{"Tubal pregnancy", "Miscarriage"} {
		if e := findItem(l, titled(title)); !hasKind(e, record.SexualHealth) {
			t.Errorf("Louie %s: want sexual-health, got %+v", title, e)
		}
	}
	if e := findItem(l, titled("Never smoker")); e != nil && len(e.Sensitive) != 0 {
		t.Errorf("never smoker marked %v", e.Sensitive)
	}
	b := fixture(t, "synthea/Bonnie_Kemmer_*.json")
	for title, k := range map[string]record.Kind{
		"Prenatal visit": record.SexualHealth, "intrauterine contraceptive": record.SexualHealth,
		"Camila": record.SexualHealth, "Human immunodeficiency virus antigen test": record.HIV,
		"Depression screening": record.MentalHealth, "chromosomal aneuploidy": record.Genetic,
	} {
		if e := findItem(b, titled(title)); !hasKind(e, k) {
			t.Errorf("Bonnie %s: want %s, got %+v", title, k, e)
		}
	}
	f := fixture(t, "synthea/Fletcher_Hyatt_*.json")
	if e := findItem(f, titled("Alcoholism")); !hasKind(e, record.SubstanceUse) {
		t.Errorf("Fletcher alcoholism: %+v", e)
	}
	if e := findItem(f, titled("Oxycodone")); e == nil || len(e.Sensitive) != 0 {
		t.Errorf("Fletcher oxycodone: want found and not sensitive, got %+v", e)
	}
}

func TestFixtureDetails(t *testing.T) {
	m := fixture(t, "ips/ips-document-marlowe.json")
	if m.Profile == nil || m.Profile.Name != "Iris June Marlowe" || m.Profile.Born != "1948-05-02" {
		t.Errorf("profile %+v", m.Profile)
	}
	esc := findItem(m, titled("escitalopram"))
	if esc == nil || esc.Code == nil || esc.Code.System != "atc" || esc.Code.Code != "N06AB10" {
		t.Errorf("escitalopram code: %+v", esc)
	}

	b := fixture(t, "synthea/Bonnie_Kemmer_*.json")
	bp := findItem(b, func(e *record.Entry) bool {
		return len(e.Components) == 2 && strings.Contains(e.Title, "Blood Pressure")
	})
	if bp == nil || !strings.Contains(bp.Value, "/") || bp.Unit != "mm[Hg]" || bp.Category != record.Measurement {
		t.Fatalf("blood pressure: %+v", bp)
	}
	if bp.Components[0].Code.Code != "8480-6" && bp.Components[1].Code.Code != "8480-6" {
		t.Errorf("no systolic component: %+v", bp.Components)
	}
	if !strings.HasPrefix(bp.Original, `{"resourceType":"Observation"`) {
		t.Errorf("original %.60s", bp.Original)
	}
	lab := findItem(b, func(e *record.Entry) bool {
		return e.Category == record.Result && e.Code != nil && e.Code.System == "loinc" && e.Value != "" && e.Unit != ""
	})
	if lab == nil || strings.ContainsAny(lab.Value, "eE") {
		t.Errorf("lab value: %+v", lab)
	}
	rep := findItem(b, func(e *record.Entry) bool { return strings.Contains(e.Notes, "Results: ") })
	if rep == nil {
		t.Error("no diagnostic report listing its results")
	}

	// A Medication referenced by a MedicationStatement gives it its name.
	ips := fixture(t, "ips/HL7-IPS_bundle-01.json")
	if ips.Profile == nil || ips.Profile.Name != "Martha DeLarosa" || ips.Profile.BloodType != "A+" {
		t.Errorf("IPS profile (blood type from LOINC 882-1): %+v", ips.Profile)
	}
	if e := findItem(ips, titled("anastrozole")); e == nil || e.Category != record.Medication {
		t.Errorf("anastrozole via medicationReference: %+v", e)
	}
	partial := findItem(ips, func(e *record.Entry) bool { return strings.Contains(e.Notes, "date in the file: ") })
	if partial == nil {
		t.Error("partial dates: want a note on at least one entry")
	} else if partial.Date != "" && !strings.Contains(partial.Notes, "end date in the file") {
		t.Errorf("partial date: want no invented date, got %q (%q)", partial.Date, partial.Notes)
	}

	bb := fixture(t, "bluebutton/patient_read_v2.json")
	// Gender and address have no profile field: a note keeps them.
	if bb.Profile == nil || bb.Profile.Name != "Jane X Doe" || len(bb.Items) != 1 ||
		bb.Items[0].Entry.Title != "Personal details" || !strings.Contains(bb.Items[0].Entry.Notes, "Gender: female") {
		t.Errorf("blue button patient: %+v, %+v", bb.Profile, bb.Items)
	}

	c := fixture(t, "ccda/CCD-1.xml")
	if c.Profile == nil || c.Profile.Name != "Eve Betterhalf" || c.Profile.Born != "1975-05-01" {
		t.Errorf("C-CDA profile %+v", c.Profile)
	}
	cbp := findItem(c, titled("Blood pressure"))
	if cbp == nil || cbp.Value != "132/88" || len(cbp.Components) != 2 {
		t.Errorf("C-CDA blood pressure %+v", cbp)
	}
	hb := findItem(c, titled("Hemoglobin"))
	if hb == nil || hb.Value != "13.2" || hb.Unit != "g/dL" || hb.Range == "" || hb.Interpretation != "normal" {
		t.Errorf("C-CDA hemoglobin %+v", hb)
	}
	if !strings.HasPrefix(hb.Original, "<entry>") {
		t.Errorf("C-CDA original %.40q", hb.Original)
	}
}

// TestFixturesSensitiveNegatives runs the suggestions over every entry of
// every fixture and checks the documented non-sensitive cases: vaccines
// (hepatitis B, HPV, influenza) are preventive, smoking status is of low
// sensitivity, and blood-pressure drugs and painkillers say nothing
// sensitive. It also checks that no entry is ever suggested "private".
func TestFixturesSensitiveNegatives(t *testing.T) {
	neutral := regexp.MustCompile(`(?i)\b(smok|tobacco|amlodipine|lisinopril|hydrochlorothiazide|paracetamol|ibuprofen|influenza|hep b|hepatitis b|hpv)`)
	checked := map[string]int{}
	for _, path := range fixtureFiles(t) {
		if strings.Contains(path, "dstu2") {
			continue
		}
		res, err := readFile(t, path)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range res.Items {
			e := it.Entry
			if e.HasKind(record.Private) {
				t.Errorf("%s %q: suggested private", filepath.Base(path), e.Title)
			}
			switch {
			case e.Category == record.Immunization:
				checked["immunization"]++
			case neutral.MatchString(e.Title) && !strings.Contains(strings.ToLower(e.Title), "pregnan"):
				checked[strings.ToLower(neutral.FindString(e.Title))]++
			default:
				continue
			}
			// A note naming the visit or the reason carries what they say
			// (a prenatal visit, a pregnancy): the entry itself must say
			// nothing sensitive.
			own := e
			own.Notes = withoutLines(withoutLines(e.Notes, "During the visit: "), "Reason: ")
			if ks := sensitive.Suggest(&own); len(ks) != 0 {
				t.Errorf("%s %s %q: suggested %v (%v)", filepath.Base(path), e.Category, e.Title, ks, sensitive.Reasons(&own))
			}
		}
	}
	// The fixtures do hold these cases; a vacuous pass would hide a broken reader.
	for _, k := range []string{"immunization", "tobacco", "lisinopril", "ibuprofen"} {
		if checked[k] == 0 {
			t.Errorf("no %s entry among the fixtures", k)
		}
	}
	t.Logf("checked: %v", checked)
}

// withoutLines drops the lines of s that start with prefix.
func withoutLines(s, prefix string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, prefix) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
