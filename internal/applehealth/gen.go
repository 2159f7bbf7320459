package applehealth

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// GenOptions say what Generate writes.
type GenOptions struct {
	// Start is the first day (its zone is the samples' zone); Days how
	// many days follow, or, when TargetBytes is set, at least how many.
	Start time.Time
	Days  int
	// TargetBytes, when above 0, writes days until the file is that big.
	TargetBytes int64
	// HeartRate is how many heart rate samples the watch takes a day
	// (default 300; a watch worn all day with workouts takes thousands).
	HeartRate int
	Seed      uint64
	// OnSample, when set, is called with every sample written, so a test
	// can sum them up on its own.
	OnSample func(GenSample)
}

// GenSample is one sample Generate wrote, as written.
type GenSample struct {
	Type, Source, Unit string
	// Value is the number written (for a category type, 0 and Word is
	// the value written).
	Value      float64
	Word       string
	Start, End time.Time
	// Systolic and Diastolic are set for a blood pressure correlation.
	Systolic, Diastolic float64
	// Meta are its MetadataEntry keys and values.
	Meta map[string]string
}

// GenStats is what Generate wrote.
type GenStats struct {
	Bytes   int64
	Records int64
	Days    int
}

// The sources Generate writes: a phone, a watch, a scale's app and the
// Health app itself (entered by hand).
const (
	GenPhone = "Jane’s iPhone"
	GenWatch = "Jane’s Apple Watch"
	GenScale = "Withings"
	GenHand  = "Health"
)

var genDevices = map[string]string{
	GenPhone: `&lt;&lt;HKDevice: 0x281e4c2d0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone15,2, software:17.2&gt;`,
	GenWatch: `&lt;&lt;HKDevice: 0x281e4c3c0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1&gt;`,
	GenScale: `&lt;&lt;HKDevice: 0x281e4c4b0&gt;, name:Body Cardio, manufacturer:Withings, model:WBS04, hardware:1, software:1.0&gt;`,
}

var genVersions = map[string]string{GenPhone: "17.2", GenWatch: "10.1", GenScale: "6.4.1", GenHand: "17.2"}

type genWriter struct {
	w   *bufio.Writer
	cw  *countWriter
	opt GenOptions
	rnd *rand.Rand
	n   int64
	buf []byte
	// word is the value of the category Record being written.
	word string
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Generate writes a synthetic Apple Health export.xml, shaped like a real
// one (a DOCTYPE, ExportDate, Me, Records with source, device, unit and
// dates in Apple's form, blood pressure correlations, sleep analysis,
// cycle tracking, workouts with statistics, activity summaries), from a
// seeded random source: the same options write the same bytes.
func Generate(w io.Writer, opt GenOptions) (GenStats, error) {
	if opt.HeartRate <= 0 {
		opt.HeartRate = 300
	}
	if opt.Start.IsZero() {
		opt.Start = time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600))
	}
	cw := &countWriter{w: w}
	g := &genWriter{w: bufio.NewWriterSize(cw, 1<<20), cw: cw, opt: opt, rnd: rand.New(rand.NewPCG(opt.Seed, 22))}
	g.str(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
]>
<HealthData locale="en_GB">
`)
	last := opt.Start.AddDate(0, 0, max(opt.Days, 1))
	g.str(` <ExportDate value="` + last.Format(appleLayout) + `"/>` + "\n")
	g.str(` <Me HKCharacteristicTypeIdentifierDateOfBirth="1984-06-12" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeAPositive" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>` + "\n")
	day := 0
	for {
		if opt.TargetBytes > 0 {
			if cw.n+int64(g.w.Buffered()) >= opt.TargetBytes && day >= opt.Days {
				break
			}
		} else if day >= max(opt.Days, 1) {
			break
		}
		g.day(opt.Start.AddDate(0, 0, day), day)
		day++
	}
	g.str("</HealthData>\n")
	if err := g.w.Flush(); err != nil {
		return GenStats{}, err
	}
	return GenStats{Bytes: cw.n, Records: g.n, Days: day}, nil
}

// GenerateZip writes an export.zip as an iPhone does: apple_health_export/
// with export.xml, export_cda.xml and clinical-records/ holding one FHIR
// resource (fhir, when not empty).
func GenerateZip(w io.Writer, opt GenOptions, fhir []byte) (GenStats, error) {
	zw := zip.NewWriter(w)
	f, err := zw.Create("apple_health_export/export.xml")
	if err != nil {
		return GenStats{}, err
	}
	st, err := Generate(f, opt)
	if err != nil {
		return st, err
	}
	c, err := zw.Create("apple_health_export/export_cda.xml")
	if err != nil {
		return st, err
	}
	if _, err := io.WriteString(c, `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Health Data Export</title></ClinicalDocument>
`); err != nil {
		return st, err
	}
	if len(fhir) > 0 {
		r, err := zw.Create("apple_health_export/clinical-records/Condition-1A2B.json")
		if err != nil {
			return st, err
		}
		if _, err := r.Write(fhir); err != nil {
			return st, err
		}
	}
	return st, zw.Close()
}

