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
	// plain-text letters and a small PNG of an ECG strip, at their natural
	// size; otherwise the bytes are split
	// between the attachments and generated deterministically on demand.
	AttachmentBytes int64
	// Years is how far back the record reaches from now.
	Years int
}

// SmallSize is the demo patient: ten years of record, 400 measurements
// (weight about monthly), 150 other entries across every category and three
// attachments (two plain-text letters and an ECG strip as PNG).
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
	nMeas, nOthers := max(size.Measurements, 0), max(size.Others, 0)
	g := &gen{
		r:      rand.New(rand.NewPCG(uint64(seed), 0x70687264656d6f)), // "phrdemo"
		now:    now,
		start:  now.AddDate(-years, 0, 0),
		ids:    make(map[uint64]struct{}, nMeas+nOthers),
		events: make(map[string]time.Time, len(conditions)+len(procedures)),
	}
	g.span = g.now.Sub(g.start)
	g.milestones()
	p := &Patient{Profile: g.profile(years)}
	// One backing array for every item, sorted in place: a lifetime record
	// is about 45 MB of entries, and no second copy is made.
	items := g.others(make([]Item, 0, nMeas+nOthers), nOthers)
	g.attach(items, size, p.Profile.Name)
	items = g.measurements(items, nMeas)
	for i := range items {
		e := &items[i].Entry
		e.Tags = record.NormalizeTags(e.Tags)
		e.Sensitive = record.NormalizeKinds(e.Sensitive)
	}
	sortByDate(items)
	p.Items = items
	p.Carers = []record.Carer{{Name: "Sam Carter", Relationship: "partner", Recipient: DemoCarerRecipient,
		Added: g.now.Add(-time.Duration(30+g.r.IntN(365)) * 24 * time.Hour)}}
	return p
}

// gen holds the state of one generation; nothing outlives a Generate call.
type gen struct {
	r          *rand.Rand
	now, start time.Time
	span       time.Duration
	ids        map[uint64]struct{}
	// events holds the dates of the milestones of the history: each
	// condition's diagnosis by its key (and its end by key+endSuffix), each
	// procedure by its key.
	events map[string]time.Time
	docs   []docRef // document entries awaiting attachments
}

// endSuffix marks the end of a condition in gen.events.
const endSuffix = ".end"

// milestones dates the conditions and the procedures of the history. Each
// lies near its fraction of the span, moved by up to two percent of the span
// either way so that two seeds give two different histories.
func (g *gen) milestones() {
	for _, c := range conditions {
		d := g.near(c.At)
		g.events[c.Key] = d
		if c.Lasts > 0 {
			g.events[c.Key+endSuffix] = d.AddDate(0, 0, c.Lasts+g.r.IntN(c.Lasts/5+1))
		}
	}
	for _, p := range procedures {
		t := g.near(p.At)
		if p.After != "" {
			t = g.events[p.After].AddDate(0, 0, p.Days+g.r.IntN(7))
		}
		g.events[p.Key] = g.openDay(t)
	}
}

// near returns the day near fraction f of the span.
func (g *gen) near(f float64) time.Time {
	return g.at(clamp(f+(g.r.Float64()-0.5)*0.04, 0, 0.99))
}

// openDay moves a day on which the surgery is closed (a weekend, Christmas,
// Boxing Day, New Year's Day) to the nearest open one: earlier for a day in
// the past, later for one to come, so it stays on its side of now.
func (g *gen) openDay(t time.Time) time.Time {
	step := 1
	if t.Before(g.now) {
		step = -1
	}
	for closed(t) {
		t = t.AddDate(0, 0, step)
	}
	return t
}

func closed(t time.Time) bool {
	_, m, d := t.Date()
	return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday ||
		m == time.December && (d == 25 || d == 26) || m == time.January && d == 1
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// id returns a new unique ten-character entry id.
func (g *gen) id() string {
	for {
		var b [10]byte
		v := g.r.Uint64() >> 14 // 50 bits, ten base32 digits
		if _, dup := g.ids[v]; dup {
			continue
		}
		g.ids[v] = struct{}{}
		for i := range b {
			b[i] = idAlphabet[v&31]
			v >>= 5
		}
		return string(b[:])
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

// measurements appends n readings to out: blood pressure (35%), glucose from
// the diabetes diagnosis on (25%), weight (30%, about monthly in the demo) and
// heart rate, each series spread over its window.
func (g *gen) measurements(out []Item, n int) []Item {
	nBP := n * 35 / 100
	nGlu := n * 25 / 100
	nW := n * 30 / 100
	nHR := n - nBP - nGlu - nW
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
	bpDiag, bpTreated := g.events["hypertension"], g.events["hypertension"].AddDate(0, 2, 0)
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
	dmDiag := g.events["diabetes"]
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

// sortByDate puts the items in date order in place, ties in their original
// order. It sorts an index, then moves each item once along the cycles of the
// permutation, so the large items are neither compared nor copied twice.
func sortByDate(items []Item) {
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
	// order[i] is the item that belongs at i; -1 marks a filled place.
	for i := range order {
		if order[i] < 0 || order[i] == i {
			continue
		}
		held := items[i]
		j := i
		for order[j] != i {
			k := order[j]
			items[j] = items[k]
			order[j] = -1
			j = k
		}
		items[j] = held
		order[j] = -1
	}
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// DemoCarerRecipient is the made-up carer's key: a fixed public X25519
// recipient whose secret key was thrown away, so what the demo shares with
// them can be read by nobody, and its fingerprint is the same on every run.
const DemoCarerRecipient = "age1afvf6f93yv0fx2ytxded2dan8xcjcj2m3gl2ue72aavuzuav7ssqjxswmf"
