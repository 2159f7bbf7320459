package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSaveOrderUnderStrace watches the real binary's system calls during
// phr add (and an edit and an rm): the temporary file is fsynced before it
// is renamed over record.age, and the folder is fsynced after the rename.
// The same order is asserted in-process through the vault's FS interface
// (internal/vault TestSaveOrder); this checks the program as shipped.
func TestSaveOrderUnderStrace(t *testing.T) {
	requireE2E(t)
	strace, err := exec.LookPath("strace")
	if err != nil {
		if os.Getenv("PHR_E2E") == "1" {
			t.Fatal("strace is not installed (apt-get install strace; .ci/fuzz installs it)")
		}
		t.Skip("strace is not installed")
	}
	r := newRunner(t)
	r.must("add", "note", "--title", "first")
	id := r.entries()["first"]
	for _, args := range [][]string{
		{"add", "note", "--title", "second"},
		{"edit", id, "--title", "first, edited"},
		{"rm", id},
	} {
		t.Run(args[0], func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "strace.log")
			c := r.cmd(args...)
			c.Args = append([]string{strace, "-f", "-y", "-o", log, "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,linkat"}, c.Args...)
			c.Path = strace
			if res := runCmd(t, c); res.code != 0 {
				t.Fatalf("strace phr %v: exit %d: %s", args, res.code, res.stderr)
			}
			b, err := os.ReadFile(log)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range checkSaveOrder(r.dir, string(b)) {
				t.Error(p)
			}
		})
	}
}

var (
	fsyncRe  = regexp.MustCompile(`^(?:\d+ +)?f(?:data)?sync\(\d+<([^>]*)>\) += (-?\d+)`)
	renameRe = regexp.MustCompile(`^(?:\d+ +)?rename(?:at2?)?\((?:[^,]*, )?"([^"]*)", (?:[^,]*, )?"([^"]*)"`)
)

// checkSaveOrder reads an strace log: for every rename of a temporary file
// over record.age, that file was fsynced (successfully) before, and the
// vault folder is fsynced after.
func checkSaveOrder(dir, log string) (problems []string) {
	synced := map[string]bool{}
	renames := 0
	pendingDirSync := false
	for _, line := range strings.Split(log, "\n") {
		if m := fsyncRe.FindStringSubmatch(line); m != nil {
			if m[2] == "0" {
				synced[m[1]] = true
				if m[1] == dir {
					pendingDirSync = false
				}
			}
			continue
		}
		m := renameRe.FindStringSubmatch(line)
		if m == nil || filepath.Base(m[2]) != "record.age" {
			continue
		}
		renames++
		src := m[1]
		if !filepath.IsAbs(src) {
			src = filepath.Join(dir, src)
		}
		if !strings.HasPrefix(filepath.Base(src), ".phr-") {
			problems = append(problems, fmt.Sprintf("record.age replaced by %s, not a temporary file: %s", src, line))
		}
		if !synced[src] {
			problems = append(problems, fmt.Sprintf("%s renamed over record.age without a successful fsync before:\n%s", src, log))
		}
		pendingDirSync = true
	}
	if renames == 0 {
		problems = append(problems, "no rename over record.age in the trace:\n"+log)
	}
	if pendingDirSync {
		problems = append(problems, fmt.Sprintf("the folder %s was not fsynced after the last rename over record.age:\n%s", dir, log))
	}
	return problems
}

// TestCheckSaveOrderCatches shows the strace check fails on a bad order.
func TestCheckSaveOrderCatches(t *testing.T) {
	good := `101 fsync(7</v/.phr-1.tmp>) = 0
101 renameat(AT_FDCWD, "/v/.phr-1.tmp", AT_FDCWD, "/v/record.age") = 0
101 fsync(8</v>) = 0
`
	bad := map[string]string{
		"no fsync of the temporary file": `101 renameat(AT_FDCWD, "/v/.phr-1.tmp", AT_FDCWD, "/v/record.age") = 0
101 fsync(8</v>) = 0
`,
		"a failed fsync": `101 fsync(7</v/.phr-1.tmp>) = -1 EIO (Input/output error)
101 renameat(AT_FDCWD, "/v/.phr-1.tmp", AT_FDCWD, "/v/record.age") = 0
101 fsync(8</v>) = 0
`,
		"no fsync of the folder after": `101 fsync(8</v>) = 0
101 fsync(7</v/.phr-1.tmp>) = 0
101 renameat(AT_FDCWD, "/v/.phr-1.tmp", AT_FDCWD, "/v/record.age") = 0
`,
	}
	if p := checkSaveOrder("/v", good); len(p) > 0 {
		t.Errorf("a good trace refused: %v", p)
	}
	for name, log := range bad {
		if len(checkSaveOrder("/v", log)) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}
