// Command phr-bench measures phr on this machine and prints one table: each
// figure, its baseline or target, and their ratio. It runs the Go
// benchmarks of internal/vault, internal/store, internal/app (and tui, when
// it has BenchmarkListKeypress) with `go test -bench`, then times 100 runs of
// the real `phr add` with a passphrase file, the system keyring and the
// unlock agent (phr unlock).
//
//	go run ./cmd/phr-bench                 # a lifetime record (several minutes)
//	go run ./cmd/phr-bench -size small     # a small record, as CI runs it
//	go run ./cmd/phr-bench -adds 0         # without the phr add runs
//	go run ./cmd/phr-bench -apple 1.5G       # only phr import of a generated
//	                                       # Apple Health export, its time
//	                                       # against a bare tokenizer pass
//	                                       # and its peak memory
//	go run ./cmd/phr-bench -gate internal/sensitive/testdata/eval
//	                                       # only the sensitive gate's recall
//	                                       # and precision on labelled sets
//
// It must run from inside the phr module. docs/BENCH.md explains every row.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// options are the command's flags.
type options struct {
	size      string
	benchtime string
	count     int
	adds      int
	keyring   string
	verbose   bool
	// gate lists labelled sets (files or folders, comma-separated) to
	// score the sensitive gate on instead of measuring speed.
	gate string
	// apple, when set, measures only the import of a generated Apple
	// Health export of this size ("1.5G").
	apple string
	// keyringChild is set when phr-bench runs itself inside a private
	// D-Bus session to time the keyring adds.
	keyringChild string
}

func main() {
	var o options
	flag.StringVar(&o.size, "size", "lifetime", "record size: lifetime (100,000 measurements, 200 MB of attachments) or small")
	flag.StringVar(&o.benchtime, "benchtime", "", "go test -benchtime for each benchmark (default 5x for lifetime, 1x for small)")
	flag.IntVar(&o.count, "count", 1, "go test -count; the median of the runs is shown")
	flag.IntVar(&o.adds, "adds", 100, "how many `phr add` commands to time with each unlock source (0: none)")
	flag.StringVar(&o.keyring, "keyring", "auto", "keyring adds: auto (when dbus-run-session and gnome-keyring-daemon exist), on, off")
	flag.BoolVar(&o.verbose, "v", false, "show the output of go test as it runs")
	flag.StringVar(&o.keyringChild, "keyring-child", "", "internal: time adds with the keyring for the vault in this folder")
	flag.StringVar(&o.gate, "gate", "", "score the sensitive gate on labelled JSON-lines sets (files or folders, comma-separated) and exit")
	flag.StringVar(&o.apple, "apple", "", "measure only `phr import` of a generated Apple Health export.xml of this `SIZE` (1.5G, 200M) against a bare tokenizer pass, and its peak memory")
	flag.Parse()
	if o.apple != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		if err := runApple(ctx, o.apple, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "phr-bench:", err)
			stop()
			os.Exit(1)
		}
		return
	}
	if o.gate != "" {
		if err := runGate(strings.Split(o.gate, ","), os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "phr-bench:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if o.keyringChild != "" {
		if err := keyringChild(ctx, o); err != nil {
			fmt.Fprintln(os.Stderr, "phr-bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "phr-bench:", err)
		os.Exit(1)
	}
}

// sizes maps -size to the environment the benchmarks read and the size of
// the record in MiB (the vault's open and save benchmarks use random bytes
// of that size, so that phr and age are compared on as many bytes as the
// record's). The size is what BenchmarkLifetime reports it saved, when it
// does; these are the fallbacks.
var sizes = map[string]struct {
	env string
	mib int
}{
	"lifetime": {"lifetime", 71},
	"small":    {"small", 1},
}

// suite is one go test run.
type suite struct {
	pkg, bench, benchtime string
}

// run measures everything and prints the table to w.
func run(ctx context.Context, o options, w io.Writer) error {
	sz, ok := sizes[o.size]
	if !ok {
		return fmt.Errorf("-size %q: want lifetime or small", o.size)
	}
	if o.benchtime == "" {
		o.benchtime = "5x"
		if o.size == "small" {
			o.benchtime = "1x"
		}
	}
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	// The record's own benchmarks run first, so that the vault's open and
	// save (phr beside age) are measured on as many bytes as the record's
	// database has when it is saved.
	suites := []suite{
		{"./internal/app", "^BenchmarkLifetime$", o.benchtime},
		{"./internal/vault", "^(BenchmarkOpen|BenchmarkSave|BenchmarkUnlock)$", o.benchtime},
		{"./internal/store", "^BenchmarkQueries$", o.benchtime},
		{"./internal/app", "^BenchmarkImportFHIR$", "1x"},
		{"./internal/archive", "^BenchmarkWrite$", o.benchtime},
	}
	if hasBenchmark(ctx, root, "./tui", "BenchmarkListKeypress") {
		suites = append(suites, suite{"./tui", "^BenchmarkListKeypress$", o.benchtime})
	}
	env := append(os.Environ(), "PHR_BENCH_SIZE="+sz.env, "PHR_BENCH_MB="+strconv.Itoa(sz.mib))
	res := results{}
	start := time.Now()
	for _, s := range suites {
		if s.pkg == "./internal/vault" {
			if db, ok := res.get("BenchmarkLifetime/SaveEdit/write", "db-MiB"); ok && db >= 1 {
				sz.mib = int(math.Round(db))
				env = append(env, "PHR_BENCH_MB="+strconv.Itoa(sz.mib))
			}
		}
		fmt.Fprintf(os.Stderr, "phr-bench: go test -bench %s %s (%s)\n", s.bench, s.pkg, time.Since(start).Round(time.Second))
		out, err := goTest(ctx, root, env, s, o)
		if err != nil {
			return err
		}
		res.parse(out)
	}
	var adds *addTimes
	if o.adds > 0 {
		fmt.Fprintf(os.Stderr, "phr-bench: %d phr add commands (%s)\n", o.adds, time.Since(start).Round(time.Second))
		if adds, err = timeAdds(ctx, root, o); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "phr-bench: %s record, %s, %d cores, Go %s, %s per benchmark, median of %d; %s\n\n",
		o.size, runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), strings.TrimPrefix(runtime.Version(), "go"),
		o.benchtime, o.count, time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	rows := buildRows(res, o.size, sz.mib, adds)
	printTable(w, rows)
	if missing := notRun(rows); len(missing) > 0 {
		return fmt.Errorf("%d figures were not measured (a benchmark was renamed, removed or failed): %s",
			len(missing), strings.Join(missing, "; "))
	}
	return nil
}

// moduleRoot returns the folder of the phr module that holds the working
// folder.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run phr-bench from inside the phr module")
	}
	b, err := os.ReadFile(mod)
	if err != nil || !bytes.Contains(b, []byte("module github.com/phrhealth/phr\n")) {
		return "", fmt.Errorf("%s is not phr's go.mod", mod)
	}
	return filepath.Dir(mod), nil
}

