package vault

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/testkit"
)

// benchSize is the record size for benchmarks: $PHR_BENCH_MB MiB, default 8.
func benchSize(b *testing.B) int {
	mb := 8
	if s := os.Getenv("PHR_BENCH_MB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			b.Fatalf("PHR_BENCH_MB=%q is not a number of MiB", s)
		}
		mb = n
	}
	return mb << 20
}

// loopCPU runs body b.N times under b.Loop and reports, beside the wall
// time, the CPU time the whole process used per operation (cpu-ms/op): on a
// busy machine the wall time depends on the other processes, the CPU time
// much less, and CPU time above the wall time shows work done on a second
// core.
func loopCPU(b *testing.B, body func()) {
	b.Helper()
	var cpu time.Duration
	n := 0
	for b.Loop() {
		start := testkit.ProcessCPU(b)
		body()
		cpu += testkit.ProcessCPU(b) - start
		n++
	}
	if n > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(n)/1e6, "cpu-ms/op")
	}
}

// BenchmarkOpen compares ReadRecord (key derivation excluded) with plain age
// decrypting the same file into memory.
func BenchmarkOpen(b *testing.B) {
	plain := randBytes(b, benchSize(b))
	v, dir := newTestVault(b, plain, testOpts())
	b.Run("phr", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		loopCPU(b, func() {
			got, err := v.ReadRecord()
			if err != nil || len(got) != len(plain) {
				b.Fatal(err)
			}
		})
	})
	b.Run("age", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		loopCPU(b, func() {
			ct, err := os.ReadFile(filepath.Join(dir, "record.age"))
			if err != nil {
				b.Fatal(err)
			}
			r, err := age.Decrypt(bytes.NewReader(ct), v.id)
			if err != nil {
				b.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil || len(got) != len(plain) {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkSave compares WriteRecord (encrypt, fsync, check, rotate, rename,
// folder syncs) with plain age encrypting to one file with one fsync.
func BenchmarkSave(b *testing.B) {
	plain := randBytes(b, benchSize(b))
	v, dir := newTestVault(b, plain, testOpts())
	if _, err := v.ReadRecord(); err != nil {
		b.Fatal(err)
	}
	b.Run("phr", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		loopCPU(b, func() {
			if err := v.WriteRecord(plain); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("age", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		out := filepath.Join(dir, "plain-age.age")
		loopCPU(b, func() {
			f, err := os.Create(out)
			if err != nil {
				b.Fatal(err)
			}
			if err := encryptTo(f, plain, v.id.Recipient()); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			if err := f.Close(); err != nil {
				b.Fatal(err)
			}
		})
	})
}