func (g *genWriter) str(s string) { g.w.WriteString(s) }

// record writes one Record and reports it.
func (g *genWriter) record(indent, typ, src, unit string, value float64, prec int, start, end time.Time, meta map[string]string) {
	g.n++
	b := g.buf[:0]
	b = append(b, indent...)
	b = append(b, `<Record type="`...)
	b = append(b, typ...)
	b = append(b, `" sourceName="`...)
	b = append(b, src...)
	b = append(b, `" sourceVersion="`...)
	b = append(b, genVersions[src]...)
	if d := genDevices[src]; d != "" {
		b = append(b, `" device="`...)
		b = append(b, d...)
	}
	if unit != "" {
		b = append(b, `" unit="`...)
		b = append(b, unit...)
	}
	b = append(b, `" creationDate="`...)
	b = end.Add(time.Duration(g.rnd.IntN(600))*time.Second).AppendFormat(b, appleLayout)
	b = append(b, `" startDate="`...)
	b = start.AppendFormat(b, appleLayout)
	b = append(b, `" endDate="`...)
	b = end.AppendFormat(b, appleLayout)
	b = append(b, `" value="`...)
	word := ""
	if unit == "" {
		word = g.word
		b = append(b, word...)
	} else {
		b = strconv.AppendFloat(b, value, 'f', prec, 64)
		value, _ = strconv.ParseFloat(string(strconv.AppendFloat(nil, value, 'f', prec, 64)), 64)
	}
	b = append(b, '"')
	if len(meta) == 0 {
		b = append(b, "/>\n"...)
	} else {
		b = append(b, ">\n"...)
		for _, k := range sortedKeys(meta) {
			b = append(b, indent...)
			b = append(b, `  <MetadataEntry key="`...)
			b = append(b, k...)
			b = append(b, `" value="`...)
			b = append(b, meta[k]...)
			b = append(b, "\"/>\n"...)
		}
		b = append(b, indent...)
		b = append(b, "</Record>\n"...)
	}
	g.w.Write(b)
	g.buf = b
	if g.opt.OnSample != nil && indent == " " {
		g.opt.OnSample(GenSample{Type: typ, Source: src, Unit: unit, Value: value, Word: word, Start: start, End: end, Meta: meta})
	}
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}

// quantity writes a quantity Record at the top level.
func (g *genWriter) quantity(typ, src, unit string, value float64, prec int, start, end time.Time) {
	g.record(" ", typ, src, unit, value, prec, start, end, nil)
}

// category writes a category Record with value word.
func (g *genWriter) category(typ, src, word string, start, end time.Time, meta map[string]string) {
	g.word = word
	g.record(" ", typ, src, "", 0, 0, start, end, meta)
}

func (g *genWriter) at(day time.Time, minutes float64) time.Time {
	return day.Add(time.Duration(minutes * float64(time.Minute))).Truncate(time.Second)
}

