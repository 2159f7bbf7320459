package share

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

func titles(es []record.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Title)
	}
	return out
}

func TestSelect(t *testing.T) {
	entries := sampleEntries()
	entries[1].Tags = []string{"diabetes"}
	entries[3].Tags = []string{"diabetes"}
	cases := []struct {
		name string
		sel  Selection
		want []string
	}{
		{"one category", Selection{Categories: []record.Category{record.Medication}}, []string{"Metformin 500 mg", "Salbutamol inhaler"}},
		{"two categories", Selection{Categories: []record.Category{record.Allergy, record.Immunization}}, []string{"Penicillin allergy", "Influenza vaccine"}},
		{"items", Selection{IDs: []string{"local-c1", "local-a1"}}, []string{"Penicillin allergy", "Type 2 diabetes"}},
		{"category and item, no duplicates", Selection{Categories: []record.Category{record.Allergy}, IDs: []string{"local-a1", "local-p1"}}, []string{"Penicillin allergy", "Appendectomy"}},
		{"since", Selection{Categories: []record.Category{record.Condition, record.Result}, Since: "2021-01-15"}, []string{"Type 2 diabetes", "HbA1c", "Urine culture"}},
		{"until is inclusive of the day", Selection{Categories: []record.Category{record.Result}, Until: "2026-09-01"}, []string{"HbA1c", "Urine culture"}},
		{"until a time", Selection{Categories: []record.Category{record.Result}, Until: "2026-09-01T08:00:00Z"}, []string{"Urine culture"}},
		{"range", Selection{Categories: []record.Category{record.Measurement, record.Result}, Since: "2026-08-02", Until: "2026-10-01"}, []string{"HbA1c", "Blood pressure"}},
		{"tag", Selection{Categories: []record.Category{record.Medication, record.Condition}, Tag: " Diabetes "}, []string{"Metformin 500 mg", "Type 2 diabetes"}},
		{"an item ignores the filters", Selection{Categories: []record.Category{record.Result}, IDs: []string{"local-a1"}, Since: "2026-09-01"}, []string{"Penicillin allergy", "HbA1c"}},
		{"an item by a unique prefix", Selection{IDs: []string{"local-a", "local-c1"}}, []string{"Penicillin allergy", "Type 2 diabetes"}},
		{"since a time ago", Selection{Categories: []record.Category{record.Result, record.Measurement}, Since: "62d", Now: time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC)}, []string{"HbA1c", "Urine culture", "Blood pressure", "Weight"}},
		{"since a shorter time ago", Selection{Categories: []record.Category{record.Result, record.Measurement}, Since: "1d", Now: time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC)}, []string{"Blood pressure", "Weight"}},
		{"until a time ago", Selection{Categories: []record.Category{record.Result, record.Measurement}, Until: "2w", Now: time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC)}, []string{"HbA1c", "Urine culture"}},
		{"undated entries never match a range", Selection{Categories: []record.Category{record.Contact}, IDs: []string{"local-k1"}, Since: "2000-01-01"}, []string{"Dr Jane Smith"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Select(entries, tc.sel)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(titles(got), tc.want) {
				t.Fatalf("got %q, want %q", titles(got), tc.want)
			}
		})
	}
	refusals := []struct {
		name string
		sel  Selection
		says string
	}{
		{"nothing chosen", Selection{}, "choose what to share: --category or --item"},
		{"only filters", Selection{Since: "2020-01-01", Tag: "x"}, "choose what to share"},
		{"nothing matches", Selection{Categories: []record.Category{record.Result}, Since: "2027-01-01"}, "nothing matches"},
		{"nothing matches a tag", Selection{Categories: []record.Category{record.Allergy}, Tag: "nope"}, "nothing matches"},
		{"unknown id", Selection{IDs: []string{"local-a1", "no-such"}}, `no entry with id "no-such"`},
		{"unknown category", Selection{Categories: []record.Category{"pets"}}, "unknown category"},
		{"ambiguous prefix", Selection{IDs: []string{"local-m"}}, `id "local-m" matches more than one entry`},
		{"too short a prefix", Selection{IDs: []string{"loc"}}, `no entry with id "loc": give at least its first four characters`},
		{"bad time ago", Selection{Categories: []record.Category{record.Result}, Since: "7 days"}, "a time ago such as 7d"},
		{"bad date", Selection{Categories: []record.Category{record.Result}, Since: "last tuesday"}, "invalid date"},
		{"reversed range", Selection{Categories: []record.Category{record.Result}, Since: "2026-01-02", Until: "2026-01-01"}, "before --since"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Select(entries, tc.sel)
			wantKind(t, err, errs.Usage, tc.says)
		})
	}
}

