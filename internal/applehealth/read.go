package applehealth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// ErrNotExport is returned for a file that is not an Apple Health export.
var ErrNotExport = errors.New("not an Apple Health export: export.xml's root element is HealthData")

// Limits that keep a hostile or broken file from taking the machine's
// memory: a real export comes nowhere near them.
const (
	// MaxDays bounds the day summaries one export makes (a type, a source
	// and a day each): 40 types from 3 sources every day for 20 years is
	// under 900,000.
	MaxDays = 2_000_000
	// MaxSources bounds the devices and apps named.
	MaxSources = 10_000
	// MaxWorkouts bounds the workouts kept.
	MaxWorkouts = 500_000
	// maxNames bounds the names of types counted as not understood.
	maxNames = 1000
	// maxWords bounds the values one category type names.
	maxWords = 64
)

// Options are what Read does besides reading.
type Options struct {
	// Progress, when set, is called with the bytes read so far, about
	// every megabyte.
	Progress func(read int64)
}

// aggKey names one day summary: a type (an index in types, or bpIndex),
// a source (an index in Result.sources) and a local day (y<<9|m<<5|d).
type aggKey struct {
	typ uint16
	src uint32
	day int32
}

// agg sums up the samples of one type from one source on one day. For a
// blood pressure, sum, min and max are the systolic's and the *2 fields
// the diastolic's; for a category type, words is a set of value words.
type agg struct {
	sum, min, max    float64
	sum2, min2, max2 float64
	n                int64
	words            uint64
}

// workout is one Workout element.
type workout struct {
	activity   string
	src        uint32
	start, end string
	minutes    float64
	distance   float64
	distUnit   string
	energy     float64
	energyUnit string
}

// Result is what Read found in an export.xml: day summaries by type,
// source and day, the workouts, and the person.
type Result struct {
	// Profile is the person (date of birth, blood type), or nil.
	Profile *record.Profile
	// ExportDate is the export's date as written.
	ExportDate string
	// Records counts the samples read (Record elements, those inside a
	// blood pressure correlation included).
	Records int64
	// Unmapped counts, by type, the samples phr does not map.
	Unmapped map[string]int
	// Skipped counts what was read and left out on purpose.
	Skipped map[string]int

	aggs     map[aggKey]int32
	days     []agg
	sources  []string
	srcIndex map[string]uint32
	words    [][]string // by type index: the words of a category type
	// unitByType is the unit phr keeps for each type (see unitOf).
	unitByType []string
	workouts   []workout
}

func newResult() *Result {
	return &Result{Unmapped: map[string]int{}, Skipped: map[string]int{}, aggs: map[aggKey]int32{},
		srcIndex: map[string]uint32{}, words: make([][]string, len(types)), unitByType: make([]string, len(types))}
}

// posError is an error at a place in the file.
type posError struct {
	name      string
	line, col int
	msg       string
}

func (e *posError) Error() string {
	return fmt.Sprintf("%s: line %d, column %d: %s", e.name, e.line, e.col, e.msg)
}

// countingReader counts the bytes read and reports progress.
type countingReader struct {
	r        io.Reader
	n        int64
	next     int64
	progress func(int64)
	ctx      context.Context
}

func (c *countingReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && c.n >= c.next {
		c.progress(c.n)
		c.next = c.n + 1<<20
	}
	return n, err
}

// Read streams an export.xml and sums its samples up by type, source and
// day, holding neither the document nor its records. name is used in
// errors only. Cancelling ctx stops it with ctx's error.
func Read(ctx context.Context, r io.Reader, name string, opt Options) (*Result, error) {
	cr := &countingReader{r: r, progress: opt.Progress, ctx: ctx}
	d := xml.NewDecoder(bufio.NewReaderSize(cr, 256<<10))
	d.Strict = true
	rd := &reader{res: newResult(), d: d, name: name}
	if err := rd.run(); err != nil {
		if ce := ctx.Err(); ce != nil {
			return nil, ce
		}
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress(cr.n)
	}
	return rd.res, nil
}

