package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/demo"
)

// benchNow is the fixed "now" of every benchmark record, so that runs on
// different days build the same record.
var benchNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// benchSize is the record the app benchmarks build: demo.LifetimeSize()
// (100,000 measurements, 10,000 other entries, 500 attachments totalling
// 200 MB), or with PHR_BENCH_SIZE=small a record small enough for CI.
func benchSize(tb testing.TB) (demo.Size, string) {
	switch s := os.Getenv("PHR_BENCH_SIZE"); s {
	case "", "lifetime":
		return demo.LifetimeSize(), "lifetime"
	case "small":
		return demo.Size{Measurements: 2000, Others: 200, Attachments: 10, AttachmentBytes: 1 << 20, Years: 10}, "small"
	default:
		tb.Fatalf("PHR_BENCH_SIZE=%q: want small or lifetime", s)
		return demo.Size{}, ""
	}
}

// benchVault is a vault built once for one benchmark function.
type benchVault struct {
	cfg      Config
	passFile string
	size     demo.Size
	// recordBytes is the size of record.age on disk.
	recordBytes int64
}

// buildLifetimeVault creates a vault in tb.TempDir() (scrypt 2^10) holding
// the seeded demo patient of benchSize, and closes it. It reports how long
// the build took, so a slow run can be told apart from a slow benchmark.
func buildLifetimeVault(tb testing.TB) *benchVault {
	tb.Helper()
	size, name := benchSize(tb)
	ctx := context.Background()
	dir := tb.TempDir()
	cfg := Config{VaultDir: filepath.Join(dir, "vault"), Clock: clock.Fixed(benchNow),
		Keyring: NewMemoryKeyring(), ScryptLog2: 10}
	passFile := filepath.Join(dir, "pass")
	if err := os.WriteFile(passFile, []byte(testPass+"\n"), 0o600); err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	s, err := Init(ctx, cfg, []byte(testPass))
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	p := demo.Generate(1, size, benchNow)
	if err := s.FillDemo(ctx, p); err != nil {
		tb.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(cfg.VaultDir, "record.age"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("built a %s vault (%d entries, record.age %.1f MiB) in %v", name, len(p.Items),
		float64(st.Size())/(1<<20), time.Since(start).Round(time.Millisecond))
	return &benchVault{cfg: cfg, passFile: passFile, size: size, recordBytes: st.Size()}
}

// open opens the vault for writing with the passphrase file, without the
// unlock's audit row being saved at once (as the command line does).
func (bv *benchVault) open(tb testing.TB) *Session {
	tb.Helper()
	s, err := Open(context.Background(), bv.cfg, Unlock{PassphraseFile: bv.passFile, DeferAudit: true}, ReadWrite)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func (bv *benchVault) String() string {
	return fmt.Sprintf("%s (record.age %d bytes)", bv.cfg.VaultDir, bv.recordBytes)
}
