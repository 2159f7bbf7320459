package main

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/phrhealth/phr/internal/applehealth"
)

// appleMaxRSS is the bound on the import's peak memory, in MiB.
const appleMaxRSS = 300

// parseSize reads "1.5G", "200M", "64MiB" as bytes.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "IB"), "B")
	mult := float64(1)
	switch {
	case strings.HasSuffix(t, "G"):
		mult, t = 1<<30, strings.TrimSuffix(t, "G")
	case strings.HasSuffix(t, "M"):
		mult, t = 1<<20, strings.TrimSuffix(t, "M")
	case strings.HasSuffix(t, "K"):
		mult, t = 1<<10, strings.TrimSuffix(t, "K")
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("-apple %q: give a size such as 1.5G or 200M", s)
	}
	return int64(f * mult), nil
}

// runApple generates an Apple Health export.xml of the given size in a
// temporary folder (removed afterwards), times a bare pass of Go's XML
// tokenizer over it, then the real `phr import` of it into a new vault,
// with the import's peak memory (its maximum resident set), and prints
// the rows for docs/BENCH.md.
func runApple(ctx context.Context, size string, w io.Writer) error {
	target, err := parseSize(size)
	if err != nil {
		return err
	}
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "phr-bench-apple-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "phr")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/phr")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/phr: %w\n%s", err, out)
	}
	xmlPath := filepath.Join(tmp, "export.xml")
	fmt.Fprintf(os.Stderr, "phr-bench: writing a %s export.xml\n", size)
	start := time.Now()
	f, err := os.Create(xmlPath)
	if err != nil {
		return err
	}
	st, err := applehealth.Generate(f, applehealth.GenOptions{TargetBytes: target, HeartRate: 1500, Seed: 1})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	gen := time.Since(start)

	fmt.Fprintf(os.Stderr, "phr-bench: a bare tokenizer pass\n")
	bare, tokens, err := tokenizeFile(ctx, xmlPath)
	if err != nil {
		return err
	}

	if err := os.WriteFile(filepath.Join(tmp, "pass"), []byte(benchPassphrase+"\n"), 0o600); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(tmp, "home"), 0o700); err != nil {
		return err
	}
	env := addEnv(tmp)
	if err := runPhr(ctx, bin, env, "init", "--passphrase-file", filepath.Join(tmp, "pass")); err != nil {
		return err
	}
	// The import is measured with the unlock agent holding the vault key:
	// unlocking with the passphrase is age's scrypt, 256 MiB and seconds
	// of its own whatever is imported (docs/BENCH.md).
	run, err := os.MkdirTemp("", "phrb")
	if err != nil {
		return err
	}
	defer os.RemoveAll(run)
	env = append(env, "XDG_RUNTIME_DIR="+run)
	if err := runPhr(ctx, bin, env, "unlock", "--for", "1h", "--passphrase-file", filepath.Join(tmp, "pass")); err != nil {
		return err
	}
	defer runPhr(context.Background(), bin, env, "lock")
	fmt.Fprintf(os.Stderr, "phr-bench: phr import export.xml\n")
	cmd := exec.CommandContext(ctx, bin, "import", xmlPath, "--json")
	cmd.Env = env
	start = time.Now()
	out, err := cmd.Output()
	took := time.Since(start)
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("phr import: %w\n%s", err, ee.Stderr)
		}
		return fmt.Errorf("phr import: %w", err)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) << 10 // kilobytes on Linux
		if runtime.GOOS == "darwin" {
			rss = int64(ru.Maxrss)
		}
	}
	var rep struct {
		Files []struct {
			Added       map[string]int `json:"added"`
			AppleHealth *struct {
				Samples  int64 `json:"samples"`
				Readings int   `json:"readings"`
			} `json:"apple_health"`
		} `json:"files"`
	}
	if err := json.Unmarshal(out, &rep); err != nil || len(rep.Files) == 0 || rep.Files[0].AppleHealth == nil {
		return fmt.Errorf("phr import --json: %v\n%s", err, out)
	}
	added := 0
	for _, n := range rep.Files[0].Added {
		added += n
	}
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	fmt.Fprintf(w, "phr-bench -apple %s: %s/%s, %d cores, Go %s, load average %s; %s\n\n", size, runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), strings.TrimPrefix(runtime.Version(), "go"), load, time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	mib := float64(st.Bytes) / (1 << 20)
	rows := []row{
		{figure: "generated export.xml", measured: fmt.Sprintf("%.0f MiB, %d samples over %d days (%.0f s to write)", mib, st.Records, st.Days, gen.Seconds())},
		{figure: "bare tokenizer pass (encoding/xml RawToken)", measured: fmt.Sprintf("%.1f s (%.1f MiB/s, %d tokens)", bare.Seconds(), mib/bare.Seconds(), tokens)},
		{figure: "phr import export.xml (read, sum up, save)", measured: fmt.Sprintf("%.1f s: %d samples into %d readings, %d entries added", took.Seconds(),
			rep.Files[0].AppleHealth.Samples, rep.Files[0].AppleHealth.Readings, added),
			against: fmt.Sprintf("≤ 3 × the bare pass (%.1f s)", 3*bare.Seconds()), ratio: took.Seconds() / bare.Seconds(), limit: 3},
		{figure: "phr import peak memory (maximum resident set)", measured: fmt.Sprintf("%.0f MiB", float64(rss)/(1<<20)),
			against: fmt.Sprintf("≤ %d MiB", appleMaxRSS), ratio: float64(rss) / (1 << 20) / appleMaxRSS, limit: 1},
	}
	printTable(w, rows)
	for _, r := range rows {
		if r.limit > 0 && r.ratio > r.limit {
			return fmt.Errorf("%s: %s is beyond its target (%s)", r.figure, r.measured, r.against)
		}
	}
	return nil
}

// tokenizeFile times Go's XML tokenizer alone over a file.
func tokenizeFile(ctx context.Context, p string) (time.Duration, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	start := time.Now()
	d := xml.NewDecoder(bufio.NewReaderSize(f, 256<<10))
	var n int64
	for {
		_, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return time.Since(start), n, nil
		}
		if err != nil {
			return 0, n, fmt.Errorf("tokenizer: %w", err)
		}
		n++
		if n%1_000_000 == 0 && ctx.Err() != nil {
			return 0, n, ctx.Err()
		}
	}
}
