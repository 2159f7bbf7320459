package demo

import (
	"bytes"
	"io"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

var testNow = time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC)

// entries returns the patient's entries, stripped of the blob readers so they
// compare with reflect.DeepEqual.
func entries(p *Patient) []record.Entry {
	out := make([]record.Entry, len(p.Items))
	for i, it := range p.Items {
		out[i] = it.Entry
	}
	return out
}

func readAll(t *testing.T, b Blob) []byte {
	t.Helper()
	data, err := io.ReadAll(b.Open())
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDeterministic(t *testing.T) {
	a := Generate(42, SmallSize(), testNow)
	b := Generate(42, SmallSize(), testNow)
	if !reflect.DeepEqual(entries(a), entries(b)) || !reflect.DeepEqual(a.Profile, b.Profile) || !reflect.DeepEqual(a.Carers, b.Carers) {
		t.Fatal("same seed gave different patients")
	}
	for i := range a.Items {
		if len(a.Items[i].Attachments) != len(b.Items[i].Attachments) {
			t.Fatal("attachments differ")
		}
		for j, x := range a.Items[i].Attachments {
			y := b.Items[i].Attachments[j]
			if x.Name != y.Name || x.Size != y.Size || !bytes.Equal(readAll(t, x), readAll(t, y)) {
				t.Fatalf("attachment %s differs", x.Name)
			}
		}
	}
	c := Generate(43, SmallSize(), testNow)
	if reflect.DeepEqual(entries(a), entries(c)) {
		t.Fatal("different seeds gave the same patient")
	}
}

func TestSmallPatient(t *testing.T) {
	size := SmallSize()
	p := Generate(1, size, testNow)
	if p.Profile.Name == "" || p.Profile.EmergencyContact == "" {
		t.Errorf("incomplete profile %+v", p.Profile)
	}
	if _, err := record.ParseBloodType(p.Profile.BloodType); err != nil {
		t.Error(err)
	}
	if age := p.Profile.Age(testNow); age < size.Years+18 || age > 100 {
		t.Errorf("age %d", age)
	}
	if len(p.Carers) != 1 || p.Carers[0].Name != "Sam Carter" || p.Carers[0].Relationship != "partner" || p.Carers[0].Recipient != "" {
		t.Errorf("carers %+v", p.Carers)
	}
	counts := map[record.Category]int{}
	kinds := map[record.Kind]bool{}
	sensitive, upcoming, bp, attachments := 0, 0, 0, 0
	start := testNow.AddDate(-size.Years, 0, -1)
	for _, it := range p.Items {
		e := it.Entry
		counts[e.Category]++
		if len(e.Sensitive) > 0 {
			sensitive++
		}
		for _, k := range e.Sensitive {
			kinds[k] = true
		}
		at, canon, err := when.ParseDate(e.Date)
		if err != nil || canon != e.Date {
			t.Errorf("%s: date %q not canonical (%v)", e.Title, e.Date, err)
		}
		if at.Before(start) {
			t.Errorf("%s: date %s before the span", e.Title, e.Date)
		}
		if e.End != "" && e.End < when.DateOf(e.Date) {
			t.Errorf("%s: ends %s before %s", e.Title, e.End, e.Date)
		}
		if e.Created.After(testNow) || e.Updated.Before(e.Created) || e.Updated.After(testNow) {
			t.Errorf("%s: created %v updated %v", e.Title, e.Created, e.Updated)
		}
		if at.After(testNow) {
			if e.Category != record.Appointment || e.Status != "booked" {
				t.Errorf("future %s entry %q", e.Category, e.Title)
			}
			upcoming++
		}
		if e.Category == record.Measurement {
			if e.Code == nil || e.Code.System != "loinc" {
				t.Errorf("%s: code %+v", e.Title, e.Code)
			}
			if e.Code.Code == "85354-9" {
				bp++
				checkBP(t, e)
			} else if _, err := strconv.ParseFloat(e.Value, 64); err != nil {
				t.Errorf("%s: value %q is not a number", e.Title, e.Value)
			}
		}
		for _, b := range it.Attachments {
			attachments++
			data := readAll(t, b)
			if int64(len(data)) != b.Size || b.Type != "text/plain; charset=utf-8" || !bytes.Contains(data, []byte(p.Profile.Name)) {
				t.Errorf("attachment %s: %d bytes, size %d, type %s", b.Name, len(data), b.Size, b.Type)
			}
		}
	}
	for _, c := range record.Categories() {
		if counts[c] == 0 {
			t.Errorf("no %s entries", c)
		}
	}
	if counts[record.Measurement] != size.Measurements || len(p.Items)-counts[record.Measurement] != size.Others {
		t.Errorf("counts %v", counts)
	}
	if sensitive < 3 || len(kinds) < 3 {
		t.Errorf("%d sensitive entries of kinds %v", sensitive, kinds)
	}
	for _, k := range []record.Kind{record.MentalHealth, record.SexualHealth, record.HIV, record.Private} {
		if !kinds[k] {
			t.Errorf("no %s entry", k)
		}
	}
	if upcoming < 3 {
		t.Errorf("%d upcoming appointments", upcoming)
	}
	if bp < 50 {
		t.Errorf("%d blood pressure readings", bp)
	}
	if attachments != size.Attachments {
		t.Errorf("%d attachments", attachments)
	}
	for i := 1; i < len(p.Items); i++ {
		if p.Items[i].Entry.Date < p.Items[i-1].Entry.Date {
			t.Fatalf("items out of date order at %d", i)
		}
	}
	checkEntries(t, p)
}

func checkBP(t *testing.T, e record.Entry) {
	t.Helper()
	if e.Unit != "mm[Hg]" || len(e.Components) != 2 {
		t.Fatalf("blood pressure %+v", e)
	}
	sys, dia := e.Components[0], e.Components[1]
	if sys.Code.Code != "8480-6" || sys.Title != "Systolic" || dia.Code.Code != "8462-4" || dia.Title != "Diastolic" ||
		sys.Unit != "mm[Hg]" || dia.Unit != "mm[Hg]" || e.Value != sys.Value+"/"+dia.Value {
		t.Fatalf("blood pressure components %+v value %s", e.Components, e.Value)
	}
	s, err1 := strconv.ParseFloat(sys.Value, 64)
	d, err2 := strconv.ParseFloat(dia.Value, 64)
	if err1 != nil || err2 != nil || s <= d || d < 40 || s > 220 {
		t.Fatalf("blood pressure %s", e.Value)
	}
}

// checkEntries checks that every entry validates unchanged and that ids are
// unique and well formed.
func checkEntries(t *testing.T, p *Patient) {
	t.Helper()
	ids := make(map[string]bool, len(p.Items))
	for _, it := range p.Items {
		e := it.Entry
		before := e
		before.Tags = slices.Clone(e.Tags)
		if err := e.Validate(); err != nil {
			t.Fatalf("%+v: %v", e, err)
		}
		if !reflect.DeepEqual(before, e) {
			t.Fatalf("validate changed %s", e.Title)
		}
		if len(e.ID) != 10 || e.SourceID != e.ID || e.Source != "demo" || ids[e.ID] {
			t.Fatalf("bad or duplicate id %q", e.ID)
		}
		for _, r := range e.ID {
			if !bytes.ContainsRune([]byte(idAlphabet), r) {
				t.Fatalf("id %q", e.ID)
			}
		}
		ids[e.ID] = true
	}
}

func TestSizes(t *testing.T) {
	for _, size := range []Size{{}, {Measurements: 5, Others: 3, Attachments: 2, Years: 1}, {Others: 40, Attachments: 7, AttachmentBytes: 1000, Years: 2}} {
		p := Generate(7, size, testNow)
		if len(p.Items) != size.Measurements+size.Others {
			t.Errorf("%+v: %d items", size, len(p.Items))
		}
		var n int
		var total int64
		for _, it := range p.Items {
			for _, b := range it.Attachments {
				n++
				total += b.Size
				if got := int64(len(readAll(t, b))); got != b.Size {
					t.Errorf("%s: read %d of %d", b.Name, got, b.Size)
				}
			}
		}
		if n != size.Attachments || (size.AttachmentBytes > 0 && total != size.AttachmentBytes) {
			t.Errorf("%+v: %d attachments of %d bytes", size, n, total)
		}
		checkEntries(t, p)
	}
}

func TestLifetime(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	size := LifetimeSize()
	p := Generate(9, size, testNow)
	counts := map[record.Category]int{}
	var n int
	var total int64
	var first Blob
	for _, it := range p.Items {
		counts[it.Entry.Category]++
		for _, b := range it.Attachments {
			if n == 0 {
				first = b
			}
			n++
			total += b.Size
		}
	}
	if counts[record.Measurement] != size.Measurements || len(p.Items) != size.Measurements+size.Others {
		t.Errorf("counts %v", counts)
	}
	for _, c := range record.Categories() {
		if counts[c] == 0 {
			t.Errorf("no %s entries", c)
		}
	}
	if n != size.Attachments || total != size.AttachmentBytes {
		t.Errorf("%d attachments totalling %d bytes", n, total)
	}
	// Read one blob only, twice: the bytes are the same each time.
	a, b := readAll(t, first), readAll(t, first)
	if int64(len(a)) != first.Size || !bytes.Equal(a, b) {
		t.Errorf("blob %s: %d bytes of %d", first.Name, len(a), first.Size)
	}
	checkEntries(t, p)
}

func BenchmarkGenerateLifetime(b *testing.B) {
	for b.Loop() {
		Generate(1, LifetimeSize(), testNow)
	}
}
