package archive

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/testkit"
)

// BenchmarkWrite times the archive's texts alone (record.ndjson, ips.json,
// record.html, audit.ndjson; no attachments) for a demo patient of 22,000
// entries, and reports the CPU time of every core per archive (cpu-ms/op):
// on a shared machine that moves less than the wall time.
func BenchmarkWrite(b *testing.B) {
	p := demo.Generate(1, demo.Size{Measurements: 20_000, Others: 2_000, Years: 10}, made)
	entries := make([]record.Entry, len(p.Items))
	for i := range p.Items {
		entries[i] = p.Items[i].Entry
		entries[i].ID = fmt.Sprintf("e%09d", i)
	}
	params := Params{Profile: p.Profile, Entries: func() ([]record.Entry, error) { return entries, nil },
		Carers: p.Carers, Made: made}
	var cpu time.Duration
	for b.Loop() {
		c0 := testkit.ProcessCPU(b)
		if _, err := Write(io.Discard, params); err != nil {
			b.Fatal(err)
		}
		cpu += testkit.ProcessCPU(b) - c0
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
