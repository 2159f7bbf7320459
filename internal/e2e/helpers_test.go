package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/testkit"
)

var (
	kills = flag.Int("phr.kills", 0, "SIGKILL runs for TestCrashDuringSaves (default 200 under PHR_E2E=1; PHR_CRASH_KILLS overrides)")
	long  = flag.Bool("phr.long", false, "run the end-to-end tests (as PHR_E2E=1 does)")
)

const pass = "correct-horse-lantern-meadow-violin"

// e2e reports whether the end-to-end tests were asked for.
func e2e() bool {
	return os.Getenv("PHR_E2E") == "1" || *long || *kills > 0 || os.Getenv("PHR_CRASH_KILLS") != ""
}

func requireE2E(t *testing.T) {
	t.Helper()
	if !e2e() {
		t.Skip("end-to-end test with the real phr binary: set PHR_E2E=1 (or pass -phr.long) to run it")
	}
}

// TestMain removes the binary built for the tests.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	testkit.RemoveBuilt()
	os.Exit(code)
}

// buildPHR builds ./cmd/phr once per test binary: the real program, with no
// test hooks.
func buildPHR(t *testing.T) string { return testkit.BuildPHR(t) }

// newVault makes a vault in-process with a low scrypt work factor. The work
// factor is recorded in identity.age, so the real binary, which has no test
// hooks, unlocks it in a few milliseconds and hundreds of kills fit in CI.
// (At the default 2^18 each command would spend about a second in scrypt.)
func newVault(t *testing.T) (dir, passFile string) {
	t.Helper()
	root := t.TempDir()
	return newVaultIn(t, root, filepath.Join(root, "vault"))
}

func newVaultIn(t *testing.T, root, dir string) (string, string) {
	t.Helper()
	s, err := app.Init(context.Background(), app.Config{VaultDir: dir, Keyring: app.NewMemoryKeyring(), ScryptLog2: 10}, []byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	passFile := filepath.Join(root, "pass.txt")
	if err := os.WriteFile(passFile, []byte(pass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, passFile
}

type runner struct {
	t              *testing.T
	bin, dir, pass string
	// home is $HOME for the commands; empty means next to the vault.
	home string
	// extraEnv is appended to the environment.
	extraEnv []string
}

func newRunner(t *testing.T) runner {
	dir, passFile := newVault(t)
	return runner{t: t, bin: buildPHR(t), dir: dir, pass: passFile}
}

func (r runner) homeDir() string {
	if r.home != "" {
		return r.home
	}
	return filepath.Join(filepath.Dir(r.dir), "home")
}

// cmd is a phr command on the runner's vault, with a passphrase file, its own
// $HOME, and no keyring daemon (DBUS_SESSION_BUS_ADDRESS points nowhere).
func (r runner) cmd(args ...string) *exec.Cmd {
	c := exec.Command(r.bin, args...)
	home := r.homeDir()
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PHR_") || strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "PHR_VAULT="+r.dir, "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(home, "no-bus"))
	if r.pass != "" {
		env = append(env, "PHR_PASSPHRASE_FILE="+r.pass)
	}
	c.Env = append(env, r.extraEnv...)
	return c
}

// result is what a finished command said.
type result struct {
	code           int
	stdout, stderr string
}

func (r runner) run(args ...string) result {
	r.t.Helper()
	return runCmd(r.t, r.cmd(args...))
}

func runCmd(t *testing.T, c *exec.Cmd) result {
	t.Helper()
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("run %v: %v", c.Args, err)
	}
	return result{code, out.String(), errb.String()}
}

// must runs a command that has to succeed.
func (r runner) must(args ...string) string {
	r.t.Helper()
	res := r.run(args...)
	if res.code != 0 {
		r.t.Fatalf("phr %s: exit %d: %s%s", strings.Join(args, " "), res.code, res.stdout, res.stderr)
	}
	return res.stdout
}

type listed struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// entries lists the vault's entries as title -> id; the vault must open.
func (r runner) entries() map[string]string {
	r.t.Helper()
	res := r.run("list", "--json")
	if res.code != 0 {
		r.t.Fatalf("the vault does not open: exit %d: %s", res.code, res.stderr)
	}
	var es []listed
	if err := json.Unmarshal([]byte(res.stdout), &es); err != nil {
		r.t.Fatalf("list --json: %v", err)
	}
	m := map[string]string{}
	for _, e := range es {
		if _, dup := m[e.Title]; dup {
			r.t.Fatalf("title %q twice in the vault", e.Title)
		}
		m[e.Title] = e.ID
	}
	return m
}

// titles returns the titles of an entries map, sorted.
func titles(m map[string]string) []string {
	var ts []string
	for k := range m {
		ts = append(ts, k)
	}
	sort.Strings(ts)
	return ts
}

func sameTitles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

// temps lists temporary files of saves in the vault folder and files/.
func temps(dir string) []string {
	a, _ := filepath.Glob(filepath.Join(dir, ".phr-*.tmp"))
	b, _ := filepath.Glob(filepath.Join(dir, "files", ".phr-*.tmp"))
	return append(a, b...)
}

// snapshot records every file and folder under the roots: mode,
// modification time and content, keyed by path.
func snapshot(t *testing.T, roots ...string) map[string]testkit.File {
	t.Helper()
	m := map[string]testkit.File{}
	for _, root := range roots {
		for rel, f := range testkit.Snapshot(t, root) {
			m[filepath.Join(root, rel)] = f
		}
	}
	return m
}

// diffSnapshots describes how after differs from before, folders' times
// included.
func diffSnapshots(before, after map[string]testkit.File) []string {
	return testkit.Diff(before, after, true)
}
