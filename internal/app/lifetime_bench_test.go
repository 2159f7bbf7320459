package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/vault"
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
	flushDisks()
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

// BenchmarkLifetime measures the use cases on one lifetime record, built
// once for all of its parts (see benchSize):
//
//   - Open: vault.ReadRecord (decrypt, key derivation excluded) and
//     store.Load (deserialize and check), as opening does; Open/decrypt and
//     Open/deserialize are its two halves.
//   - SaveEdit: Session.Edit of one field of one entry, which commits the
//     change with its audit row and saves (serialize, encrypt, fsync, check,
//     rotate backups, rename, folder fsync). The attachments are separate
//     files and are not rewritten. Before each edit the timer stops while
//     the machine's dirty pages are written out (sync(2)) and its cores
//     fall idle (settleMachine), as between a person's edits: each save
//     then finds the disk and the kernel idle, not still busy with the
//     71 MiB of the save before. SaveEdit/back-to-back times edits one
//     after another without that pause, where the disk's sustained write
//     speed and the kernel's work on the replaced files decide. Both report
//     the median edit and the slowest beside the mean. SaveEdit/serialize
//     and SaveEdit/write (after the same pause) are its two biggest parts;
//     SaveEdit/pagecache is the machine alone writing a new file of
//     record.age's size (see benchPageCache).
//   - ExportYear: Session.Export of the last year of entries of every
//     category to the demo carer, which also saves the record (the share is
//     audited).
//   - OpenPeakRSS: the most memory that opening takes, measured in a child
//     process (see TestOpenPeakRSSChild).
//   - Summary, Summary/pdf: the visit summary written as HTML or PDF (and
//     its audit row saved).
//   - Archive: phr archive of everything to the vault key;
//     Archive/tar+age is its baseline, the tar and age commands on the
//     same bytes (see benchTarAge).
func BenchmarkLifetime(b *testing.B) {
	bv := buildLifetimeVault(b)
	b.Run("Open", func(b *testing.B) { benchOpen(b, bv, true, true) })
	b.Run("Open/decrypt", func(b *testing.B) { benchOpen(b, bv, true, false) })
	b.Run("Open/deserialize", func(b *testing.B) { benchOpen(b, bv, false, true) })
	b.Run("SaveEdit", func(b *testing.B) { benchSaveEdit(b, bv, true) })
	b.Run("SaveEdit/back-to-back", func(b *testing.B) { benchSaveEdit(b, bv, false) })
	b.Run("SaveEdit/serialize", func(b *testing.B) { benchSaveParts(b, bv, false) })
	b.Run("SaveEdit/write", func(b *testing.B) { benchSaveParts(b, bv, true) })
	b.Run("SaveEdit/pagecache", func(b *testing.B) { benchPageCache(b, bv) })
	b.Run("ExportYear", func(b *testing.B) { benchExportYear(b, bv) })
	b.Run("OpenPeakRSS", func(b *testing.B) { benchOpenPeakRSS(b, bv) })
	b.Run("Summary", func(b *testing.B) { benchSummary(b, bv, FormatHTML) })
	b.Run("Summary/pdf", func(b *testing.B) { benchSummary(b, bv, FormatPDF) })
	b.Run("Archive", func(b *testing.B) { benchArchive(b, bv) })
	b.Run("Archive/tar+age", func(b *testing.B) { benchTarAge(b, bv) })
}

// unlockedVault opens the benchmark vault's folder and unlocks it (the key
// derivation is done here, outside any timing).
func (bv *benchVault) unlockedVault(b *testing.B) *vault.Vault {
	b.Helper()
	v, err := vault.Open(bv.cfg.VaultDir, bv.cfg.vaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { v.Close() })
	if err := v.UnlockPassphrase([]byte(testPass)); err != nil {
		b.Fatal(err)
	}
	return v
}

