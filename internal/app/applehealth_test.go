package app

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/applehealth"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
)

const appleCondition = `{"resourceType":"Condition","id":"1A2B","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003","display":"Hypertension"}],"text":"Hypertension"},"subject":{"reference":"Patient/1"},"onsetDateTime":"2019-04-02"}`

// writeExport writes a generated export.zip of days days.
func writeExport(t *testing.T, dir string, days int) string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := applehealth.GenerateZip(&buf, applehealth.GenOptions{Days: days, HeartRate: 24, Seed: 5}, []byte(appleCondition)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "export.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestImportAppleHealth imports a generated export.zip: a reading a day
// per type (the sources chosen said), workouts, cycle tracking marked
// sexual-health, the profile's birth date and blood type, and the
// clinical record through the FHIR importer with its provenance. A second
// import of the same export adds nothing; a newer export adds only its
// new days and updates the one day that changed.
func TestImportAppleHealth(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	p := writeExport(t, dir, 20)
	rep, err := s.Import(ctx, []string{p}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 2 {
		t.Fatalf("files %+v", rep.Files)
	}
	a := rep.Files[0]
	if a.Format != "apple-health" || a.AppleHealth == nil || a.AppleHealth.Samples == 0 || a.AppleHealth.Workouts != 10 ||
		a.AppleHealth.ClinicalRecords != 1 || len(a.AppleHealth.Choices) == 0 {
		t.Fatalf("report %+v %+v", a, a.AppleHealth)
	}
	added := sum(a.Added)
	if added == 0 || a.Sensitive[record.SexualHealth] == 0 {
		t.Errorf("added %d, sensitive %v", added, a.Sensitive)
	}
	if c := rep.Files[1]; c.File != "export.zip: clinical-records/Condition-1A2B.json" || c.Added[record.Condition] != 1 {
		t.Errorf("clinical record: %+v", c)
	}
	conds, _ := s.List(ctx, store.Filter{Categories: []record.Category{record.Condition}})
	if len(conds) != 1 || !strings.Contains(conds[0].Notes, "From Apple Health Records (clinical-records/Condition-1A2B.json in export.zip)") {
		t.Errorf("condition %+v", conds)
	}
	prof, _ := s.Profile(ctx)
	if prof.Born != "1984-06-12" || prof.BloodType != "A+" {
		t.Errorf("profile %+v", prof)
	}
	steps, _ := s.List(ctx, store.Filter{Categories: []record.Category{record.Measurement}})
	days := map[string]bool{}
	for _, e := range steps {
		if e.Title != "Steps" {
			continue
		}
		if days[e.Date] {
			t.Errorf("steps counted twice on %s", e.Date)
		}
		days[e.Date] = true
		if e.Stats == nil || e.Stats.Of != "total" || e.Stats.Count == 0 {
			t.Errorf("steps %s: stats %+v", e.Date, e.Stats)
		}
	}
	if len(days) != 20 {
		t.Errorf("%d days of steps, want 20", len(days))
	}

	again, err := s.Import(ctx, []string{p}, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := sum(again.Files[0].Added) + sum(again.Files[0].Updated); n != 0 || sum(again.Files[0].Duplicates) != added {
		t.Errorf("a second import added or updated %d, skipped %d of %d", n, sum(again.Files[0].Duplicates), added)
	}

	// A newer export: ten more days, and the first weighing corrected.
	newer := writeExport(t, t.TempDir(), 30)
	b, _ := os.ReadFile(newer)
	raw := unzipXML(t, b)
	i := bytes.Index(raw, []byte(`type="HKQuantityTypeIdentifierBodyMass"`))
	j := i + bytes.Index(raw[i:], []byte(`value="`)) + len(`value="`)
	k := j + bytes.IndexByte(raw[j:], '"')
	raw = append(append(append([]byte{}, raw[:j]...), "99.5"...), raw[k:]...)
	x := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(x, raw, 0o600)
	third, err := s.Import(ctx, []string{x}, false)
	if err != nil {
		t.Fatal(err)
	}
	f := third.Files[0]
	if f.Updated[record.Measurement] != 1 || f.Added[record.Measurement] == 0 || sum(f.Duplicates) == 0 {
		t.Errorf("newer export: added %v updated %v duplicates %v", f.Added, f.Updated, f.Duplicates)
	}
	weights, _ := s.List(ctx, store.Filter{Categories: []record.Category{record.Measurement}})
	found := false
	for _, w := range weights {
		found = found || (w.Title == "Weight" && w.Value == "99.5")
	}
	if !found {
		t.Error("the corrected weighing did not update its day")
	}
	steps, _ = s.List(ctx, store.Filter{Categories: []record.Category{record.Measurement}})
	n := 0
	for _, e := range steps {
		if e.Title == "Steps" {
			n++
		}
	}
	if n != 30 {
		t.Errorf("%d days of steps after the newer export, want 30", n)
	}
}

// TestImportAppleHealthSource: --source keeps the named device alone for
// the summed readings it measured; a name the export lacks is refused,
// naming those it has.
func TestImportAppleHealthSource(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := writeExport(t, t.TempDir(), 10)
	if _, err := s.ImportWith(ctx, []string{p}, ImportOptions{Sources: []string{"Bob’s Fitbit"}}); errs.KindOf(err) != errs.Usage ||
		!strings.Contains(err.Error(), `"Jane’s iPhone"`) {
		t.Fatalf("unknown source: %v", err)
	}
	rep, err := s.ImportWith(ctx, []string{p}, ImportOptions{Sources: []string{applehealth.GenPhone}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Files[0].AppleHealth.Choices {
		if c.Type == "Steps" && c.Rule != "only "+applehealth.GenPhone+", as chosen" {
			t.Errorf("steps: %q", c.Rule)
		}
	}
	steps, _ := s.List(ctx, store.Filter{Categories: []record.Category{record.Measurement}})
	for _, e := range steps {
		if e.Title == "Steps" && !strings.Contains(e.Notes, applehealth.GenPhone) {
			t.Errorf("steps %s: %s", e.Date, e.Notes)
		}
	}
}

// vaultBytes reads the vault's files, to tell that nothing changed.
func vaultBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() && !strings.HasSuffix(p, ".lock") {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

// TestImportAppleHealthInterrupted: an import stopped while export.xml is
// read (Ctrl-C cancels the context) leaves the vault as it was.
func TestImportAppleHealthInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var buf bytes.Buffer
	if _, err := applehealth.Generate(&buf, applehealth.GenOptions{Days: 40, HeartRate: 200}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(p, buf.Bytes(), 0o600)
	before := vaultBytes(t, cfg.VaultDir)
	calls := 0
	_, err = s.ImportWith(ctx, []string{p}, ImportOptions{Progress: func(done, total int64) {
		calls++
		if total != int64(buf.Len()) {
			t.Errorf("progress total %d, want %d", total, buf.Len())
		}
		if done > 0 {
			cancel()
		}
	}})
	if err == nil || !strings.Contains(err.Error(), "interrupted; nothing was imported") {
		t.Fatalf("interrupted import: %v", err)
	}
	if calls == 0 {
		t.Error("no progress was reported")
	}
	after := vaultBytes(t, cfg.VaultDir)
	if len(after) != len(before) {
		t.Errorf("vault files %d, were %d", len(after), len(before))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed", filepath.Base(p))
		}
	}
	if all, _ := s.List(context.Background(), store.Filter{}); len(all) != 0 {
		t.Errorf("%d entries after an interrupted import", len(all))
	}
}

func unzipXML(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "apple_health_export/export.xml" {
			rc, _ := f.Open()
			defer rc.Close()
			out, _ := io.ReadAll(rc)
			return out
		}
	}
	t.Fatal("no export.xml")
	return nil
}

// TestImportAppleHealthBadInput: a cut-short zip or export.xml, a zip
// that is no export, an export in another locale (a decimal comma, a
// unit in another language): each is a one-line usage error (exit 2)
// naming the file and the place, and the vault is unchanged.
func TestImportAppleHealthBadInput(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	if _, err := applehealth.Generate(&buf, applehealth.GenOptions{Days: 3, HeartRate: 20}); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	var zbuf bytes.Buffer
	if _, err := applehealth.GenerateZip(&zbuf, applehealth.GenOptions{Days: 3, HeartRate: 20}, nil); err != nil {
		t.Fatal(err)
	}
	var other bytes.Buffer
	zw := zip.NewWriter(&other)
	w, _ := zw.Create("photos/IMG_0001.txt")
	w.Write([]byte("not health data"))
	zw.Close()
	firstHR := bytes.Index(good, []byte(`unit="count/min"`))
	tests := []struct {
		name, file string
		data       []byte
		want       []string
	}{
		{"xml cut short", "export.xml", good[:len(good)/2], []string{"export.xml: line ", "cut short"}},
		{"zip cut short", "export.zip", zbuf.Bytes()[:zbuf.Len()/2], []string{"export.zip", "damaged or cut short"}},
		{"zip body damaged", "export.zip", damage(zbuf.Bytes()), []string{"export.zip", "export.xml"}},
		{"zip without an export", "export.zip", other.Bytes(), nil},
		{"decimal comma", "export.xml", bytes.Replace(good, []byte(`value="0.`), []byte(`value="0,`), 1), []string{"export.xml: line ", "decimal comma"}},
		{"unit in another language", "export.xml", append(append(append([]byte{}, good[:firstHR]...), `unit="Schläge/min"`...), good[firstHR+len(`unit="count/min"`):]...),
			[]string{"export.xml: line ", `"Schläge/min"`, "heart rate"}},
		{"a second root", "export.xml", append(append([]byte{}, good...), "<HealthData/>"...), []string{"export.xml: line "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := newVault(t)
			s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			p := filepath.Join(t.TempDir(), tt.file)
			os.WriteFile(p, tt.data, 0o600)
			before := vaultBytes(t, cfg.VaultDir)
			_, err = s.Import(ctx, []string{p}, false)
			if err == nil || errs.KindOf(err) != errs.Usage || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "nothing was imported") {
				t.Fatalf("error %v (kind %v)", err, errs.KindOf(err))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			after := vaultBytes(t, cfg.VaultDir)
			for p, b := range before {
				if after[p] != b {
					t.Errorf("%s changed", filepath.Base(p))
				}
			}
		})
	}
}

// damage flips bytes in the middle of a zip's compressed export.xml.
func damage(b []byte) []byte {
	out := append([]byte{}, b...)
	for i := len(out) / 3; i < len(out)/3+64; i++ {
		out[i] ^= 0x5a
	}
	return out
}

// TestImportAppleHealthDryRunFirst: an import after a dry run of the same
// unchanged export (the interface asks which source to keep in between)
// uses what the dry run read instead of reading it again, and imports
// what the dry run said it would.
func TestImportAppleHealthDryRunFirst(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := writeExport(t, t.TempDir(), 8)
	calls := 0
	dry, err := s.ImportWith(ctx, []string{p}, ImportOptions{DryRun: true, Sources: []string{applehealth.GenWatch}, Progress: func(int64, int64) { calls++ }})
	if err != nil || calls < 2 {
		t.Fatalf("dry run: %v, %d progress calls", err, calls)
	}
	calls = 0
	var last [2]int64
	rep, err := s.ImportWith(ctx, []string{p}, ImportOptions{Sources: []string{applehealth.GenWatch}, Progress: func(d, t int64) { calls++; last = [2]int64{d, t} }})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || last[0] != last[1] || last[0] == 0 {
		t.Errorf("the export was read again: %d progress calls, last %v", calls, last)
	}
	if sum(rep.Files[0].Added) != sum(dry.Files[0].Added) || rep.Files[0].SHA256 != dry.Files[0].SHA256 {
		t.Errorf("import added %d (sha %s), the dry run said %d (%s)", sum(rep.Files[0].Added), rep.Files[0].SHA256, sum(dry.Files[0].Added), dry.Files[0].SHA256)
	}
	for _, c := range rep.Files[0].AppleHealth.Choices {
		if c.Rule != "only "+applehealth.GenWatch+", as chosen" {
			t.Errorf("%s: %q", c.Type, c.Rule)
		}
	}
}

// TestImportAppleHealthFolder: the folder export.zip unpacks to is read
// like the zip (export.xml, its clinical-records/), and export_cda.xml
// beside them is left alone.
func TestImportAppleHealthFolder(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, err := os.ReadFile(writeExport(t, t.TempDir(), 5))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for _, f := range zr.File {
		p := filepath.Join(root, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		os.WriteFile(p, data, 0o600)
	}
	dir := filepath.Join(root, "apple_health_export")
	rep, err := s.Import(ctx, []string{dir}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 2 || rep.Files[0].Format != "apple-health" || rep.Files[0].File != "apple_health_export" ||
		rep.Files[1].File != "apple_health_export: clinical-records/Condition-1A2B.json" || sum(rep.Files[0].Added) == 0 {
		t.Fatalf("report: %+v", rep.Files)
	}
	for _, f := range rep.Files {
		if strings.Contains(f.File, "export_cda") {
			t.Errorf("export_cda.xml was read: %s", f.File)
		}
	}
}

// TestAppleHealthChartsAndShare: the imported readings chart (a point a
// day, the day's value) and leave in an extract with their stats, while
// the cycle tracking marked sexual-health is held back.
func TestAppleHealthChartsAndShare(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Import(ctx, []string{writeExport(t, t.TempDir(), 10)}, false); err != nil {
		t.Fatal(err)
	}
	series, err := s.ChartSeries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := s.List(ctx, store.Filter{Categories: []record.Category{record.Measurement}})
	stepsByDay := map[string]string{}
	for _, e := range all {
		if e.Title == "Steps" {
			stepsByDay[e.Date] = e.Value
		}
	}
	found := false
	for _, se := range series {
		if se.Title != "Steps" {
			continue
		}
		found = true
		pts, err := s.Points(ctx, se.Key, "", "")
		if err != nil || len(pts) != 10 {
			t.Fatalf("steps: %d points, %v", len(pts), err)
		}
		for _, p := range pts {
			if v := stepsByDay[p.Date[:10]]; v != strconv.FormatFloat(p.Value, 'f', -1, 64) {
				t.Errorf("steps %s: chart %v, entry %s", p.Date, p.Value, v)
			}
		}
	}
	if !found {
		t.Fatalf("no steps chart in %+v", series)
	}
	out := filepath.Join(t.TempDir(), "extract.age")
	pass := []byte("orchard-velvet-compass-thunder-maple")
	res, err := s.Export(ctx, ExportRequest{Passphrase: pass, Selection: share.Selection{Categories: []record.Category{record.Measurement}},
		ExcludeSensitive: true, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Excluded) == 0 {
		t.Error("no cycle tracking entry was held back")
	}
	op, err := OpenExtract(ctx, cfg, OpenRequest{Path: out, Passphrase: pass, PinsFile: filepath.Join(t.TempDir(), "pins")})
	if err != nil {
		t.Fatal(err)
	}
	withStats := 0
	for _, e := range op.Entries {
		if e.HasKind(record.SexualHealth) || strings.Contains(e.Title, "Menstrual") {
			t.Errorf("sensitive entry in the extract: %s", e.Title)
		}
		if e.Stats != nil && e.Stats.Count > 0 {
			withStats++
		}
	}
	if withStats == 0 || len(op.Entries) < 50 {
		t.Errorf("extract: %d entries, %d with stats", len(op.Entries), withStats)
	}
}

// onceReader is a stream read once, as stdin is: it fails a test that
// reads on after its end, and counts the bytes read.
type onceReader struct {
	t   *testing.T
	r   io.Reader
	n   int64
	eof bool
}

func (o *onceReader) Read(p []byte) (int, error) {
	if o.eof {
		o.t.Error("the stream was read again after its end")
	}
	n, err := o.r.Read(p)
	o.n += int64(n)
	if err == io.EOF {
		o.eof = true
	}
	return n, err
}

// TestImportAppleHealthStream: an export.xml piped to phr import - (and
// a named pipe given by its path) is told by its first bytes and read
// once, as it comes, into the same readings as the file; a zip on a
// pipe, stdin named twice and no stdin are refused, changing nothing;
// other formats still read from stdin.
func TestImportAppleHealthStream(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	if _, err := applehealth.Generate(&buf, applehealth.GenOptions{Days: 6, HeartRate: 24, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	x := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(x, buf.Bytes(), 0o600)
	fromFile, err := func() (*ImportReport, error) {
		s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return s.Import(ctx, []string{x}, false)
	}()
	if err != nil {
		t.Fatal(err)
	}

	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := vaultBytes(t, cfg.VaultDir)
	var zbuf bytes.Buffer
	applehealth.GenerateZip(&zbuf, applehealth.GenOptions{Days: 2}, nil)
	for _, tt := range []struct {
		name  string
		paths []string
		stdin io.Reader
		want  string
	}{
		{"zip on stdin", []string{"-"}, bytes.NewReader(zbuf.Bytes()), "stdin: a zip file"},
		{"stdin twice", []string{"-", "-"}, bytes.NewReader(buf.Bytes()), "named 2 times"},
		{"no stdin", []string{"-"}, nil, "pipe a file"},
		{"cut short", []string{"-"}, bytes.NewReader(buf.Bytes()[:buf.Len()/2]), "stdin: line "},
	} {
		_, err := s.ImportWith(ctx, tt.paths, ImportOptions{Stdin: tt.stdin})
		if errs.KindOf(err) != errs.Usage || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
	after := vaultBytes(t, cfg.VaultDir)
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed by a refused import", filepath.Base(p))
		}
	}

	in := &onceReader{t: t, r: bytes.NewReader(buf.Bytes())}
	var progress int64
	rep, err := s.ImportWith(ctx, []string{"-"}, ImportOptions{Stdin: in, Progress: func(done, total int64) {
		if total != 0 {
			t.Errorf("progress total %d for a stream", total)
		}
		progress = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	if in.n != int64(buf.Len()) || progress != in.n {
		t.Errorf("read %d bytes, progress %d, of %d", in.n, progress, buf.Len())
	}
	f, want := rep.Files[0], fromFile.Files[0]
	if f.File != "stdin" || f.Format != "apple-health" || f.SHA256 != want.SHA256 || sum(f.Added) != sum(want.Added) ||
		f.AppleHealth.Samples != want.AppleHealth.Samples || f.AppleHealth.Readings != want.AppleHealth.Readings {
		t.Errorf("from stdin %+v %+v, from the file %+v %+v", f, f.AppleHealth, want, want.AppleHealth)
	}

	csv := "date,type,value,unit\n2024-03-01,Weight,70.2,kg\n"
	rep, err = s.ImportWith(ctx, []string{"-"}, ImportOptions{Stdin: strings.NewReader(csv)})
	if err != nil || rep.Files[0].Format != "csv" || sum(rep.Files[0].Added) != 1 {
		t.Fatalf("csv on stdin: %v %+v", err, rep)
	}
}

// TestImportAppleHealthLarge: an export of enough readings that the
// import first makes room for them in memory (Session.reserve) imports
// them all, the record is whole afterwards (every reading listed, found
// and charted, the saved record opens again), and a second import adds
// nothing.
func TestImportAppleHealthLarge(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := applehealth.Generate(&buf, applehealth.GenOptions{Days: 120, HeartRate: 4, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	x := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(x, buf.Bytes(), 0o600)
	rep, err := s.Import(ctx, []string{x}, false)
	if err != nil {
		t.Fatal(err)
	}
	added := sum(rep.Files[0].Added)
	if added < 1000 {
		t.Fatalf("only %d entries: too few to reserve room", added)
	}
	s.Close()
	s, err = Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es, err := s.List(ctx, store.Filter{Categories: []record.Category{record.Measurement}})
	if err != nil || len(es) != added {
		t.Fatalf("the saved record holds %d measurements (%v), %d were added", len(es), err, added)
	}
	found, err := s.Search(ctx, "steps", 500)
	if err != nil || len(found) != 120 {
		t.Errorf("search found %d days of steps (%v), want 120", len(found), err)
	}
	again, err := s.Import(ctx, []string{x}, false)
	if err != nil || sum(again.Files[0].Added) != 0 || sum(again.Files[0].Duplicates) != added {
		t.Fatalf("a second import: %v, added %d, duplicates %d of %d", err, sum(again.Files[0].Added), sum(again.Files[0].Duplicates), added)
	}
}
