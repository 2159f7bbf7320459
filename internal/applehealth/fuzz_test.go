package applehealth

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// FuzzRead: any bytes either read as an export or fail with an error
// that names the file, without a panic; what is read makes entries that
// pass the record's bounds.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	Generate(&buf, GenOptions{Days: 1, HeartRate: 3})
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add([]byte(`<HealthData><Record type="HKQuantityTypeIdentifierStepCount" sourceName="x" unit="count" startDate="2024-03-01 08:15:00 +0100" endDate="2024-03-01 08:20:00 +0100" value="1,5"/></HealthData>`))
	f.Add([]byte(`<HealthData><Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="x" startDate="2024-03-01 08:15:00 +0100"><Record type="HKQuantityTypeIdentifierBloodPressureSystolic" unit="mmHg" value="120"/></Correlation></HealthData>`))
	f.Add([]byte(`<ClinicalDocument/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(context.Background(), bytes.NewReader(data), "export.xml", Options{})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "export.xml") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q does not name the file on one line", err)
			}
			return
		}
		plan, _ := res.Plan(Choice{})
		err = plan.Entries(func(e record.Entry) error {
			if err := e.CheckBounds(); err != nil {
				t.Errorf("entry %q: %v", e.Title, err)
			}
			if e.Title == "" || e.SourceID == "" {
				t.Errorf("entry %+v", e)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzOpen: any bytes saved as a file, opened as an export (a zip or an
// export.xml, told by content) and read with its clinical records,
// either read or fail with one line naming the file, without a panic.
// testdata/fuzz/FuzzOpen holds zips: whole, cut short, damaged, without
// export.xml, with export.xml in a deeper folder, with clinical records.
func FuzzOpen(f *testing.F) {
	var buf bytes.Buffer
	GenerateZip(&buf, GenOptions{Days: 1, HeartRate: 2}, []byte(`{"resourceType":"Condition","id":"c1"}`))
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "export.zip")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		oneLine := func(err error) {
			if !strings.HasPrefix(err.Error(), "export.zip") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q does not name the file on one line", err)
			}
		}
		Detect(p)
		ex, err := Open(p)
		if err != nil {
			oneLine(err)
			return
		}
		defer ex.Close()
		rc, err := ex.OpenXML()
		if err != nil {
			oneLine(err)
			return
		}
		_, err = Read(context.Background(), rc, ex.XMLName, Options{})
		rc.Close()
		if err != nil {
			oneLine(err)
		}
		for _, c := range ex.Clinical {
			if !strings.HasPrefix(c.Name, "clinical-records/") {
				t.Errorf("clinical record named %q", c.Name)
			}
			if rc, err := c.Open(); err == nil {
				io.Copy(io.Discard, io.LimitReader(rc, 1<<20))
				rc.Close()
			}
		}
	})
}
