package applehealth

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

var (
	benchOnce sync.Once
	benchData []byte
)

// benchExport is a generated export of PHR_BENCH_APPLE_MB megabytes (32 by
// default), made once.
func benchExport(b *testing.B) []byte {
	benchOnce.Do(func() {
		mb := 32
		if v, err := strconv.Atoi(os.Getenv("PHR_BENCH_APPLE_MB")); err == nil && v > 0 {
			mb = v
		}
		var buf bytes.Buffer
		if _, err := Generate(&buf, GenOptions{TargetBytes: int64(mb) << 20, HeartRate: 1500, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		benchData = buf.Bytes()
	})
	return benchData
}

// Tokenize is the bare streaming pass the import is compared with: Go's
// own tokenizer over the same bytes, doing nothing with the tokens.
func Tokenize(r io.Reader) (int64, error) {
	d := xml.NewDecoder(r)
	var n int64
	for {
		_, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// BenchmarkRead reads a generated export (Read and Plan with all its
// entries made) beside a bare tokenizer pass over the same bytes, and
// reports their ratio (the target: at most 3).
func BenchmarkRead(b *testing.B) {
	data := benchExport(b)
	b.SetBytes(int64(len(data)))
	b.Run("tokenizer", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := Tokenize(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		entries := 0
		for b.Loop() {
			res, err := Read(context.Background(), bytes.NewReader(data), "export.xml", Options{})
			if err != nil {
				b.Fatal(err)
			}
			plan, _ := res.Plan(Choice{})
			entries = 0
			plan.Entries(func(e record.Entry) error { entries++; return nil })
			b.ReportMetric(float64(res.Records), "samples")
		}
		b.ReportMetric(float64(entries), "entries")
	})
}
