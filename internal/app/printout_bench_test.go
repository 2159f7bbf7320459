package app

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/archive"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/testkit"
)

// benchSummary times the visit summary of the lifetime record (the default
// selection, every sensitive entry included so the gate does not stop it)
// written to a file, with its audit row saved.
func benchSummary(b *testing.B, bv *benchVault, format string) {
	ctx := context.Background()
	s := bv.open(b)
	defer s.Close()
	out := filepath.Join(b.TempDir(), "summary."+format)
	var entries int
	for b.Loop() {
		res, err := s.Summary(ctx, SummaryRequest{IncludeSensitive: true, Format: format, Out: out, Force: true})
		if err != nil {
			b.Fatal(err)
		}
		entries = res.Entries
	}
	b.ReportMetric(float64(entries), "entries")
}

// benchArchive times phr archive of the whole lifetime record, with its 200
// MB of attachments, to the vault key; the bytes per second are the
// archive's.
func benchArchive(b *testing.B, bv *benchVault) {
	ctx := context.Background()
	s := bv.open(b)
	defer s.Close()
	out := filepath.Join(b.TempDir(), "archive.tar.age")
	var size int64
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		settleMachine()
		b.StartTimer()
		c0 := testkit.ProcessCPU(b)
		res, err := s.Archive(ctx, ArchiveRequest{Out: out, Force: true})
		cpu += testkit.ProcessCPU(b) - c0
		if err != nil {
			b.Fatal(err)
		}
		size = res.Size
	}
	b.SetBytes(size)
	b.ReportMetric(float64(size)/(1<<20), "archive-MiB")
	// On a shared machine the wall time says little; the CPU time of every
	// core is compared with tar's and age's.
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// benchTarAge is the archive's baseline: the tar and age commands on the
// same bytes, `tar -c` of the archive's files (written out untimed, in the
// benchmark's temporary folder: the demo patient is synthetic) piped to
// `age -e` to the vault key. It needs tar and age 1.3 on PATH.
func benchTarAge(b *testing.B, bv *benchVault) {
	for _, tool := range []string{"tar", "age", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("the baseline needs %s on PATH (.ci/run installs age): %v", tool, err)
		}
	}
	ctx := context.Background()
	s := bv.open(b)
	dir := b.TempDir()
	plainTar := filepath.Join(dir, "plain.tar")
	f, err := os.Create(plainTar)
	if err != nil {
		b.Fatal(err)
	}
	st, _ := s.db()
	profile, _ := s.Profile(ctx)
	attached, err := archiveFiles(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	list := func() ([]record.Entry, error) { return st.List(ctx, store.Filter{Oldest: true}) }
	carers, _ := st.Carers(ctx)
	rows, _ := audit.List(ctx, st.Querier())
	if _, err := archive.Write(f, archive.Params{Profile: profile, Entries: list, Attachments: attached, Carers: carers, Audit: rows,
		Made: benchNow, Open: func(id string) (io.ReadCloser, error) { return s.v.OpenAttachment(id) }}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	key := filepath.Join(dir, "vault-key.txt")
	if err := os.WriteFile(key, []byte(s.v.IdentityString()), 0o600); err != nil {
		b.Fatal(err)
	}
	s.Close()
	files := filepath.Join(dir, "files")
	if err := os.Mkdir(files, 0o700); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("tar", "-x", "-f", plainTar, "-C", files).CombinedOutput(); err != nil {
		b.Fatalf("tar -x: %v\n%s", err, out)
	}
	os.Remove(plainTar)
	out := filepath.Join(dir, "baseline.tar.age")
	var size int64
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		settleMachine()
		b.StartTimer()
		cmd := exec.Command("sh", "-c", `tar -c -f - -C "$1" . | age -e -i "$2" -o "$3"`, "-", files, key, out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("tar | age: %v\n%s", err, msg)
		}
		// The shell's times include tar's and age's, which it waited for.
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if st, err := os.Stat(out); err == nil {
			size = st.Size()
		}
	}
	b.SetBytes(size)
	b.ReportMetric(float64(size)/(1<<20), "archive-MiB")
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
