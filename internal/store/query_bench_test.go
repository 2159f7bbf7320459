package store

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/testkit"
)

// benchSize is the seeded demo patient's size for benchmarks: a lifetime
// (100,000 measurements, 10,000 other entries over 40 years), or with
// PHR_BENCH_SIZE=small a record small enough for CI. Attachments are files
// outside the database and are left out.
func benchSize(b *testing.B) demo.Size {
	b.Helper()
	size := demo.LifetimeSize()
	switch s := os.Getenv("PHR_BENCH_SIZE"); s {
	case "", "lifetime":
	case "small":
		size = demo.Size{Measurements: 2000, Others: 200, Years: 10}
	default:
		b.Fatalf("PHR_BENCH_SIZE=%q: want small or lifetime", s)
	}
	size.Attachments, size.AttachmentBytes = 0, 0
	return size
}

// fillDemo adds the seeded demo patient of this size to s in one
// transaction and returns how many entries it added.
func fillDemo(b *testing.B, s *Store, size demo.Size) int {
	b.Helper()
	ctx := context.Background()
	p := demo.Generate(1, size, now)
	err := s.Tx(ctx, func(tx *Store) error {
		for i := range p.Items {
			if err := tx.AddEntry(ctx, &p.Items[i].Entry, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return len(p.Items)
}

// benchRecord fills a new store with the demo patient of benchSize.
func benchRecord(b *testing.B) *Store {
	b.Helper()
	s := newStore(b)
	start := time.Now()
	n := fillDemo(b, s, benchSize(b))
	b.Logf("filled %d entries in %v", n, time.Since(start).Round(time.Millisecond))
	return s
}

// BenchmarkQueries measures the queries the interface and the command line
// run, on one record built once (see benchRecord); the target for each is
// under 20 ms on a lifetime record. Each reports how many rows it returned.
//
//   - Search: a full-text search for a common phrase and for a word of the
//     readings' titles, at most 200 results (as the interface asks), and for
//     a rare word.
//   - ListRange: one category over one year, newest first, as phr list
//     measurement --since ... reads it (the columns a row shows,
//     Filter.Rows); ListRange/whole: the same entries whole (phr list
//     --json); ListCategory: a whole category.
//   - ChartSeries: every chartable series with its count; Points: all the
//     readings of the largest series, and of a component series (systolic
//     blood pressure), oldest first, and both averaged into 200 buckets for
//     drawing (PointsBucketed).
func BenchmarkQueries(b *testing.B) {
	s := benchRecord(b)
	ctx := context.Background()
	yearAgo := now.AddDate(-1, 0, 0).Format("2006-01-02")
	today := now.Format("2006-01-02")
	series, err := s.ChartSeries(ctx, 2)
	if err != nil || len(series) == 0 {
		b.Fatalf("no chart series: %v", err)
	}
	component := ""
	for _, ser := range series {
		if strings.Contains(ser.Key, "#") && component == "" {
			component = ser.Key
		}
	}
	// run reports, beside the wall time, the process's CPU time per query
	// (cpu-ms/op), which a busy machine inflates much less.
	run := func(name string, fn func() (int, error)) {
		b.Run(name, func(b *testing.B) {
			var n int
			cpu0 := testkit.ProcessCPU(b)
			for b.Loop() {
				var err error
				if n, err = fn(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "rows")
			b.ReportMetric(float64(testkit.ProcessCPU(b)-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
	run("Search/common", func() (int, error) {
		es, err := s.Search(ctx, "blood pressure", 200)
		return len(es), err
	})
	// A word of the readings' own titles ("Weight", 30,000 of them): no other
	// entry matches, so the 200 are the newest readings.
	run("Search/readings", func() (int, error) {
		es, err := s.Search(ctx, "weight", 200)
		return len(es), err
	})
	run("Search/rare", func() (int, error) {
		es, err := s.Search(ctx, "penicillin", 0)
		return len(es), err
	})
	run("ListRange", func() (int, error) {
		es, err := s.List(ctx, Filter{Categories: []record.Category{record.Measurement}, Since: yearAgo, Until: today, Rows: true})
		return len(es), err
	})
	run("ListRange/whole", func() (int, error) {
		es, err := s.List(ctx, Filter{Categories: []record.Category{record.Measurement}, Since: yearAgo, Until: today})
		return len(es), err
	})
	run("ListCategory", func() (int, error) {
		es, err := s.List(ctx, Filter{Categories: []record.Category{record.Measurement}})
		return len(es), err
	})
	// The interface's list of a category shows the newest page first, then
	// the rest once it has loaded.
	run("ListCategory/firstpage", func() (int, error) {
		es, err := s.List(ctx, Filter{Categories: []record.Category{record.Measurement}, Limit: 300})
		return len(es), err
	})
	run("ChartSeries", func() (int, error) {
		ser, err := s.ChartSeries(ctx, 2)
		return len(ser), err
	})
	run("Points/largest", func() (int, error) {
		ps, err := s.Points(ctx, series[0].Key, "", "")
		return len(ps), err
	})
	if component != "" {
		run("Points/component", func() (int, error) {
			ps, err := s.Points(ctx, component, "", "")
			return len(ps), err
		})
	}
	// What a chart draws: the same series averaged into 200 stretches of
	// time (PointsBucketed), as the interface's chart screen asks.
	run("Points/largest/200buckets", func() (int, error) {
		c, err := s.PointsBucketed(ctx, series[0].Key, "", "", 200)
		return len(c.Points), err
	})
	if component != "" {
		run("Points/component/200buckets", func() (int, error) {
			c, err := s.PointsBucketed(ctx, component, "", "", 200)
			return len(c.Points), err
		})
	}
}
