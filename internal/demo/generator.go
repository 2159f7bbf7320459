// Package demo generates realistic synthetic patients for phr: a profile, a
// record spread over years in every category (with proper SNOMED CT, ICD-10,
// RxNorm, CVX and LOINC codes), measurements worth charting, sensitive
// entries, attachments and a carer. The output depends only on the seed, the
// size and the time given, so demos and benchmarks are reproducible.
//
// Every person, place and phone number here is invented; phone numbers come
// from Ofcom's ranges reserved for drama.
package demo

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// Size says how much record to generate.
type Size struct {
	// Measurements is the number of measurement entries (weight, blood
	// pressure, glucose, heart rate).
	Measurements int
	// Others is the number of entries in every other category.
	Others int
	// Attachments is the number of files attached to document entries.
	Attachments int
	// AttachmentBytes is the total size of the attachments. Zero means short
	// plain-text letters of their natural size; otherwise the bytes are split
	// between the attachments and generated deterministically on demand.
	AttachmentBytes int64
	// Years is how far back the record reaches from now.
	Years int
}

// SmallSize is the demo patient: ten years of record, a few hundred
// measurements, about 150 other entries across every category and three
// short plain-text letters.
func SmallSize() Size {
	return Size{Measurements: 400, Others: 150, Attachments: 3, Years: 10}
}

// LifetimeSize is a lifetime of record for benchmarks: 100,000 measurements,
// 10,000 other entries and 500 attachments totalling 200 MB over 40 years.
func LifetimeSize() Size {
	return Size{Measurements: 100_000, Others: 10_000, Attachments: 500, AttachmentBytes: 200 << 20, Years: 40}
}

// Blob is a generated attachment. Its bytes are produced on demand: each call
// of Open returns a fresh reader over the same Size bytes, so even a 200 MB
// record is never held in memory.
type Blob struct {
	Name string
	Type string
	Size int64
	Open func() io.Reader
}

// Item is one generated entry with the files to attach to it. The entry's
// Attachments field is left empty: the caller stores the blobs and fills it.
type Item struct {
	Entry       record.Entry
	Attachments []Blob
}

// Patient is a generated person: the profile, the entries in date order and
// the carers. A carer's Recipient is left empty for the caller to fill with a
// real key.
type Patient struct {
	Profile record.Profile
	Items   []Item
	Carers  []record.Carer
}

// Generate returns a synthetic patient of the given size whose record ends at
// now. The result is the same for the same seed, size and now.
func Generate(seed int64, size Size, now time.Time) *Patient {
	now = now.UTC().Truncate(time.Second)
	years := max(size.Years, 1)
	g := &gen{
		r:     rand.New(rand.NewPCG(uint64(seed), 0x70687264656d6f)), // "phrdemo"
		now:   now,
		start: now.AddDate(-years, 0, 0),
		ids:   make(map[string]struct{}, size.Measurements+size.Others),
		diag:  make(map[string]time.Time, len(conditions)),
	}
	g.span = g.now.Sub(g.start)
	for _, c := range conditions {
		g.diag[c.Key] = g.at(c.At)
	}
	p := &Patient{Profile: g.profile(years)}
	others := g.others(max(size.Others, 0))
	g.attach(others, size, p.Profile.Name)
	meas := g.measurements(max(size.Measurements, 0))
	p.Items = append(others, meas...)
	for i := range p.Items {
		e := &p.Items[i].Entry
		e.Tags = record.NormalizeTags(e.Tags)
		e.Sensitive = record.NormalizeKinds(e.Sensitive)
	}
	p.Items = byDate(p.Items)
	p.Carers = []record.Carer{{Name: "Sam Carter", Relationship: "partner",
		Added: g.now.Add(-time.Duration(30+g.r.IntN(365)) * 24 * time.Hour)}}
	return p
}

