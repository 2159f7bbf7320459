package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadOnlyMedia puts a vault on a file system mounted read-only (a
// write-protected backup disk; issue 16, item 7): list, show, search, audit
// and doctor work, each read warns that it is not in the audit log, and a
// change fails with exit 1 saying the vault is on read-only media. Before,
// every command failed taking the write lock.
func TestReadOnlyMedia(t *testing.T) {
	requireE2E(t)
	disk := mountTmpfs(t, "4m")
	work := t.TempDir()
	dir, passFile := newVaultIn(t, work, filepath.Join(disk, "vault"))
	r := runner{t: t, bin: buildPHR(t), dir: dir, pass: passFile}
	r.must("add", "note", "--title", "on the backup disk", "--note", "kept safe")
	out := r.must("list", "--json")
	id := out[strings.Index(out, `"id": "`)+7:][:10]
	if o, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, o)
	}
	t.Cleanup(func() { exec.Command("mount", "-o", "remount,rw", disk).Run() })
	snap := snapshot(t, dir)
	for _, args := range [][]string{{"list"}, {"show", id}, {"search", "kept"}, {"audit"}, {"audit", "--verify"}} {
		res := r.run(args...)
		if res.code != 0 {
			t.Errorf("phr %s on read-only media: exit %d: %s", strings.Join(args, " "), res.code, res.stderr)
			continue
		}
		if !strings.Contains(res.stderr, "read-only media") || !strings.Contains(res.stderr, "not in the audit log") {
			t.Errorf("phr %s on read-only media does not say the access is unlogged: %q", strings.Join(args, " "), res.stderr)
		}
	}
	if res := r.run("list"); !strings.Contains(res.stdout, "on the backup disk") {
		t.Errorf("phr list on read-only media: %q", res.stdout)
	}
	if res := r.run("doctor"); res.code != 0 {
		t.Errorf("phr doctor on read-only media: exit %d: %s%s", res.code, res.stdout, res.stderr)
	}
	res := r.run("add", "note", "--title", "refused")
	if res.code != 1 || !strings.Contains(res.stderr, "read-only media") {
		t.Errorf("a change on read-only media: want exit 1 naming read-only media: exit %d: %s", res.code, res.stderr)
	}
	if d := diffSnapshots(snap, snapshot(t, dir)); len(d) > 0 {
		t.Errorf("read-only media changed: %v", d)
	}
}