// hasBenchmark reports whether pkg has a benchmark of that name.
func hasBenchmark(ctx context.Context, root, pkg, name string) bool {
	cmd := exec.CommandContext(ctx, "go", "test", "-list", "^"+name+"$", pkg)
	cmd.Dir = root
	out, err := cmd.Output()
	return err == nil && bytes.Contains(out, []byte(name))
}

// goTest runs one suite and returns its output.
func goTest(ctx context.Context, root string, env []string, s suite, o options) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", s.bench, "-benchtime", s.benchtime,
		"-count", strconv.Itoa(o.count), "-timeout", "60m", s.pkg)
	cmd.Dir, cmd.Env = root, env
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if o.verbose {
		cmd.Stdout = io.MultiWriter(&buf, os.Stderr)
		cmd.Stderr = cmd.Stdout
	}
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go test -bench %s %s: %w\n%s", s.bench, s.pkg, err, buf.Bytes())
	}
	return buf.Bytes(), nil
}

// results holds every benchmark's measurements: name (without the -N
// suffix) to unit ("ns/op", "MB/s", "rows", ...) to the values of each run.
type results map[string]map[string][]float64

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.+)$`)

// parse reads go test -bench output.
func (r results) parse(out []byte) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if r[m[1]] == nil {
				r[m[1]] = map[string][]float64{}
			}
			r[m[1]][f[i+1]] = append(r[m[1]][f[i+1]], v)
		}
	}
}

// get returns the median of a benchmark's values in one unit.
func (r results) get(name, unit string) (float64, bool) {
	vs := slices.Clone(r[name][unit])
	if len(vs) == 0 {
		return 0, false
	}
	slices.Sort(vs)
	return vs[len(vs)/2], true
}

// max returns the largest of a benchmark's values of unit over the runs.
func (r results) max(name, unit string) (float64, bool) {
	vs := r[name][unit]
	if len(vs) == 0 {
		return 0, false
	}
	return slices.Max(vs), true
}

// ms returns a benchmark's median time per operation in milliseconds.
func (r results) ms(name string) (float64, bool) {
	ns, ok := r.get(name, "ns/op")
	return ns / 1e6, ok
}

// names returns the benchmarks' names in order.
func (r results) names() []string {
	out := make([]string, 0, len(r))
	for name := range r {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}