// gen holds the state of one generation; nothing outlives a Generate call.
type gen struct {
	r          *rand.Rand
	now, start time.Time
	span       time.Duration
	ids        map[string]struct{}
	diag       map[string]time.Time // condition key to date of diagnosis
	docs       []docRef             // document entries awaiting attachments
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// id returns a new unique ten-character entry id.
func (g *gen) id() string {
	for {
		var b [10]byte
		v := g.r.Uint64()
		for i := range b {
			b[i] = idAlphabet[v&31]
			v >>= 5
		}
		s := string(b[:])
		if _, dup := g.ids[s]; !dup {
			g.ids[s] = struct{}{}
			return s
		}
	}
}

// at returns the day at fraction f of the span (0 is the start, 1 now).
func (g *gen) at(f float64) time.Time {
	return g.start.Add(time.Duration(f * float64(g.span))).Truncate(24 * time.Hour)
}

// uniform returns a random day between from and to.
func (g *gen) uniform(from, to time.Time) time.Time {
	if !to.After(from) {
		return from.Truncate(24 * time.Hour)
	}
	return from.Add(time.Duration(g.r.Int64N(int64(to.Sub(from))))).Truncate(24 * time.Hour)
}

// clock returns day at a random time between the hours from and to (UTC),
// on the quarter hour when quarter is set, never after now.
func (g *gen) clock(day time.Time, from, to int, quarter bool) time.Time {
	m := from*60 + g.r.IntN((to-from)*60)
	if quarter {
		m -= m % 15
	}
	t := day.Truncate(24 * time.Hour).Add(time.Duration(m)*time.Minute + time.Duration(g.r.IntN(60))*time.Second)
	if quarter {
		t = t.Truncate(time.Minute)
	}
	return t
}

// entry starts an entry of the category dated t: a plain date, or an RFC 3339
// time when timed is set. Created and Updated follow t, never after now.
func (g *gen) entry(c record.Category, title string, t time.Time, timed bool) record.Entry {
	id := g.id()
	date := t.UTC().Format(when.DateLayout)
	created := t.Add(time.Duration(9*60+g.r.IntN(12*60)) * time.Minute)
	if timed {
		date = t.UTC().Format(time.RFC3339)
		created = t.Add(time.Duration(1+g.r.IntN(90)) * time.Minute)
	}
	if created.After(g.now) {
		created = g.now.Add(-time.Duration(1+g.r.IntN(30*24)) * time.Hour)
	}
	created = created.Truncate(time.Second)
	return record.Entry{ID: id, Category: c, Title: title, Date: date, Source: "demo", SourceID: id,
		Created: created, Updated: created, Tags: []string{}, Sensitive: []record.Kind{}}
}

// end sets an entry's end date and moves Updated to it.
func (g *gen) end(e *record.Entry, t time.Time) {
	if t.After(g.now) {
		return
	}
	e.End = t.Format(when.DateLayout)
	if u := t.Add(10 * time.Hour); u.After(e.Updated) && !u.After(g.now) {
		e.Updated = u
	}
}

func (g *gen) profile(years int) record.Profile {
	age := years + 30 + g.r.IntN(16)
	born := g.now.AddDate(-age, -g.r.IntN(12), -g.r.IntN(28))
	bt := bloodTypes[len(bloodTypes)-1]
	for i, n := 0, g.r.IntN(100); i < len(bloodWeights); i++ {
		if n < bloodWeights[i] {
			bt = bloodTypes[i]
			break
		}
		n -= bloodWeights[i]
	}
	return record.Profile{
		Name:             firstNames[g.r.IntN(len(firstNames))] + " " + lastNames[g.r.IntN(len(lastNames))],
		Born:             born.Format(when.DateLayout),
		BloodType:        bt,
		EmergencyContact: fmt.Sprintf("Sam Carter (partner), 07700 900%03d", g.r.IntN(1000)),
	}
}

// measurements returns n readings: blood pressure, glucose (from the diabetes
// diagnosis on), weight and heart rate, each series spread over its window.
func (g *gen) measurements(n int) []Item {
	nBP := n * 4 / 10
	nGlu := n * 3 / 10
	nW := n * 2 / 10
	nHR := n - nBP - nGlu - nW
	out := make([]Item, 0, n)
	series := func(count int, from time.Time, hour0, hour1 int, f func(t time.Time, frac float64) record.Entry) {
		window := g.now.Add(-time.Hour).Sub(from)
		for i := range count {
			frac := (float64(i) + g.r.Float64()) / float64(count)
			day := from.Add(time.Duration(frac * float64(window)))
			t := g.clock(day, hour0, hour1, false)
			for t.After(g.now) {
				t = t.Add(-24 * time.Hour)
			}
			out = append(out, Item{Entry: f(t, frac)})
		}
	}
	bpDiag, bpTreated := g.diag["hypertension"], g.diag["hypertension"].AddDate(0, 2, 0)
	series(nBP, g.start, 7, 21, func(t time.Time, _ float64) record.Entry {
		base := 124 + 20*clamp(float64(t.Sub(g.start))/float64(bpDiag.Sub(g.start)+1), 0, 1)
		if t.After(bpTreated) {
			base = 133
		} else if t.After(bpDiag) {
			base = 144 - 11*float64(t.Sub(bpDiag))/float64(bpTreated.Sub(bpDiag))
		}
		sys := int(math.Round(clamp(base+g.r.NormFloat64()*7, 100, 190)))
		dia := int(math.Round(clamp(float64(sys)*0.62+g.r.NormFloat64()*5, 55, 115)))
		e := g.entry(record.Measurement, "Blood pressure", t, true)
		e.Code, e.Unit, e.Status = codeBP, "mm[Hg]", "final"
		e.Value = fmt.Sprintf("%d/%d", sys, dia)
		e.Components = []record.Component{
			{Code: codeSystolic, Title: "Systolic", Value: fmt.Sprint(sys), Unit: "mm[Hg]"},
			{Code: codeDiastolic, Title: "Diastolic", Value: fmt.Sprint(dia), Unit: "mm[Hg]"},
		}
		e.Tags = []string{"bp"}
		return e
	})
	dmDiag := g.diag["diabetes"]
	series(nGlu, dmDiag, 6, 22, func(t time.Time, _ float64) record.Entry {
		months := t.Sub(dmDiag).Hours() / 24 / 30
		level := 6.9 + 2.2*math.Exp(-months/3)
		notes := "Fasting"
		if t.Hour() >= 10 {
			level += 1.8
			notes = "2 hours after meal"
		}
		e := g.entry(record.Measurement, "Blood glucose", t, true)
		e.Code, e.Unit, e.Status, e.Notes = codeGlucose, "mmol/L", "final", notes
		e.Value = fmt.Sprintf("%.1f", clamp(level+g.r.NormFloat64()*0.9, 3.6, 18))
		e.Tags = []string{"diabetes"}
		return e
	})
	w0 := 76 + g.r.Float64()*14
	drift := 0.0
	series(nW, g.start, 6, 9, func(t time.Time, _ float64) record.Entry {
		yrs := t.Sub(g.start).Hours() / 24 / 365.25
		w := w0 + 0.45*yrs
		if t.After(dmDiag) {
			since := t.Sub(dmDiag).Hours() / 24 / 365.25
			w -= 6*math.Min(since, 1) - 0.5*math.Max(since-1, 0)
		}
		drift = drift*0.9 + g.r.NormFloat64()*0.3
		e := g.entry(record.Measurement, "Weight", t, true)
		e.Code, e.Unit, e.Status = codeWeight, "kg", "final"
		e.Value = fmt.Sprintf("%.1f", w+drift)
		return e
	})
	series(nHR, g.start, 7, 21, func(t time.Time, _ float64) record.Entry {
		e := g.entry(record.Measurement, "Heart rate", t, true)
		e.Code, e.Unit, e.Status = codeHeartRate, "/min", "final"
		e.Value = fmt.Sprint(int(math.Round(clamp(71+g.r.NormFloat64()*8, 48, 120))))
		return e
	})
	return out
}

// byDate returns the items in date order, ties in their original order. It
// sorts an index rather than the large items themselves.
func byDate(items []Item) []Item {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := strings.Compare(items[a].Entry.Date, items[b].Entry.Date); c != 0 {
			return c
		}
		return a - b
	})
	out := make([]Item, len(items))
	for i, j := range order {
		out[i] = items[j]
	}
	return out
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
