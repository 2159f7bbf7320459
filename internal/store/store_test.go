package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

var now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func newStore(t testing.TB) *Store {
	t.Helper()
	s, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func add(t testing.TB, s *Store, e record.Entry) record.Entry {
	t.Helper()
	if err := s.AddEntry(context.Background(), &e, now); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestRoundTripThroughSerialize(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	e := add(t, s, record.Entry{Category: record.Medication, Title: "Metformin 500 mg", Date: "2024-03-01",
		Code: &record.Code{System: "rxnorm", Code: "860975", Display: "metformin"}, Tags: []string{"Diabetes", "diabetes"},
		Sensitive: []record.Kind{record.Private}, Notes: "with food"})
	if err := s.SetProfile(ctx, record.Profile{Name: "Ada Lovelace", Born: "1815-12-10"}); err != nil {
		t.Fatal(err)
	}
	b, err := s.Serialize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Load(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Entry(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != e.Title || got.Code.Display != "metformin" || strings.Join(got.Tags, ",") != "diabetes" ||
		len(got.Sensitive) != 1 || got.Notes != "with food" || !got.Created.Equal(now) {
		t.Fatalf("round trip changed the entry: %+v", got)
	}
	p, _ := s2.Profile(ctx)
	if p.Name != "Ada Lovelace" {
		t.Fatalf("profile = %+v", p)
	}
	if v, _ := s2.Version(ctx); v != SchemaVersion {
		t.Fatalf("version = %d", v)
	}
}

func TestLoadRefusesGarbageAndNewerSchema(t *testing.T) {
	ctx := context.Background()
	if _, err := Load(ctx, nil); err == nil {
		t.Fatal("empty bytes loaded")
	}
	if _, err := Load(ctx, []byte("this is not a database at all, not even close..........")); err == nil {
		t.Fatal("garbage loaded")
	}
	s := newStore(t)
	if _, err := s.Querier().ExecContext(ctx, fmt.Sprintf("PRAGMA user_version=%d", SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	b, _ := s.Serialize(ctx)
	if _, err := Load(ctx, b); err == nil || !strings.Contains(err.Error(), "newer phr") {
		t.Fatalf("newer schema: %v", err)
	}
}

func TestListFilters(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	add(t, s, record.Entry{Category: record.Measurement, Title: "Weight", Date: "2024-01-05", Value: "80", Unit: "kg"})
	add(t, s, record.Entry{Category: record.Measurement, Title: "Weight", Date: "2024-02-05T08:00:00Z", Value: "79", Unit: "kg", Tags: []string{"home"}})
	add(t, s, record.Entry{Category: record.Condition, Title: "Asthma", Date: "2010-06-01"})
	add(t, s, record.Entry{Category: record.Note, Title: "Undated note"})
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all newest first, undated last", Filter{}, []string{"2024-02-05T08:00:00Z", "2024-01-05", "2010-06-01", ""}},
		{"category", Filter{Categories: []record.Category{record.Condition}}, []string{"2010-06-01"}},
		{"since", Filter{Since: "2024-01-06"}, []string{"2024-02-05T08:00:00Z"}},
		{"until includes the day", Filter{Until: "2024-02-05"}, []string{"2024-02-05T08:00:00Z", "2024-01-05", "2010-06-01"}},
		{"tag", Filter{Tag: "HOME"}, []string{"2024-02-05T08:00:00Z"}},
		{"oldest first with limit", Filter{Oldest: true, Limit: 2}, []string{"2010-06-01", "2024-01-05"}},
		{"rows of a category since", Filter{Categories: []record.Category{record.Measurement}, Since: "2024-01-01", Rows: true},
			[]string{"2024-02-05T08:00:00Z", "2024-01-05"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.List(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var dates []string
			for _, e := range got {
				dates = append(dates, e.Date)
			}
			if strings.Join(dates, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("dates = %q, want %q", dates, tt.want)
			}
			// EachEntry gives the same entries, one at a time.
			var each []record.Entry
			if err := s.EachEntry(ctx, tt.f, func(e record.Entry) error { each = append(each, e); return nil }); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(each, got) {
				t.Fatalf("EachEntry gave %d entries unlike List's %d", len(each), len(got))
			}
		})
	}
	stop := errors.New("stop")
	n := 0
	if err := s.EachEntry(ctx, Filter{}, func(record.Entry) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Fatalf("a callback's error: %v after %d entries", err, n)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	add(t, s, record.Entry{Category: record.Allergy, Title: "Penicillin allergy", Notes: "rash and swelling"})
	add(t, s, record.Entry{Category: record.Medication, Title: "Amoxicillin", Code: &record.Code{System: "rxnorm", Code: "723", Display: "amoxicillin 500 MG"}})
	add(t, s, record.Entry{Category: record.Note, Title: "Café visit", Notes: "naïve question"})
	tests := []struct {
		q    string
		want int
	}{
		{"penicil", 1}, {"RASH", 1}, {"amoxicillin", 1}, {"723", 1}, {"cafe", 1},
		{"penicillin rash", 1}, {"penicillin amoxicillin", 0}, {`"; DROP TABLE entries; --`, 0}, {"", 0}, {"*", 0},
	}
	for _, tt := range tests {
		got, err := s.Search(ctx, tt.q, 0)
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.q, err)
		}
		if len(got) != tt.want {
			t.Errorf("Search(%q) = %d results, want %d", tt.q, len(got), tt.want)
		}
	}
}

func TestEditRemoveAndPrefix(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	e := add(t, s, record.Entry{Category: record.Condition, Title: "Asthma"})
	e.Title = "Asthma, mild"
	e.Tags = []string{"lungs"}
	if err := s.UpdateEntry(ctx, &e, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Entry(ctx, strings.ToUpper(e.ID[:5]))
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Asthma, mild" || !got.Updated.Equal(now.Add(time.Hour)) || !got.Created.Equal(now) {
		t.Fatalf("edit: %+v", got)
	}
	if r, _ := s.Search(ctx, "mild", 0); len(r) != 1 {
		t.Fatal("the full-text index missed an edit")
	}
	if r, _ := s.List(ctx, Filter{Tag: "lungs"}); len(r) != 1 {
		t.Fatal("tags not updated")
	}
	if _, err := s.DeleteEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entry(ctx, e.ID); !errs.Is(err, errs.Usage) {
		t.Fatalf("deleted entry: %v", err)
	}
	if r, _ := s.Search(ctx, "asthma", 0); len(r) != 0 {
		t.Fatal("the full-text index kept a removed entry")
	}
	missing := record.Entry{ID: "nosuchid00", Category: record.Note, Title: "x"}
	if err := s.UpdateEntry(ctx, &missing, now); !errs.Is(err, errs.Usage) {
		t.Fatalf("edit of a missing entry: %v", err)
	}
}

func TestValidation(t *testing.T) {
	s := newStore(t)
	for _, e := range []record.Entry{
		{Category: "pets", Title: "Rex"},
		{Category: record.Note, Title: "  "},
		{Category: record.Note, Title: "x", Sensitive: []record.Kind{"secret"}},
	} {
		if err := s.AddEntry(context.Background(), &e, now); !errs.Is(err, errs.Usage) {
			t.Errorf("AddEntry(%+v) = %v, want a usage error", e, err)
		}
	}
}

func TestTxRollsBack(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	boom := errors.New("boom")
	err := s.Tx(ctx, func(tx *Store) error {
		for i := 0; i < 3; i++ {
			e := record.Entry{Category: record.Note, Title: "n"}
			if err := tx.AddEntry(ctx, &e, now); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if n, _ := s.Total(ctx); n != 0 {
		t.Fatalf("rolled-back transaction left %d entries", n)
	}
}

func TestSourceIsUnique(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	add(t, s, record.Entry{Category: record.Note, Title: "a", Source: "fhir", SourceID: "Observation/1"})
	if ok, _ := s.HasSource(ctx, "fhir", "Observation/1"); !ok {
		t.Fatal("HasSource missed")
	}
	if got, ok, err := s.EntryBySource(ctx, "fhir", "Observation/1"); err != nil || !ok || got.Title != "a" {
		t.Fatalf("EntryBySource: %+v %v %v", got, ok, err)
	}
	if _, ok, err := s.EntryBySource(ctx, "fhir", "Observation/2"); err != nil || ok {
		t.Fatalf("EntryBySource found a missing source id: %v %v", ok, err)
	}
	if _, ok, _ := s.EntryBySource(ctx, "fhir", ""); ok {
		t.Fatal("EntryBySource matched an empty source id")
	}
	e := record.Entry{Category: record.Note, Title: "b", Source: "fhir", SourceID: "Observation/1"}
	if err := s.AddEntry(ctx, &e, now); err == nil {
		t.Fatal("duplicate source id accepted")
	}
}

func TestChartSeries(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	loinc := func(c string) *record.Code { return &record.Code{System: "loinc", Code: c} }
	for i, v := range []string{"80.1", "79.5", "79"} {
		add(t, s, record.Entry{Category: record.Measurement, Title: "Body weight", Code: loinc("29463-7"),
			Date: fmt.Sprintf("2024-0%d-01", i+1), Value: v, Unit: "kg"})
	}
	for i, bp := range [][2]string{{"142", "91"}, {"135", "88"}} {
		add(t, s, record.Entry{Category: record.Measurement, Title: "Blood pressure", Code: loinc("85354-9"),
			Date: fmt.Sprintf("2024-0%d-01", i+1), Value: bp[0] + "/" + bp[1], Unit: "mm[Hg]",
			Components: []record.Component{
				{Code: loinc("8480-6"), Title: "Systolic", Value: bp[0], Unit: "mm[Hg]"},
				{Code: loinc("8462-4"), Title: "Diastolic", Value: bp[1], Unit: "mm[Hg]"},
			}})
	}
	add(t, s, record.Entry{Category: record.Result, Title: "Urine culture", Value: "no growth"})
	series, err := s.ChartSeries(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]Series{}
	for _, ser := range series {
		keys[ser.Key] = ser
	}
	if len(series) != 3 || keys["c:loinc|29463-7"].Count != 3 || keys["c:loinc|85354-9#8480-6"].Count != 2 {
		t.Fatalf("series = %+v", series)
	}
	pts, err := s.Points(ctx, "c:loinc|85354-9#8462-4", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 || pts[0].Value != 91 || pts[1].Value != 88 {
		t.Fatalf("diastolic points = %+v", pts)
	}
	pts, _ = s.Points(ctx, "c:loinc|29463-7", "2024-02-01", "")
	if len(pts) != 2 || pts[0].Value != 79.5 {
		t.Fatalf("weight since Feb = %+v", pts)
	}
}

func TestNumeric(t *testing.T) {
	for in, want := range map[string]float64{"82.5": 82.5, "142/91": 142, " 6.1 %": 6.1, "-3": -3} {
		if got, ok := Numeric(in); !ok || got != want {
			t.Errorf("Numeric(%q) = %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "positive", ".", "-"} {
		if _, ok := Numeric(in); ok {
			t.Errorf("Numeric(%q) ok", in)
		}
	}
}

func TestCarersAndShares(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := record.Carer{Name: "Sam", Relationship: "partner", Recipient: "age1xyz", Added: now}
	if err := s.AddCarer(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCarer(ctx, record.Carer{Name: "sam", Recipient: "age1abc"}); !errs.Is(err, errs.Usage) {
		t.Fatalf("duplicate carer: %v", err)
	}
	if got, ok, _ := s.Carer(ctx, "SAM"); !ok || got.Relationship != "partner" {
		t.Fatalf("carer = %+v %v", got, ok)
	}
	sh := record.Share{ID: "x1", Carer: "Sam", Categories: map[record.Category]int{record.Allergy: 2}, Entries: 2,
		Created: now, Expires: now.Add(7 * 24 * time.Hour), SHA256: "ab"}
	if err := s.AddShare(ctx, sh); err != nil {
		t.Fatal(err)
	}
	shares, _ := s.Shares(ctx)
	if len(shares) != 1 || shares[0].Categories[record.Allergy] != 2 || !shares[0].Expires.Equal(sh.Expires) {
		t.Fatalf("shares = %+v", shares)
	}
	if err := s.RemoveCarer(ctx, "sam"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveCarer(ctx, "sam"); !errs.Is(err, errs.Usage) {
		t.Fatalf("second removal: %v", err)
	}
}

func TestCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i := 0; i < 300; i++ {
		add(t, s, record.Entry{Category: record.Note, Title: fmt.Sprintf("note %d with some words", i), Notes: strings.Repeat("text ", 40)})
	}
	if err := s.Check(ctx); err != nil {
		t.Fatalf("a sound database: %v", err)
	}
	b, _ := s.Serialize(ctx)
	// Scribble over the middle pages (the header and schema stay readable).
	for i := len(b) / 3; i < len(b)/3+8192; i++ {
		b[i] ^= 0x5a
	}
	d, err := Load(ctx, b)
	if err != nil {
		return // refused on load: also fine
	}
	defer d.Close()
	if err := d.Check(ctx); err == nil {
		t.Fatal("Check missed a scribbled database")
	}
}

// TestListLimitIsTheFirstPage: a limited list (which finds the page's
// oldest date first and sorts only from there) returns exactly the first
// entries of the unlimited list, with ties on date, undated entries, times
// of day, categories, tags and date bounds.
func TestListLimitIsTheFirstPage(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	rng := rand.New(rand.NewPCG(7, 11))
	cats := []record.Category{record.Measurement, record.Condition, record.Note}
	for i := range 400 {
		e := record.Entry{Category: cats[rng.IntN(len(cats))], Title: fmt.Sprintf("entry %d", i)}
		switch rng.IntN(5) {
		case 0: // undated
		case 1:
			e.Date = fmt.Sprintf("2024-%02d-%02dT%02d:00:00Z", 1+rng.IntN(3), 1+rng.IntN(28), rng.IntN(24))
		default:
			e.Date = fmt.Sprintf("2024-%02d-%02d", 1+rng.IntN(3), 1+rng.IntN(28))
		}
		if rng.IntN(4) == 0 {
			e.Tags = []string{"home"}
		}
		add(t, s, e)
	}
	filters := []Filter{
		{},
		{Categories: []record.Category{record.Measurement}},
		{Categories: []record.Category{record.Note, record.Condition}},
		{Since: "2024-02-01"},
		{Until: "2024-02-10", Categories: []record.Category{record.Measurement}},
		{Tag: "home"},
	}
	for _, f := range filters {
		all, err := s.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 2, 3, 7, 50, 130, 399, 1000} {
			f.Limit = limit
			got, err := s.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want := all[:min(limit, len(all))]
			if len(got) != len(want) {
				t.Fatalf("%+v: %d entries, want %d", f, len(got), len(want))
			}
			for i := range got {
				if got[i].ID != want[i].ID {
					t.Fatalf("%+v: entry %d is %q (%s), want %q (%s)", f, i, got[i].Title, got[i].Date, want[i].Title, want[i].Date)
				}
			}
		}
	}
}

// TestCodingsAndLabelsRoundTrip checks that every coding and label of an
// entry and of its components survives add, edit, Entry and List, and that
// an entry written before migration 6 reads with none.
func TestCodingsAndLabelsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	e := record.Entry{Category: record.Result, Title: "HIV 1+2 Ab",
		Code: &record.Code{System: "loinc", Code: "75622-1", Display: "HIV 1+2 Ab"},
		Codings: []record.Code{{System: "urn:oid:1.2.840.114350", Code: "LAB123", Display: "HIV SCREEN"},
			{System: "loinc", Code: "75622-1", Display: "HIV 1+2 Ab"}},
		Labels:     []record.Code{{System: "http://terminology.hl7.org/CodeSystem/v3-ActCode", Code: "HIV"}},
		Components: []record.Component{{Title: "part", Value: "reactive", Codings: []record.Code{{System: "loinc", Code: "7917-8"}}}}}
	if err := s.AddEntry(ctx, &e, now); err != nil {
		t.Fatal(err)
	}
	check := func(got record.Entry) {
		t.Helper()
		if !reflect.DeepEqual(got.Codings, e.Codings) || !reflect.DeepEqual(got.Labels, e.Labels) ||
			len(got.Components) != 1 || !reflect.DeepEqual(got.Components[0].Codings, e.Components[0].Codings) {
			t.Fatalf("read back codings %v labels %v components %v, want %v %v %v",
				got.Codings, got.Labels, got.Components, e.Codings, e.Labels, e.Components)
		}
	}
	got, err := s.Entry(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	check(got)
	e.Labels = append(e.Labels, record.Code{System: "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", Code: "R"})
	if err := s.UpdateEntry(ctx, &e, now); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx, Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
	check(list[0])

	old := storeAtSchema(t, codingsSchema-1)
	plain := record.Entry{Category: record.Note, Title: "old"}
	if err := old.AddEntry(ctx, &plain, now); err != nil {
		t.Fatal(err)
	}
	migrated := loadMigrated(t, old, codingsSchema)
	got, err = migrated.Entry(ctx, plain.ID)
	if err != nil || got.Codings != nil || got.Labels != nil {
		t.Fatalf("entry from schema 5: codings %v labels %v, %v", got.Codings, got.Labels, err)
	}
}
