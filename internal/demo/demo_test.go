package demo

import (
	"bytes"
	"image/png"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
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
	if len(p.Carers) != 1 || p.Carers[0].Name != "Sam Carter" || p.Carers[0].Relationship != "partner" || p.Carers[0].Recipient != DemoCarerRecipient {
		t.Errorf("carers %+v", p.Carers)
	}
	counts := map[record.Category]int{}
	kinds := map[record.Kind]bool{}
	sensitive, upcoming, bp, attachments := 0, 0, 0, 0
	types := map[string]int{}
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
			types[b.Type]++
			checkSmallBlob(t, b, p.Profile.Name)
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
	if attachments != size.Attachments || types["image/png"] != 1 || types["text/plain; charset=utf-8"] != 2 {
		t.Errorf("%d attachments of types %v", attachments, types)
	}
	for i := 1; i < len(p.Items); i++ {
		if p.Items[i].Entry.Date < p.Items[i-1].Entry.Date {
			t.Fatalf("items out of date order at %d", i)
		}
	}
	checkEntries(t, p)
}

// checkSmallBlob checks a demo attachment: a letter to the person by name,
// or an ECG strip that decodes as a PNG.
func checkSmallBlob(t *testing.T, b Blob, name string) {
	t.Helper()
	data := readAll(t, b)
	if int64(len(data)) != b.Size {
		t.Errorf("attachment %s: %d bytes, size %d", b.Name, len(data), b.Size)
	}
	switch b.Type {
	case "text/plain; charset=utf-8":
		if !bytes.Contains(data, []byte("Dear "+name+",")) || !strings.HasSuffix(b.Name, ".txt") {
			t.Errorf("letter %s:\n%s", b.Name, data)
		}
	case "image/png":
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil || img.Bounds().Dx() != 1000 || img.Bounds().Dy() != 160 || !strings.HasSuffix(b.Name, ".png") || b.Size > 16<<10 {
			t.Errorf("image %s of %d bytes: %v", b.Name, b.Size, err)
		}
	default:
		t.Errorf("attachment %s of type %s", b.Name, b.Type)
	}
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
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := m.HeapAlloc
	p := Generate(9, size, testNow)
	runtime.GC()
	runtime.ReadMemStats(&m)
	// The entries take about 60 MB; the 200 MB of attachments are made
	// only when read.
	if held := int64(m.HeapAlloc) - int64(before); held > 120<<20 {
		t.Errorf("a lifetime patient holds %d MB", held>>20)
	}
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

// TestSensitiveMarked checks that the demo marks every sensitive kind that
// phr would suggest for its entries, so what the person sees as marked is
// what an export holds back.
func TestSensitiveMarked(t *testing.T) {
	for _, size := range []Size{SmallSize(), {Measurements: 100, Others: 3000, Years: 30}} {
		p := Generate(3, size, testNow)
		for _, it := range p.Items {
			e := it.Entry
			for _, k := range sensitive.Suggest(&e) {
				if !e.HasKind(k) {
					t.Errorf("%s %q: suggested %s (%s) but not marked", e.Category, e.Title, k, sensitive.Reasons(&e)[k])
				}
			}
		}
	}
}

// TestHistoryConsistent checks the story the record tells: things end after
// they start and not in the future, treatment follows diagnosis, HbA1c is
// checked about quarterly once diabetes is found and weight about monthly.
func TestHistoryConsistent(t *testing.T) {
	for seed := range int64(5) {
		p := Generate(seed, SmallSize(), testNow)
		started := map[string]string{} // condition tag to date of diagnosis
		var hba1c, weight int
		for _, it := range p.Items {
			e := it.Entry
			if e.End != "" && (e.End < when.DateOf(e.Date) || e.End > testNow.Format(when.DateLayout)) {
				t.Errorf("%q: %s to %s", e.Title, e.Date, e.End)
			}
			if (e.Status == "stopped" || e.Status == "resolved") != (e.End != "") {
				t.Errorf("%q: status %s, end %q", e.Title, e.Status, e.End)
			}
			switch {
			case e.Category == record.Condition && len(e.Tags) > 0:
				started[e.Tags[0]] = e.Date
			case e.Category == record.Medication && len(e.Tags) > 0 && e.Date < started[e.Tags[0]]:
				t.Errorf("%q started %s before its diagnosis %s", e.Title, e.Date, started[e.Tags[0]])
			case e.Category == record.Result && e.Code.Code == "4548-4" && e.Date >= started["diabetes"] && started["diabetes"] != "":
				hba1c++
			case e.Category == record.Measurement && e.Code.Code == "29463-7":
				weight++
			}
			if e.Category == record.Appointment {
				at, _, _ := when.ParseDate(e.Date)
				if closed(at) {
					t.Errorf("%q on %s, a %s", e.Title, e.Date, at.Weekday())
				}
			}
		}
		since, _, _ := when.ParseDate(started["diabetes"])
		if quarters := testNow.Sub(since).Hours() / 24 / 91; float64(hba1c) < quarters-1 {
			t.Errorf("seed %d: %d HbA1c results in %.0f quarters", seed, hba1c, quarters)
		}
		if weight < 100 {
			t.Errorf("seed %d: %d weights in ten years", seed, weight)
		}
	}
}

// TestSeedsAndTimes generates the demo for many seeds and three times, one
// before the COVID vaccines existed, and checks what must always hold.
func TestSeedsAndTimes(t *testing.T) {
	for _, now := range []time.Time{time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC), testNow,
		time.Date(2041, 12, 31, 23, 59, 59, 0, time.UTC)} {
		for seed := range int64(20) {
			p := Generate(seed, SmallSize(), now)
			cats := map[record.Category]bool{}
			upcoming := 0
			for _, it := range p.Items {
				e := it.Entry
				cats[e.Category] = true
				at, _, err := when.ParseDate(e.Date)
				if err != nil || at.Before(now.AddDate(-10, 0, -1)) {
					t.Fatalf("%v seed %d: %q dated %s", now, seed, e.Title, e.Date)
				}
				if at.After(now) {
					if e.Category != record.Appointment || e.Status != "booked" {
						t.Fatalf("%v seed %d: future %s %q", now, seed, e.Category, e.Title)
					}
					upcoming++
				}
			}
			if len(cats) != len(record.Categories()) || upcoming != 3 {
				t.Errorf("%v seed %d: categories %v, %d upcoming", now, seed, cats, upcoming)
			}
			checkEntries(t, p)
		}
	}
}

func BenchmarkGenerateLifetime(b *testing.B) {
	for b.Loop() {
		Generate(1, LifetimeSize(), testNow)
	}
}
