package e2e

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/app"
)

var kills = flag.Int("phr.kills", 0, "SIGKILL runs for TestCrashDuringSaves (default 200 under PHR_E2E=1; PHR_CRASH_KILLS overrides)")

const pass = "correct-horse-lantern-meadow-violin"

func requireE2E(t *testing.T) {
	if os.Getenv("PHR_E2E") != "1" && *kills == 0 && os.Getenv("PHR_CRASH_KILLS") == "" {
		t.Skip("end-to-end crash test: set PHR_E2E=1 (or -phr.kills N) to run it")
	}
}

func buildPHR(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "phr")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/phr").CombinedOutput(); err != nil {
		t.Fatalf("build phr: %v\n%s", err, out)
	}
	return bin
}

// newVault makes a vault in-process with a low scrypt work factor. The work
// factor is recorded in identity.age, so the real binary, which has no test
// hooks, unlocks it in a millisecond and hundreds of kills fit in CI.
func newVault(t *testing.T) (dir, passFile string) {
	t.Helper()
	root := t.TempDir()
	dir = filepath.Join(root, "vault")
	s, err := app.Init(context.Background(), app.Config{VaultDir: dir, Keyring: app.NewMemoryKeyring(), ScryptLog2: 10}, []byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	passFile = filepath.Join(root, "pass.txt")
	if err := os.WriteFile(passFile, []byte(pass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, passFile
}

type runner struct {
	t              *testing.T
	bin, dir, pass string
}

func (r runner) cmd(args ...string) *exec.Cmd {
	c := exec.Command(r.bin, args...)
	home := filepath.Join(filepath.Dir(r.dir), "home")
	c.Env = append(os.Environ(), "PHR_VAULT="+r.dir, "PHR_PASSPHRASE_FILE="+r.pass, "HOME="+home,
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "PHR_PASSPHRASE_COMMAND=")
	return c
}

// titles lists the vault's entry titles; the vault must open.
func (r runner) titles() map[string]bool {
	r.t.Helper()
	out, err := r.cmd("list", "--json").Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		r.t.Fatalf("the vault does not open after a kill: %v %s", err, stderr)
	}
	var es []struct{ Title string }
	if err := json.Unmarshal(out, &es); err != nil {
		r.t.Fatalf("list --json: %v", err)
	}
	m := map[string]bool{}
	for _, e := range es {
		m[e.Title] = true
	}
	return m
}

func killCount() int {
	if v := os.Getenv("PHR_CRASH_KILLS"); v != "" {
		n, _ := strconv.Atoi(v)
		return n
	}
	if *kills > 0 {
		return *kills
	}
	return 200
}

// TestCrashDuringSaves kills phr add, edit and rm with SIGKILL at random
// moments. After every kill the vault opens and holds exactly the state
// before or after the interrupted change; a change reported done is never
// lost; the next writer removes the leftover temporary files.
func TestCrashDuringSaves(t *testing.T) {
	requireE2E(t)
	bin := buildPHR(t)
	dir, passFile := newVault(t)
	r := runner{t: t, bin: bin, dir: dir, pass: passFile}
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))

	// Measure how long one add takes, to spread the kills over it.
	start := time.Now()
	if out, err := r.cmd("add", "note", "--title", "warm-up").CombinedOutput(); err != nil {
		t.Fatalf("add: %v %s", err, out)
	}
	span := time.Since(start)
	want := r.titles()
	n := killCount()
	completed, killed, failures := 0, 0, 0
	for i := 0; i < n; i++ {
		title := fmt.Sprintf("entry-%d", i)
		c := r.cmd("add", "note", "--title", title, "--note", strings.Repeat("x", rng.IntN(4000)))
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(span) * 12 / 10)))
		c.Process.Signal(syscall.SIGKILL)
		err := c.Wait()
		got := r.titles()
		done := err == nil
		if done {
			completed++
			want[title] = true
		} else {
			killed++
		}
		// Exactly the state before, or before plus this entry.
		for k := range want {
			if !got[k] {
				failures++
				t.Errorf("run %d: %q was lost (done=%v)", i, k, done)
			}
		}
		for k := range got {
			if !want[k] && k != title {
				failures++
				t.Errorf("run %d: unexpected entry %q", i, k)
			}
		}
		if got[title] {
			want[title] = true
		}
	}
	// The next writer sweeps the temporary files of the killed ones.
	if out, err := r.cmd("add", "note", "--title", "after").CombinedOutput(); err != nil {
		t.Fatalf("add after the kills: %v %s", err, out)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".phr-*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left after the next save: %v", left)
	}
	t.Logf("%d runs: %d killed mid-way, %d completed, %d failures; one add takes about %v", n, killed, completed, failures, span)
}

// TestManyWriters starts many phr add at once: each succeeds or is refused
// at once with exit 6 naming the other process, and every success is kept.
func TestManyWriters(t *testing.T) {
	requireE2E(t)
	bin := buildPHR(t)
	dir, passFile := newVault(t)
	r := runner{t: t, bin: bin, dir: dir, pass: passFile}
	const n = 24
	type result struct {
		title string
		code  int
		err   string
		took  time.Duration
	}
	results := make(chan result, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			title := fmt.Sprintf("writer-%d", i)
			start := time.Now()
			out, err := r.cmd("add", "note", "--title", title).CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			results <- result{title, code, string(out), time.Since(start)}
		}(i)
	}
	ok, busy := map[string]bool{}, 0
	for i := 0; i < n; i++ {
		res := <-results
		switch res.code {
		case 0:
			ok[res.title] = true
		case 6:
			busy++
			if !strings.Contains(res.err, "pid") || res.took > 5*time.Second {
				t.Errorf("a refused writer should say which process holds the vault, at once: %q after %v", res.err, res.took)
			}
		default:
			t.Errorf("writer %s: exit %d: %s", res.title, res.code, res.err)
		}
	}
	got := r.titles()
	for title := range ok {
		if !got[title] {
			t.Errorf("%s reported success but is missing", title)
		}
	}
	t.Logf("%d writers: %d succeeded, %d refused with exit 6", n, len(ok), busy)
}