func TestGate(t *testing.T) {
	entries := sampleEntries()
	entries[3].Sensitive = []record.Kind{record.MentalHealth, record.Private}
	entries[15].Sensitive = []record.Kind{record.Violence}

	kept, flagged, err := Gate(entries, false)
	wantKind(t, err, errs.Policy, "2 entries in this selection are sensitive", "local-c1", "local-n1",
		"mental health", "abuse or domestic violence", "add --include-sensitive to share them, or --exclude-sensitive to leave them out")
	if kept != nil {
		t.Fatal("kept entries on refusal")
	}
	if items := errs.ItemsOf(err); !reflect.DeepEqual(items, []string{"local-c1", "local-n1"}) {
		t.Fatalf("the refusal names items %q", items)
	}
	if strings.Contains(err.Error(), "Type 2 diabetes") {
		t.Fatal("the error holds a title")
	}
	if len(flagged) != 2 || flagged[0].ID != "local-c1" || flagged[0].Title != "Type 2 diabetes" || flagged[0].Date != "2021-01-15" ||
		!reflect.DeepEqual(flagged[0].Kinds, []record.Kind{record.MentalHealth, record.Private}) ||
		flagged[0].Reasons[record.MentalHealth] == "" || flagged[1].ID != "local-n1" {
		t.Fatalf("flagged = %+v", flagged)
	}

	kept, flagged, err = Gate(entries, true)
	if err != nil || len(kept) != len(entries) || len(flagged) != 2 {
		t.Fatalf("with --include-sensitive: %d kept, %d flagged, %v", len(kept), len(flagged), err)
	}
	if got := FlaggedKinds(flagged); !reflect.DeepEqual(got, []record.Kind{record.MentalHealth, record.Violence, record.Private}) {
		t.Fatalf("kinds = %v", got)
	}

	_, _, err = Gate(entries[3:4], false)
	wantKind(t, err, errs.Policy, "1 entry in this selection is sensitive")

	plain := slices.Clone(entries[:3])
	kept, flagged, err = Gate(plain, false)
	if err != nil || len(kept) != 3 || flagged != nil {
		t.Fatalf("plain selection: %v %v", flagged, err)
	}
}

// TestBuildNeedsTheGate: Build refuses sensitive entries whose kinds were not
// confirmed, so no path reaches the writer without the gate.
func TestBuildNeedsTheGate(t *testing.T) {
	k := newKeys(t)
	entries := sampleEntries()[:3]
	entries[1].Sensitive = []record.Kind{record.HIV}
	p := BuildParams{Entries: entries, Profile: profile, From: "Alice", SigningKey: k.sign,
		To: ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, Created: now, Expires: expires}
	_, err := Build(p)
	wantKind(t, err, errs.Policy, "HIV")
	p.SensitiveIncluded = []record.Kind{record.MentalHealth}
	_, err = Build(p)
	wantKind(t, err, errs.Policy)
	p.SensitiveIncluded = []record.Kind{record.HIV}
	x, err := Build(p)
	if err != nil || !reflect.DeepEqual(x.Manifest.SensitiveIncluded, []record.Kind{record.HIV}) {
		t.Fatalf("confirmed: %v", err)
	}
}

func TestBuildRefuses(t *testing.T) {
	k := newKeys(t)
	base := func() BuildParams {
		return BuildParams{Entries: sampleEntries()[:2], Profile: profile, From: "Alice", SigningKey: k.sign,
			To: ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, Created: now, Expires: expires}
	}
	cases := []struct {
		name string
		edit func(p *BuildParams)
		kind errs.Kind
	}{
		{"no entries", func(p *BuildParams) { p.Entries = nil }, errs.Usage},
		{"an entry twice", func(p *BuildParams) { p.Entries = append(p.Entries, p.Entries[0]) }, errs.Usage},
		{"no sender", func(p *BuildParams) { p.From = "  " }, errs.Usage},
		{"control characters in a name", func(p *BuildParams) { p.To.Name = "Sam\x1b[2J" }, errs.Usage},
		{"bad recipient", func(p *BuildParams) { p.To.Recipient = "bob@example.org" }, errs.Usage},
		{"expiry before creation", func(p *BuildParams) { p.Expires = now.Add(-1) }, errs.Usage},
		{"expiry beyond a year", func(p *BuildParams) { p.Expires = now.AddDate(1, 0, 2) }, errs.Usage},
		{"no signing key", func(p *BuildParams) { p.SigningKey = nil }, errs.Failed},
		{"unreadable date", func(p *BuildParams) { p.Entries[0].Date = "yesterday" }, errs.Failed},
		{"unreadable birth date", func(p *BuildParams) { p.Profile.Born = "April" }, errs.Failed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			tc.edit(&p)
			_, err := Build(p)
			wantKind(t, err, tc.kind)
		})
	}
}

func TestCovered(t *testing.T) {
	all := []record.Entry{{ID: "a", Category: record.Allergy}, {ID: "m", Category: record.Medication}, {ID: "c", Category: record.Condition}}
	held := []Flagged{{ID: "c"}}
	for _, tc := range []struct {
		name string
		sel  Selection
		want []record.Category
	}{
		{"whole", Selection{Categories: []record.Category{record.Allergy, record.Medication}}, []record.Category{record.Allergy, record.Medication}},
		{"gate held one", Selection{Categories: []record.Category{record.Allergy, record.Condition}}, []record.Category{record.Allergy}},
		{"dates", Selection{Categories: []record.Category{record.Allergy}, Since: "2020-01-01"}, nil},
		{"tag", Selection{Categories: []record.Category{record.Allergy}, Tag: "x"}, nil},
		{"items", Selection{IDs: []string{"a"}}, nil},
	} {
		if got := Covered(tc.sel, all, held); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