// day writes one day's samples.
func (g *genWriter) day(day time.Time, n int) {
	r := g.rnd
	// Steps and distance: the phone every hour it is carried, the watch
	// every half hour it is worn (both count the same walking).
	for h := 7; h < 22; h++ {
		st := g.at(day, float64(h*60+r.IntN(20)))
		en := st.Add(time.Duration(10+r.IntN(30)) * time.Minute)
		steps := float64(200 + r.IntN(900))
		g.quantity(hkQ+"StepCount", GenPhone, "count", steps, 0, st, en)
		g.quantity(hkQ+"DistanceWalkingRunning", GenPhone, "km", steps*0.00075, 3, st, en)
		g.quantity(hkQ+"FlightsClimbed", GenPhone, "count", float64(r.IntN(3)), 0, st, en)
	}
	if n%9 != 4 { // the watch is left on its charger some days
		for m := 6 * 60; m < 23*60; m += 30 {
			st := g.at(day, float64(m+r.IntN(5)))
			en := st.Add(time.Duration(5+r.IntN(20)) * time.Minute)
			steps := float64(100 + r.IntN(600))
			g.quantity(hkQ+"StepCount", GenWatch, "count", steps, 0, st, en)
			g.quantity(hkQ+"DistanceWalkingRunning", GenWatch, "km", steps*0.0008, 3, st, en)
			g.quantity(hkQ+"ActiveEnergyBurned", GenWatch, "kcal", 2+r.Float64()*30, 3, st, en)
			g.quantity(hkQ+"BasalEnergyBurned", GenWatch, "kcal", 30+r.Float64()*5, 3, st, en)
		}
		for i := range g.opt.HeartRate {
			st := g.at(day, float64(i)*1440/float64(g.opt.HeartRate))
			var meta map[string]string
			if i%4 == 0 { // the motion context on some samples, as a watch writes it
				meta = map[string]string{"HKMetadataKeyHeartRateMotionContext": strconv.Itoa(r.IntN(3))}
			}
			g.record(" ", hkQ+"HeartRate", GenWatch, "count/min", float64(50+r.IntN(90)), 0, st, st, meta)
		}
		g.quantity(hkQ+"RestingHeartRate", GenWatch, "count/min", float64(52+r.IntN(12)), 0, g.at(day, 0), g.at(day, 1439))
		for i := range 4 {
			st := g.at(day, float64(60+i*300))
			g.quantity(hkQ+"HeartRateVariabilitySDNN", GenWatch, "ms", 20+r.Float64()*60, 4, st, st.Add(time.Minute))
			g.quantity(hkQ+"OxygenSaturation", GenWatch, "%", 0.93+float64(r.IntN(7))/100, 2, st, st)
			g.quantity(hkQ+"RespiratoryRate", GenWatch, "count/min", 12+float64(r.IntN(8))/2, 1, st, st.Add(time.Minute))
		}
		for m := 7 * 60; m < 21*60; m += 60 {
			st := g.at(day, float64(m))
			g.quantity(hkQ+"AppleStandTime", GenWatch, "min", float64(1+r.IntN(5)), 0, st, st.Add(5*time.Minute))
			g.quantity(hkQ+"AppleExerciseTime", GenWatch, "min", float64(r.IntN(8)), 0, st, st.Add(10*time.Minute))
		}
		// Last night's sleep, ending this morning: in bed, then stages.
		bed := g.at(day, float64(-90+r.IntN(60)))
		g.category(hkC+"SleepAnalysis", GenWatch, "HKCategoryValueSleepAnalysisInBed", bed, bed.Add(8*time.Hour), nil)
		t := bed.Add(10 * time.Minute)
		for _, v := range []string{"AsleepCore", "AsleepDeep", "AsleepCore", "AsleepREM", "Awake", "AsleepCore", "AsleepREM"} {
			d := time.Duration(20+r.IntN(70)) * time.Minute
			g.category(hkC+"SleepAnalysis", GenWatch, "HKCategoryValueSleepAnalysis"+v, t, t.Add(d), nil)
			t = t.Add(d)
		}
	}
	// The phone's own sleep estimate, on some nights.
	if n%3 == 0 {
		st := g.at(day, float64(-60+r.IntN(30)))
		g.category(hkC+"SleepAnalysis", GenPhone, "HKCategoryValueSleepAnalysisAsleepUnspecified", st, st.Add(time.Duration(360+r.IntN(120))*time.Minute), nil)
	}
	if n%7 == 0 {
		st := g.at(day, 7*60+5)
		g.quantity(hkQ+"BodyMass", GenScale, "kg", 68+r.Float64()*4, 2, st, st)
		g.quantity(hkQ+"BodyFatPercentage", GenScale, "%", 0.24+r.Float64()*0.03, 3, st, st)
		g.quantity(hkQ+"BodyMassIndex", GenScale, "count", 23+r.Float64(), 2, st, st)
	}
	if n%3 == 1 {
		for i := range 2 {
			st := g.at(day, float64(8*60+i*720+r.IntN(30)))
			g.bp(st, float64(112+r.IntN(30)), float64(70+r.IntN(20)))
		}
	}
	if n%5 == 2 {
		st := g.at(day, float64(9*60+r.IntN(60)))
		g.quantity(hkQ+"BloodGlucose", GenHand, "mg/dL", float64(80+r.IntN(60)), 0, st, st)
		g.quantity(hkQ+"BodyTemperature", GenHand, "degC", 36.2+float64(r.IntN(10))/10, 1, st, st)
	}
	// Cycle tracking: five days of flow every 28, the first marked as the
	// cycle's start; sexual activity now and then.
	if c := n % 28; c < 5 {
		st := g.at(day, 0)
		meta := map[string]string{"HKMenstrualCycleStart": "0"}
		if c == 0 {
			meta["HKMenstrualCycleStart"] = "1"
		}
		flow := []string{"Heavy", "Heavy", "Medium", "Light", "Light"}[c]
		g.category(hkC+"MenstrualFlow", GenHand, "HKCategoryValueMenstrualFlow"+flow, st, st.Add(24*time.Hour-time.Second), meta)
	}
	if n%28 == 14 {
		st := g.at(day, 8*60)
		g.category(hkC+"OvulationTestResult", GenHand, "HKCategoryValueOvulationTestResultPositive", st, st, nil)
	}
	if n%11 == 3 {
		st := g.at(day, 22*60)
		g.category(hkC+"SexualActivity", GenHand, "HKCategoryValueNotApplicable", st, st, map[string]string{"HKSexualActivityProtectionUsed": strconv.Itoa(r.IntN(2))})
	}
	if n%2 == 0 {
		g.workout(g.at(day, float64(17*60+r.IntN(60))))
	}
	g.str(` <ActivitySummary dateComponents="` + day.Format("2006-01-02") + `" activeEnergyBurned="420" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="Cal" appleMoveTime="0" appleMoveTimeGoal="0" appleExerciseTime="31" appleExerciseTimeGoal="30" appleStandHours="11" appleStandHoursGoal="12"/>` + "\n")
}

