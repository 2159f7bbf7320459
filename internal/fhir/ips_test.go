package fhir

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/phrhealth/phr/internal/record"
)

var ipsNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// build writes an IPS of entries and decodes it.
func build(t *testing.T, p IPSParams) (raw []byte, doc map[string]any) {
	t.Helper()
	if p.ID == "" {
		p.ID = "6f1c1a52-9a8e-4d5b-8a34-0d8c7e0f4a11"
	}
	if p.Created.IsZero() {
		p.Created = ipsNow
	}
	raw, err := BuildIPS(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return raw, doc
}

// dig walks decoded JSON by keys and indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// resources returns the bundle's resources of one type.
func resources(doc map[string]any, rt string) []map[string]any {
	var out []map[string]any
	for _, e := range dig(doc, "entry").([]any) {
		r := dig(e, "resource").(map[string]any)
		if r["resourceType"] == rt {
			out = append(out, r)
		}
	}
	return out
}

// TestBloodPressureShape: a hand-entered blood pressure (text "142/91"),
// one with parts and one imported with another LOINC code all leave as the
// vital-signs shape, and read back with their value and parts.
func TestBloodPressureShape(t *testing.T) {
	typed := record.Entry{ID: "a", Category: record.Measurement, Title: "Blood pressure", Date: "2026-01-02", Value: "142/91", Unit: "mmHg"}
	typed.UnitCode = UCUMCode(typed.Unit)
	ShapeReading(&typed)
	if len(typed.Components) != 2 || typed.Code == nil || typed.Code.Code != LOINCBloodPressure {
		t.Fatalf("shaped: %+v", typed)
	}
	imported := record.Entry{ID: "b", Category: record.Measurement, Title: "BP sitting", Date: "2026-01-03", Value: "120/80", Unit: "mm[Hg]",
		UnitCode: "mm[Hg]", Code: &record.Code{System: "loinc", Code: "55284-4", Display: "Blood pressure systolic and diastolic"},
		Components: []record.Component{
			{Code: &record.Code{System: "loinc", Code: LOINCDiastolic}, Title: "Diastolic", Value: "80", Unit: "mm[Hg]", UnitCode: "mm[Hg]"},
			{Code: &record.Code{System: "loinc", Code: LOINCSystolic}, Title: "Systolic", Value: "120", Unit: "mm[Hg]", UnitCode: "mm[Hg]"}}}
	_, doc := build(t, IPSParams{Entries: []record.Entry{typed, imported}})
	obs := resources(doc, "Observation")
	if len(obs) != 2 {
		t.Fatalf("%d observations", len(obs))
	}
	for _, o := range obs {
		if dig(o, "code", "coding", 0, "code") != LOINCBloodPressure || dig(o, "code", "coding", 0, "system") != LOINC {
			t.Errorf("%v: code %v", dig(o, "code", "text"), dig(o, "code"))
		}
		if o["valueString"] != nil || o["valueQuantity"] != nil {
			t.Errorf("%v: a value beside the parts", dig(o, "code", "text"))
		}
		if dig(o, "meta", "profile", 0) != "http://hl7.org/fhir/StructureDefinition/bp" {
			t.Errorf("profile %v", dig(o, "meta", "profile"))
		}
		got := map[string]string{}
		for i := range 2 {
			c := dig(o, "component", i)
			if dig(c, "valueQuantity", "system") != UCUM || dig(c, "valueQuantity", "code") != "mm[Hg]" {
				t.Errorf("part %d: %v", i, dig(c, "valueQuantity"))
			}
			got[fmt.Sprint(dig(c, "code", "coding", 0, "code"))] = fmt.Sprint(dig(c, "valueQuantity", "value"))
		}
		if len(got) != 2 || got[LOINCSystolic] == "" || got[LOINCDiastolic] == "" {
			t.Errorf("parts %v", got)
		}
	}
	raw, _ := build(t, IPSParams{Entries: []record.Entry{typed, imported}})
	back, err := ReadIPS(raw)
	if err != nil {
		t.Fatal(err)
	}
	// Read back, a blood pressure is its parts alone (no "142/91" value
	// beside them), shown joined, systolic first.
	for i, want := range []string{"142/91 mmHg", "120/80 mmHg"} {
		if e := back.Entries[i]; e.Value != "" || e.Unit != "" || e.UnitCode != "" || len(e.Components) != 2 || e.PlainValue() != want {
			t.Errorf("read back %q: %q %q %q %+v shown %q", e.Title, e.Value, e.Unit, e.UnitCode, e.Components, e.PlainValue())
		}
	}
}

// TestReadingCodes: common hand-entered readings get their LOINC code, a
// unit their profile does not allow gets none, and the R4 vital-signs
// profile is claimed only when the reading fits it.
func TestReadingCodes(t *testing.T) {
	for _, c := range []struct {
		title, value, unit, code, profile string
	}{
		{"Weight", "72.5", "kg", "29463-7", "bodyweight"},
		{"weight", "160", "lbs", "29463-7", "bodyweight"},
		{"Height", "172", "cm", "8302-2", "bodyheight"},
		{"Pulse", "62", "bpm", "8867-4", "heartrate"},
		{"Heart rate", "62", "/min", "8867-4", "heartrate"},
		{"Temperature", "37.2", "°C", "8310-5", "bodytemp"},
		{"Oxygen saturation", "97", "%", "59408-5", "oxygensat"},
		{"Respiratory rate", "14", "breaths/min", "9279-1", "resprate"},
		{"BMI", "24.1", "kg/m2", "39156-5", "bmi"},
		{"Blood glucose", "5.4", "mmol/l", "15074-8", ""},
		{"Glucose", "97", "mg/dL", "2339-0", ""},
		{"Weight", "11", "stone", "", ""},
		{"Mood", "7", "", "", ""},
	} {
		t.Run(c.title+" "+c.unit, func(t *testing.T) {
			e := record.Entry{ID: "x", Category: record.Measurement, Title: c.title, Date: "2026-01-02", Value: c.value, Unit: c.unit, UnitCode: UCUMCode(c.unit)}
			ShapeReading(&e)
			got := ""
			if e.Code != nil {
				got = e.Code.Code
			}
			if got != c.code {
				t.Fatalf("code %q, want %q", got, c.code)
			}
			_, doc := build(t, IPSParams{Entries: []record.Entry{e}})
			o := resources(doc, "Observation")[0]
			want := []any{}
			if c.profile != "" {
				want = []any{"http://hl7.org/fhir/StructureDefinition/" + c.profile}
			}
			if p, _ := dig(o, "meta", "profile").([]any); fmt.Sprint(p) != fmt.Sprint(want) && !(len(p) == 0 && len(want) == 0) {
				t.Errorf("profile %v, want %v", p, want)
			}
			if e.UnitCode != "" && (dig(o, "valueQuantity", "code") != e.UnitCode || dig(o, "valueQuantity", "system") != UCUM) {
				t.Errorf("quantity %v", dig(o, "valueQuantity"))
			}
		})
	}
}

// TestRequiredSections: an extract of only allergies still has the three
// required sections; one not chosen says withheld, one chosen with nothing
// recorded says unavailable, and the reader reports the withheld ones.
func TestRequiredSections(t *testing.T) {
	allergy := record.Entry{ID: "a", Category: record.Allergy, Title: "Penicillin", Date: "2020-01-01"}
	raw, doc := build(t, IPSParams{Entries: []record.Entry{allergy}, Covered: []record.Category{record.Allergy, record.Condition}})
	comp := dig(doc, "entry", 0, "resource")
	if dig(doc, "meta", "profile", 0) != ipsProfile+"Bundle-uv-ips" || dig(comp, "meta", "profile", 0) != ipsProfile+"Composition-uv-ips" {
		t.Fatal("IPS profiles not claimed")
	}
	reasons := map[string]any{}
	for _, s := range dig(comp, "section").([]any) {
		reasons[fmt.Sprint(dig(s, "code", "coding", 0, "code"))] = dig(s, "emptyReason", "coding", 0, "code")
		if div, _ := dig(s, "text", "div").(string); !strings.HasPrefix(div, divOpen) {
			t.Errorf("section %v without narrative", dig(s, "title"))
		}
	}
	want := map[string]any{"48765-2": nil, "10160-0": "withheld", "11450-4": "unavailable"}
	if fmt.Sprint(reasons) != fmt.Sprint(want) {
		t.Fatalf("sections %v, want %v", reasons, want)
	}
	back, err := ReadIPS(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Withheld, []record.Category{record.Medication}) || len(back.Entries) != 1 {
		t.Fatalf("withheld %v, %d entries", back.Withheld, len(back.Entries))
	}
	if a := dig(comp, "author", 0, "reference"); len(resources(doc, "Device")) != 1 || a != "urn:uuid:"+fmt.Sprint(resources(doc, "Device")[0]["id"]) {
		t.Fatalf("author %v is not phr's Device", a)
	}
}

// TestNarratives: every resource has a narrative, and text from outside is
// escaped in it; notes kept in a narrative read back unchanged.
func TestNarratives(t *testing.T) {
	notes := "Ask for <Dr> O'Neil & \"Sam\"\nsecond line"
	entries := []record.Entry{
		{ID: "1", Category: record.Appointment, Title: "Clinic <b>A & B</b>", Date: "2026-01-02", Notes: notes},
		{ID: "2", Category: record.Contact, Title: "Riverside Medical Practice & Co", Value: "01632 960123", Notes: notes},
		{ID: "3", Category: record.Condition, Title: "Asthma & hay fever", Date: "2001-05-01"},
		{ID: "4", Category: record.Note, Title: "Diary", Notes: notes},
	}
	raw, doc := build(t, IPSParams{Entries: entries})
	for _, e := range dig(doc, "entry").([]any) {
		r := dig(e, "resource")
		div, _ := dig(r, "text", "div").(string)
		if !strings.HasPrefix(div, divOpen) || !strings.HasSuffix(div, divClose) {
			t.Errorf("%v has no narrative", dig(r, "resourceType"))
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(div, divOpen), divClose)
		for _, bad := range []string{"<b>", "<Dr>", " & ", `"Sam"`} {
			if strings.Contains(inner, bad) {
				t.Errorf("%v narrative holds %q unescaped: %s", dig(r, "resourceType"), bad, div)
			}
		}
	}
	back, err := ReadIPS(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range back.Entries {
		if e.Notes != notes && e.Category != record.Condition {
			t.Errorf("%s: notes %q", e.Title, e.Notes)
		}
	}
}

// TestCareContacts: services leave as Organization, people as Practitioner
// with a PractitionerRole for the role their title names, each with telecom
// and address from the value and from an import's labelled notes.
func TestCareContacts(t *testing.T) {
	entries := []record.Entry{
		{ID: "1", Category: record.Contact, Title: "Riverside Medical Practice (GP surgery)", Value: "01632 960123",
			Notes: "12 Riverside Road.", Tags: []string{"gp"}},
		{ID: "2", Category: record.Contact, Title: "Nurse Priya Shah, diabetes specialist nurse", Value: "01632 960789"},
		{ID: "3", Category: record.Contact, Title: "Dr Helen Ruiz", Notes: "phone: 555-0100\nemail: h.ruiz@example.org\naddress: 1 Main St, Springfield"},
		{ID: "4", Category: record.Contact, Title: "Springfield General Hospital", Notes: "address: 2 Elm St, Springfield\nphone: 555-0199"},
	}
	raw, doc := build(t, IPSParams{Entries: entries})
	orgs, people, roles := resources(doc, "Organization"), resources(doc, "Practitioner"), resources(doc, "PractitionerRole")
	if len(orgs) != 2 || len(people) != 2 || len(roles) != 1 {
		t.Fatalf("%d organizations, %d practitioners, %d roles", len(orgs), len(people), len(roles))
	}
	if orgs[1]["name"] != "Springfield General Hospital" || dig(orgs[1], "address", 0, "text") != "2 Elm St, Springfield" ||
		dig(orgs[1], "telecom", 0, "value") != "555-0199" {
		t.Errorf("hospital: %v", orgs[1])
	}
	if dig(people[0], "name", 0, "text") != "Nurse Priya Shah" || dig(roles[0], "code", 0, "text") != "diabetes specialist nurse" ||
		dig(roles[0], "practitioner", "reference") != "urn:uuid:"+fmt.Sprint(people[0]["id"]) {
		t.Errorf("nurse: %v %v", people[0], roles[0])
	}
	ruiz := people[1]
	if dig(ruiz, "telecom", 1, "system") != "email" || dig(ruiz, "address", 0, "text") != "1 Main St, Springfield" {
		t.Errorf("doctor: %v", ruiz)
	}
	back, err := ReadIPS(raw)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range back.Entries {
		if e.Title != entries[i].Title || e.Value != entries[i].Value || e.Notes != entries[i].Notes {
			t.Errorf("read back %q %q %q, want %q %q %q", e.Title, e.Value, e.Notes, entries[i].Title, entries[i].Value, entries[i].Notes)
		}
	}
}

// TestAttachmentsTravel: the files of a document, and of a note, go inside
// its DocumentReference when given (a note's after its text), and come back
// out with the same bytes and the note's text; without them only a
// document's title leaves.
func TestAttachmentsTravel(t *testing.T) {
	pdf := []byte("%PDF-1.4 letter & more")
	files := func(a record.Attachment) ([]byte, error) {
		if a.ID != "att1" {
			return nil, fmt.Errorf("unknown attachment %s", a.ID)
		}
		return pdf, nil
	}
	attached := []record.Attachment{{ID: "att1", Name: "letter.pdf", Type: "application/pdf", Size: int64(len(pdf))}}
	tests := []struct {
		entry record.Entry
		at    int // the file's place in the content
	}{
		{record.Entry{ID: "d", Category: record.Document, Title: "Clinic letter", Date: "2026-02-03", Attachments: attached}, 0},
		{record.Entry{ID: "n", Category: record.Note, Title: "GP visit", Date: "2026-02-03", Notes: "Talked about sleep.", Attachments: attached}, 1},
		{record.Entry{ID: "n", Category: record.Note, Title: "Scan", Date: "2026-02-03", Attachments: attached}, 1},
		{record.Entry{ID: "r", Category: record.Result, Title: "Lipid panel", Date: "2026-02-03", Value: "4.1", Unit: "mmol/L", Attachments: attached}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.entry.Title, func(t *testing.T) {
			raw, out := build(t, IPSParams{Entries: []record.Entry{tt.entry}, Files: files})
			dr := resources(out, "DocumentReference")[0]
			if dig(dr, "content", tt.at, "attachment", "title") != "letter.pdf" || dig(dr, "content", tt.at, "attachment", "data") == nil {
				t.Fatalf("attachment %v", dig(dr, "content"))
			}
			back, err := ReadIPS(raw)
			if err != nil {
				t.Fatal(err)
			}
			if len(back.Entries) != 1 {
				t.Fatalf("read back %d entries, want 1", len(back.Entries))
			}
			e := back.Entries[0]
			if e.Category != tt.entry.Category || e.Notes != tt.entry.Notes {
				t.Errorf("read back a %s with notes %q, want a %s with %q", e.Category, e.Notes, tt.entry.Category, tt.entry.Notes)
			}
			if len(e.Attachments) != 1 || string(back.Files[e.Attachments[0].ID]) != string(pdf) || e.Attachments[0].Name != "letter.pdf" {
				t.Fatalf("read back %+v, %d files", e.Attachments, len(back.Files))
			}
			raw, out = build(t, IPSParams{Entries: []record.Entry{tt.entry}})
			if strings.Contains(string(raw), "letter.pdf") || strings.Contains(string(raw), "JVBERi0") {
				t.Fatal("a file or its name left without being chosen")
			}
			if drs := resources(out, "DocumentReference"); tt.entry.Category == record.Note && len(dig(drs[0], "content").([]any)) != 1 {
				t.Errorf("a note whose files stay behind has %d contents, want its text alone", len(dig(drs[0], "content").([]any)))
			} else if tt.entry.Category == record.Result && len(drs) != 0 {
				t.Errorf("a result whose files stay behind has %d DocumentReferences, want none", len(drs))
			}
		})
	}
}

// TestStableEntryIDs: with the sender's IDSpace, an entry's resource has
// the same id in every extract (a UUID version 5, never the entry's id),
// another sender's differs, and without IDSpace ids are random. The
// resource's meta.lastUpdated is when the entry last changed, which
// ReadIPS gives back as the entry's created and updated times.
func TestStableEntryIDs(t *testing.T) {
	changed := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	entries := []record.Entry{
		{ID: "k3j2m9q4xd", Category: record.Allergy, Title: "Penicillin", Date: "2020-01-01", Created: changed.Add(-time.Hour), Updated: changed},
		{ID: "p8r7s6t5uv", Category: record.Measurement, Title: "Blood pressure", Date: "2026-01-02", Value: "142/91", Unit: "mmHg", UnitCode: "mm[Hg]", Created: changed},
	}
	ShapeReading(&entries[1])
	ids := func(space string) []string {
		raw, _ := build(t, IPSParams{Entries: entries, IDSpace: space})
		back, err := ReadIPS(raw)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i, e := range back.Entries {
			if !e.Created.Equal(changed) || !e.Updated.Equal(changed) {
				t.Errorf("%s: created %v updated %v, want %v", e.Title, e.Created, e.Updated, changed)
			}
			if _, err := uuid.Parse(e.ID); err != nil || e.ID == entries[i].ID {
				t.Errorf("%s: id %q", e.Title, e.ID)
			}
			out = append(out, e.ID)
		}
		return out
	}
	a, b := ids("sender-key-A"), ids("sender-key-A")
	if !slices.Equal(a, b) || a[0] == a[1] {
		t.Errorf("same sender: %v then %v", a, b)
	}
	if u := uuid.MustParse(a[0]); u.Version() != 5 {
		t.Errorf("version %d", u.Version())
	}
	if c := ids("sender-key-B"); c[0] == a[0] || c[1] == a[1] {
		t.Errorf("another sender gives the same ids: %v", c)
	}
	if r1, r2 := ids(""), ids(""); r1[0] == r2[0] {
		t.Errorf("no IDSpace: ids repeat: %v %v", r1, r2)
	}
	// Two entries with one id still get two resources.
	twice := []record.Entry{entries[0], entries[0]}
	_, doc := build(t, IPSParams{Entries: twice, IDSpace: "sender-key-A"})
	urls := map[any]bool{}
	for i := range 5 {
		urls[dig(doc, "entry", i, "fullUrl")] = true
	}
	if len(urls) != 5 {
		t.Errorf("fullUrls repeat: %v", urls)
	}
}