// benchOpen times decrypting record.age, deserializing it, or both.
func benchOpen(b *testing.B, bv *benchVault, decrypt, deserialize bool) {
	ctx := context.Background()
	v := bv.unlockedVault(b)
	plain, err := v.ReadRecord()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		p := plain
		if decrypt {
			if p, err = v.ReadRecord(); err != nil {
				b.Fatal(err)
			}
		}
		if deserialize {
			st, err := store.Load(ctx, p)
			if err != nil {
				b.Fatal(err)
			}
			st.Close()
		}
		if decrypt {
			clear(p)
		}
	}
}

// benchSaveEdit times a one-field edit and its save; with settle, after
// the disk has written out everything before it.
func benchSaveEdit(b *testing.B, bv *benchVault, settle bool) {
	ctx := context.Background()
	s := bv.open(b)
	defer s.Close()
	list, err := s.List(ctx, store.Filter{Categories: []record.Category{record.Condition}, Limit: 1})
	if err != nil || len(list) == 0 {
		b.Fatalf("no condition to edit: %v", err)
	}
	e := list[0]
	var each opTimes
	for i := 0; b.Loop(); i++ {
		if settle {
			b.StopTimer()
			settleMachine()
			b.StartTimer()
		}
		e.Notes = fmt.Sprintf("reviewed with the GP, visit %d", i)
		start := time.Now()
		if err := s.Edit(ctx, &e, nil); err != nil {
			b.Fatal(err)
		}
		each = append(each, time.Since(start))
	}
	each.report(b)
}

// opTimes are the times of a benchmark's operations one by one.
type opTimes []time.Duration

// report adds the median operation and the slowest (p50-ms, max-ms) to
// the benchmark's mean time: on a virtual machine a save now and then
// pays for memory the host must first hand back (see benchPageCache), and
// the mean alone does not tell that from a slow save.
func (t opTimes) report(b *testing.B) {
	if len(t) == 0 {
		return
	}
	s := slices.Clone(t)
	slices.Sort(s)
	b.ReportMetric(float64(s[len(s)/2])/1e6, "p50-ms")
	b.ReportMetric(float64(s[len(s)-1])/1e6, "max-ms")
}