// bp writes a blood pressure: its two parts at the top level, as Apple
// does, and the correlation that holds them.
func (g *genWriter) bp(st time.Time, sys, dia float64) {
	g.record(" ", systolicID, GenHand, "mmHg", sys, 0, st, st, nil)
	g.record(" ", diastolicID, GenHand, "mmHg", dia, 0, st, st, nil)
	fmt.Fprintf(g.w, ` <Correlation type="%s" sourceName="%s" sourceVersion="17.2" creationDate="%s" startDate="%s" endDate="%s">`+"\n",
		bpType, GenHand, st.Format(appleLayout), st.Format(appleLayout), st.Format(appleLayout))
	g.str("  <MetadataEntry key=\"HKWasUserEntered\" value=\"1\"/>\n")
	g.record("  ", systolicID, GenHand, "mmHg", sys, 0, st, st, nil)
	g.record("  ", diastolicID, GenHand, "mmHg", dia, 0, st, st, nil)
	g.str(" </Correlation>\n")
	if g.opt.OnSample != nil {
		g.opt.OnSample(GenSample{Type: bpType, Source: GenHand, Start: st, End: st, Systolic: sys, Diastolic: dia})
	}
}

// workout writes a run with its statistics, metadata, an event and a
// route's file reference.
func (g *genWriter) workout(st time.Time) {
	r := g.rnd
	mins := 20 + r.Float64()*40
	en := st.Add(time.Duration(mins * float64(time.Minute))).Truncate(time.Second)
	km := mins / 6
	kcal := mins * 10
	fmt.Fprintf(g.w, ` <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="%.4f" durationUnit="min" sourceName="%s" sourceVersion="10.1" device="%s" creationDate="%s" startDate="%s" endDate="%s">`+"\n",
		mins, GenWatch, genDevices[GenWatch], en.Format(appleLayout), st.Format(appleLayout), en.Format(appleLayout))
	g.str("  <MetadataEntry key=\"HKIndoorWorkout\" value=\"0\"/>\n")
	fmt.Fprintf(g.w, "  <WorkoutEvent type=\"HKWorkoutEventTypeSegment\" date=\"%s\" duration=\"%.4f\" durationUnit=\"min\"/>\n", st.Format(appleLayout), mins/2)
	fmt.Fprintf(g.w, "  <WorkoutStatistics type=\"%sActiveEnergyBurned\" startDate=\"%s\" endDate=\"%s\" sum=\"%.3f\" unit=\"kcal\"/>\n", hkQ, st.Format(appleLayout), en.Format(appleLayout), kcal)
	fmt.Fprintf(g.w, "  <WorkoutStatistics type=\"%sDistanceWalkingRunning\" startDate=\"%s\" endDate=\"%s\" sum=\"%.3f\" unit=\"km\"/>\n", hkQ, st.Format(appleLayout), en.Format(appleLayout), km)
	fmt.Fprintf(g.w, "  <WorkoutRoute sourceName=\"%s\" sourceVersion=\"10.1\" creationDate=\"%s\" startDate=\"%s\" endDate=\"%s\">\n   <FileReference path=\"/workout-routes/route_%s.gpx\"/>\n  </WorkoutRoute>\n",
		GenWatch, en.Format(appleLayout), st.Format(appleLayout), en.Format(appleLayout), st.Format("2006-01-02_3.04pm"))
	g.str(" </Workout>\n")
	if g.opt.OnSample != nil {
		g.opt.OnSample(GenSample{Type: "Workout", Source: GenWatch, Start: st, End: en, Value: mins})
	}
}