// reader holds the state of one Read.
type reader struct {
	res   *Result
	d     *xml.Decoder
	name  string
	stack []string

	// the element being read, when it is one phr maps
	rec   *sample
	corr  *correlation
	wk    *workout
	inRec bool // inside a Record (its children are metadata)
}

// sample is one Record.
type sample struct {
	typ        string
	src        string
	unit       string
	value      string
	start, end string
	line, col  int
	meta       map[string]string
}

// correlation is a blood pressure's Correlation and its two Records.
type correlation struct {
	src           string
	start         string
	sys, dia      float64
	hasSys, hasDi bool
	line, col     int
}

func (rd *reader) errAt(line, col int, format string, args ...any) error {
	return &posError{name: rd.name, line: line, col: col, msg: fmt.Sprintf(format, args...)}
}

func (rd *reader) here(format string, args ...any) error {
	line, col := rd.d.InputPos()
	return rd.errAt(line, col, format, args...)
}

func (rd *reader) run() error {
	sawRoot := false
	for {
		tok, err := rd.d.RawToken()
		if errors.Is(err, io.EOF) {
			if !sawRoot {
				return fmt.Errorf("%s: %w", rd.name, ErrNotExport)
			}
			if len(rd.stack) > 0 {
				return rd.here("the file ends inside <%s>: it is cut short; export again or unzip it again", rd.stack[len(rd.stack)-1])
			}
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line, col := rd.d.InputPos()
				if strings.Contains(se.Msg, "unexpected EOF") {
					return rd.errAt(line, col, "the file ends in the middle of an element: it is cut short; export again or unzip it again")
				}
				return rd.errAt(line, col, "not well-formed XML: %s", se.Msg)
			}
			var de *DamagedError
			if errors.As(err, &de) {
				return err
			}
			return fmt.Errorf("%s: %w", rd.name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !sawRoot {
				if t.Name.Local != "HealthData" {
					return fmt.Errorf("%s: %w", rd.name, ErrNotExport)
				}
				sawRoot = true
			} else if len(rd.stack) == 0 {
				return rd.here("a second root element <%s> after </HealthData>", t.Name.Local)
			}
			rd.stack = append(rd.stack, t.Name.Local)
			if len(rd.stack) > 64 {
				return rd.here("elements nested more than 64 deep: not an Apple Health export")
			}
			if err := rd.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if len(rd.stack) == 0 || rd.stack[len(rd.stack)-1] != t.Name.Local {
				return rd.here("</%s> closes no open element", t.Name.Local)
			}
			if err := rd.end(t.Name.Local); err != nil {
				return err
			}
			rd.stack = rd.stack[:len(rd.stack)-1]
		case xml.CharData:
			if len(rd.stack) == 0 && len(bytes.TrimSpace(t)) > 0 && sawRoot {
				return rd.here("text after </HealthData>")
			}
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (rd *reader) start(t xml.StartElement) error {
	depth := len(rd.stack) // the element is at depth-1; the root is 1
	switch {
	case depth == 2:
		switch t.Name.Local {
		case "Record":
			rd.rec = rd.newSample(t)
			rd.inRec = true
		case "Correlation":
			if attr(t, "type") == bpType {
				line, col := rd.d.InputPos()
				rd.corr = &correlation{src: attr(t, "sourceName"), start: attr(t, "startDate"), line: line, col: col}
			} else {
				rd.countName(rd.res.Unmapped, attr(t, "type"))
			}
		case "Workout":
			rd.wk = rd.newWorkout(t)
		case "ExportDate":
			rd.res.ExportDate = attr(t, "value")
		case "Me":
			rd.me(t)
		case "ActivitySummary":
			rd.res.Skipped["ActivitySummary: the day's rings, made from the samples phr reads"]++
		case "ClinicalRecord":
			rd.res.Skipped["ClinicalRecord: read from clinical-records/ in the export"]++
		default:
			rd.countName(rd.res.Unmapped, t.Name.Local)
		}
	case depth == 3 && rd.corr != nil && t.Name.Local == "Record":
		rd.res.Records++
		v := attr(t, "value")
		f, err := rd.number(v)
		if err != nil {
			return err
		}
		if u := attr(t, "unit"); u != "mmHg" {
			return rd.here("blood pressure unit %q is not one phr knows (mmHg): the export may be in another language's form", u)
		}
		switch attr(t, "type") {
		case systolicID:
			rd.corr.sys, rd.corr.hasSys = f, true
		case diastolicID:
			rd.corr.dia, rd.corr.hasDi = f, true
		}
	case depth == 3 && rd.inRec && rd.rec != nil && t.Name.Local == "MetadataEntry":
		if k := attr(t, "key"); k == "HKSexualActivityProtectionUsed" || k == "HKMenstrualCycleStart" {
			if rd.rec.meta == nil {
				rd.rec.meta = map[string]string{}
			}
			rd.rec.meta[k] = attr(t, "value")
		}
	case depth == 3 && rd.wk != nil && t.Name.Local == "WorkoutStatistics":
		// iOS 16 and later give a workout's distance and energy here.
		sum, err := rd.optNumber(attr(t, "sum"))
		if err != nil {
			return err
		}
		switch typ := attr(t, "type"); {
		case typ == hkQ+"ActiveEnergyBurned" && rd.wk.energy == 0:
			rd.wk.energy, rd.wk.energyUnit = sum, attr(t, "unit")
		case strings.HasPrefix(typ, hkQ+"Distance") && rd.wk.distance == 0:
			rd.wk.distance, rd.wk.distUnit = sum, attr(t, "unit")
		}
	}
	return nil
}

func (rd *reader) end(name string) error {
	depth := len(rd.stack)
	if depth != 2 {
		return nil
	}
	switch name {
	case "Record":
		s := rd.rec
		rd.rec, rd.inRec = nil, false
		if s != nil {
			return rd.addSample(s)
		}
	case "Correlation":
		c := rd.corr
		rd.corr = nil
		if c != nil {
			return rd.addBP(c)
		}
	case "Workout":
		w := rd.wk
		rd.wk = nil
		if w != nil {
			if len(rd.res.workouts) >= MaxWorkouts {
				return rd.here("more than %d workouts: beyond phr's limit", MaxWorkouts)
			}
			rd.res.workouts = append(rd.res.workouts, *w)
		}
	}
	return nil
}

func (rd *reader) newSample(t xml.StartElement) *sample {
	s := &sample{}
	for _, a := range t.Attr {
		switch a.Name.Local {
		case "type":
			s.typ = a.Value
		case "sourceName":
			s.src = a.Value
		case "unit":
			s.unit = a.Value
		case "value":
			s.value = a.Value
		case "startDate":
			s.start = a.Value
		case "endDate":
			s.end = a.Value
		}
	}
	s.line, s.col = rd.d.InputPos()
	return s
}

func (rd *reader) newWorkout(t xml.StartElement) *workout {
	w := &workout{}
	var dur, durUnit string
	for _, a := range t.Attr {
		switch a.Name.Local {
		case "workoutActivityType":
			w.activity = a.Value
		case "sourceName":
			w.src = rd.sourceIndexUnchecked(a.Value)
		case "startDate":
			w.start = a.Value
		case "endDate":
			w.end = a.Value
		case "duration":
			dur = a.Value
		case "durationUnit":
			durUnit = a.Value
		case "totalDistance":
			w.distance, _ = strconv.ParseFloat(a.Value, 64)
		case "totalDistanceUnit":
			w.distUnit = a.Value
		case "totalEnergyBurned":
			w.energy, _ = strconv.ParseFloat(a.Value, 64)
		case "totalEnergyBurnedUnit":
			w.energyUnit = a.Value
		}
	}
	if f, err := strconv.ParseFloat(dur, 64); err == nil {
		switch durUnit {
		case "s":
			f /= 60
		case "hr", "h":
			f *= 60
		}
		w.minutes = f
	}
	return w
}

func (rd *reader) me(t xml.StartElement) {
	p := &record.Profile{}
	if born := attr(t, "HKCharacteristicTypeIdentifierDateOfBirth"); born != "" {
		if _, err := time.Parse("2006-01-02", born); err == nil {
			p.Born = born
		}
	}
	if bt := strings.TrimPrefix(attr(t, "HKCharacteristicTypeIdentifierBloodType"), "HKBloodType"); bt != "" && bt != "NotSet" {
		if v, err := record.ParseBloodType(bt); err == nil {
			p.BloodType = v
		}
	}
	if p.Born != "" || p.BloodType != "" {
		rd.res.Profile = p
	}
}

// countName counts a name in m, lumping names past maxNames together.
func (rd *reader) countName(m map[string]int, name string) {
	if name == "" {
		name = "(no type)"
	}
	if _, ok := m[name]; !ok && len(m) >= maxNames {
		name = "other types"
	}
	m[name]++
}

// number reads a sample's value. A decimal comma, or any other form, is
// an error naming the place: an export in another locale.
func (rd *reader) number(v string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err == nil && record.InRange(f) {
		return f, nil
	}
	if strings.Contains(v, ",") {
		return 0, rd.here("the value %q is written with a decimal comma (an export in another language's form): phr reads values written with a decimal point", short(v))
	}
	if v == "" {
		return 0, rd.here("a sample has no value")
	}
	return 0, rd.here("the value %q is not a number phr can read", short(v))
}

func (rd *reader) optNumber(v string) (float64, error) {
	if v == "" {
		return 0, nil
	}
	return rd.number(v)
}

func short(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

func (rd *reader) sourceIndex(name string) (uint32, error) {
	if i, ok := rd.res.srcIndex[name]; ok {
		return i, nil
	}
	if len(rd.res.sources) >= MaxSources {
		return 0, rd.here("more than %d sources (devices and apps): beyond phr's limit", MaxSources)
	}
	return rd.sourceIndexUnchecked(name), nil
}

func (rd *reader) sourceIndexUnchecked(name string) uint32 {
	if i, ok := rd.res.srcIndex[name]; ok {
		return i
	}
	if len(rd.res.sources) >= MaxSources {
		return 0
	}
	i := uint32(len(rd.res.sources))
	rd.res.sources = append(rd.res.sources, name)
	rd.res.srcIndex[name] = i
	return i
}

// dayOf reads the local day of an Apple date ("2024-03-01 08:15:00
// +0100": the day as written, in the zone the sample was taken in).
func dayOf(s string) (int32, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	n := func(b string) (int, bool) {
		v := 0
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return 0, false
			}
			v = v*10 + int(b[i]-'0')
		}
		return v, true
	}
	y, ok1 := n(s[0:4])
	m, ok2 := n(s[5:7])
	d, ok3 := n(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 {
		return 0, false
	}
	return int32(y<<9 | m<<5 | d), true
}

func dayString(k int32) string {
	return fmt.Sprintf("%04d-%02d-%02d", k>>9, (k>>5)&15, k&31)
}

// appleLayout is how an export writes a time.
const appleLayout = "2006-01-02 15:04:05 -0700"

func (rd *reader) date(s string, line, col int) (int32, error) {
	day, ok := dayOf(s)
	if !ok || len(s) != len(appleLayout) {
		return 0, rd.errAt(line, col, "the date %q is not in an Apple Health export's form (2024-03-01 08:15:00 +0100)", short(s))
	}
	return day, nil
}

func (rd *reader) slot(k aggKey) (*agg, error) {
	if i, ok := rd.res.aggs[k]; ok {
		return &rd.res.days[i], nil
	}
	if len(rd.res.days) >= MaxDays {
		return nil, rd.here("more than %d day summaries: beyond phr's limit", MaxDays)
	}
	rd.res.aggs[k] = int32(len(rd.res.days))
	rd.res.days = append(rd.res.days, agg{})
	return &rd.res.days[len(rd.res.days)-1], nil
}

func (rd *reader) addSample(s *sample) error {
	rd.res.Records++
	ti, ok := typeIndex[s.typ]
	if !ok {
		if s.typ == systolicID || s.typ == diastolicID {
			// Apple writes a blood pressure's parts again beside their
			// correlation: read once, from the correlation.
			rd.res.Skipped["blood pressure parts: read from their correlations"]++
			return nil
		}
		rd.countName(rd.res.Unmapped, s.typ)
		return nil
	}
	t := &types[ti]
	dayStr := s.start
	if t.kind == sleep {
		dayStr = s.end
	}
	day, err := rd.date(dayStr, s.line, s.col)
	if err != nil {
		return err
	}
	src, err := rd.sourceIndex(s.src)
	if err != nil {
		return err
	}
	switch t.kind {
	case cumulative, discrete:
		conv, ok := t.units[s.unit]
		if !ok {
			return rd.errAt(s.line, s.col, "the unit %q of %s is not one phr knows (the export may be in another language's form)", short(s.unit), strings.ToLower(t.title))
		}
		f, err := rd.number(s.value)
		if err != nil {
			return err
		}
		switch u := rd.res.unitByType[ti]; u {
		case conv.unit:
		case "":
			rd.res.unitByType[ti] = conv.unit
		default:
			return rd.errAt(s.line, s.col, "%s is written in %s here and in %s before: phr keeps one unit for each kind of reading", strings.ToLower(t.title), record.PlainUnit(conv.unit), record.PlainUnit(u))
		}
		f *= conv.factor
		a, err := rd.slot(aggKey{typ: ti, src: src, day: day})
		if err != nil {
			return err
		}
		a.add(f)
	case sleep:
		if !asleep[s.value] {
			rd.res.Skipped["sleep analysis: time in bed or awake"]++
			return nil
		}
		st, err1 := time.Parse(appleLayout, s.start)
		en, err2 := time.Parse(appleLayout, s.end)
		if err1 != nil || err2 != nil || en.Before(st) {
			return rd.errAt(s.line, s.col, "a sleep sample's dates %q to %q are not in an Apple Health export's form", short(s.start), short(s.end))
		}
		// A night is the day its sleep ends on; a period that ends after
		// 18:00 (a nap, the first hour of the night) counts to the next,
		// so one night is never split at midnight.
		night, _ := dayOf(en.Add(6 * time.Hour).Format(time.DateOnly))
		a, err := rd.slot(aggKey{typ: ti, src: src, day: night})
		if err != nil {
			return err
		}
		a.sum += en.Sub(st).Hours()
		a.n++
	case category:
		w := t.categoryWord(s.value)
		switch s.meta["HKSexualActivityProtectionUsed"] {
		case "1":
			w = "protection used"
		case "0":
			w = "no protection"
		}
		if s.meta["HKMenstrualCycleStart"] == "1" {
			w += " (cycle start)"
		}
		bit := rd.word(ti, w)
		a, err := rd.slot(aggKey{typ: ti, src: src, day: day})
		if err != nil {
			return err
		}
		a.words |= 1 << bit
		a.n++
	}
	return nil
}

// word returns the index of a category type's value word.
func (rd *reader) word(ti uint16, w string) uint {
	ws := rd.res.words[ti]
	for i, x := range ws {
		if x == w {
			return uint(i)
		}
	}
	if len(ws) >= maxWords-1 {
		w = "other"
		for i, x := range ws {
			if x == w {
				return uint(i)
			}
		}
	}
	rd.res.words[ti] = append(ws, w)
	return uint(len(ws))
}

func (a *agg) add(f float64) {
	if a.n == 0 || f < a.min {
		a.min = f
	}
	if a.n == 0 || f > a.max {
		a.max = f
	}
	a.sum += f
	a.n++
}

func (rd *reader) addBP(c *correlation) error {
	if !c.hasSys || !c.hasDi {
		rd.res.Skipped["blood pressure: a correlation without both parts"]++
		return nil
	}
	day, err := rd.date(c.start, c.line, c.col)
	if err != nil {
		return err
	}
	src, err := rd.sourceIndex(c.src)
	if err != nil {
		return err
	}
	a, err := rd.slot(aggKey{typ: bpIndex, src: src, day: day})
	if err != nil {
		return err
	}
	if a.n == 0 || c.dia < a.min2 {
		a.min2 = c.dia
	}
	if a.n == 0 || c.dia > a.max2 {
		a.max2 = c.dia
	}
	a.sum2 += c.dia
	a.add(c.sys)
	return nil
}