// benchPageCache times what the machine alone takes to put a record's worth
// of new data into the page cache, after the same pause as SaveEdit: writing
// as many bytes as record.age has (in the save's 256 KiB writes) to a new
// file in the vault folder, then closing it; the file is removed untimed.
// Every save writes a new record.age this size. On a virtual machine whose
// host takes back the guest's free memory (virtio-balloon free page
// reporting), the first write to pages it took back waits for the host, and
// this shows how much of a slow save that was.
func benchPageCache(b *testing.B, bv *benchVault) {
	buf := make([]byte, 256<<10)
	for i := range buf {
		buf[i] = byte(i)
	}
	size := bv.recordBytes
	b.SetBytes(size)
	var each opTimes
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		settleMachine()
		name := filepath.Join(bv.cfg.VaultDir, fmt.Sprintf("pagecache-%d.tmp", i))
		b.StartTimer()
		start := time.Now()
		f, err := os.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		for n := int64(0); n < size; n += int64(len(buf)) {
			if _, err := f.Write(buf[:min(int64(len(buf)), size-n)]); err != nil {
				b.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		each = append(each, time.Since(start))
		b.StopTimer()
		if err := os.Remove(name); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	each.report(b)
}

// benchSaveParts times the two halves of a save: serializing the database,
// or writing the serialized bytes with vault.WriteRecord.
func benchSaveParts(b *testing.B, bv *benchVault, write bool) {
	ctx := context.Background()
	s := bv.open(b)
	defer s.Close()
	plain, err := s.st.Serialize(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer clear(plain)
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		if write {
			b.StopTimer()
			settleMachine()
			b.StartTimer()
			if err := s.v.WriteRecord(plain); err != nil {
				b.Fatal(err)
			}
			continue
		}
		// What a save does to get the bytes: borrow SQLite's own block.
		if err := s.st.WithSerialized(ctx, func([]byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	// The size saved, so that age's baseline can be measured on as many
	// bytes (cmd/phr-bench reads it; reported after the loop, which resets
	// the metrics).
	b.ReportMetric(float64(len(plain))/(1<<20), "db-MiB")
}

// benchExportYear times sharing the last year of every category.
func benchExportYear(b *testing.B, bv *benchVault) {
	ctx := context.Background()
	s := bv.open(b)
	defer s.Close()
	carers, err := s.Carers(ctx)
	if err != nil || len(carers) == 0 {
		b.Fatalf("no carer: %v", err)
	}
	out := filepath.Join(b.TempDir(), "year.age")
	// Force: each run replaces the extract the one before wrote.
	req := ExportRequest{To: carers[0].Name, IncludeSensitive: true, Out: out, Expires: "7d", Force: true,
		Selection: share.Selection{Categories: record.Categories(),
			Since: benchNow.AddDate(-1, 0, 0).Format("2006-01-02"), Until: benchNow.Format("2006-01-02")}}
	var entries int
	for b.Loop() {
		res, err := s.Export(ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		entries = res.Entries
	}
	b.ReportMetric(float64(entries), "entries")
}

// Environment of the child process that TestOpenPeakRSSChild runs in.
const (
	envPeakVault = "PHR_BENCH_PEAK_VAULT"
	peakPrefix   = "PHR_PEAK "
)

// benchOpenPeakRSS runs TestOpenPeakRSSChild in a child process, which
// opens the record once, and reports the child's peak resident memory
// beyond what it held before opening, beside the target of twice the
// database's size plus 64 MiB.
func benchOpenPeakRSS(b *testing.B, bv *benchVault) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc/self/status")
	}
	var peak, limit, heap, db float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOpenPeakRSSChild$", "-test.v")
		cmd.Env = append(os.Environ(), envPeakVault+"="+bv.cfg.VaultDir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		var dbBytes, rss0, hwm, heapSys int64
		for _, line := range strings.Split(string(out), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), peakPrefix); ok {
				fmt.Sscanf(rest, "db=%d rss0=%d hwm=%d heapsys=%d", &dbBytes, &rss0, &hwm, &heapSys)
			}
		}
		if hwm == 0 {
			b.Fatalf("child printed no measurement:\n%s", out)
		}
		peak = max(peak, float64(hwm-rss0)/(1<<20))
		heap = max(heap, float64(heapSys)/(1<<20))
		db = float64(dbBytes) / (1 << 20)
		limit = 2*db + 64
	}
	b.ReportMetric(peak, "peak-MiB")
	b.ReportMetric(limit, "limit-MiB")
	b.ReportMetric(db, "db-MiB")
	b.ReportMetric(heap, "heapsys-MiB")
}

// TestOpenPeakRSSChild is the child process of BenchmarkLifetime/OpenPeakRSS;
// without its environment variable it does nothing. It unlocks the vault,
// resets the kernel's peak-memory mark, opens the record (ReadRecord, then
// store.Load, as Open does) and prints the database size, the resident
// memory before opening and the peak after, in bytes.
func TestOpenPeakRSSChild(t *testing.T) {
	dir := os.Getenv(envPeakVault)
	if dir == "" {
		t.Skip("child of BenchmarkLifetime/OpenPeakRSS")
	}
	v, err := vault.Open(dir, vault.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.UnlockPassphrase([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	// Writing 5 to clear_refs resets VmHWM to the current VmRSS.
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Fatal(err)
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	rss0 := procStatusBytes(t, "VmRSS")
	plain, err := v.ReadRecord()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Load(context.Background(), plain)
	if err != nil {
		t.Fatal(err)
	}
	n := len(plain)
	clear(plain)
	hwm := procStatusBytes(t, "VmHWM")
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	st.Close()
	fmt.Printf("%sdb=%d rss0=%d hwm=%d heapsys=%d\n", peakPrefix, n, rss0, hwm, after.HeapSys-before.HeapSys)
}

// procStatusBytes reads one "kB" field of /proc/self/status, in bytes.
func procStatusBytes(t *testing.T, field string) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}
