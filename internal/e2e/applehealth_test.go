package e2e

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/applehealth"
)

// readBytes is how many bytes process pid has read (Linux /proc/PID/io).
func readBytes(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/io")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "rchar: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return -1
}

// TestInterruptAppleHealthImport: Ctrl-C (SIGINT) while phr import reads a
// large Apple Health export stops it with a one-line message, and the
// vault folder is exactly as it was.
func TestInterruptAppleHealthImport(t *testing.T) {
	requireE2E(t)
	if _, err := os.Stat("/proc/self/io"); err != nil {
		t.Skip("needs /proc/PID/io to see the import reading")
	}
	r := newRunner(t)
	p := filepath.Join(t.TempDir(), "export.xml")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := applehealth.Generate(f, applehealth.GenOptions{TargetBytes: 96 << 20, HeartRate: 1500, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	before := snapshot(t, r.dir)
	c := r.cmd("import", p)
	var out, errb strings.Builder
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	// Wait until it has read 4 MiB of the export, then interrupt.
	deadline := time.Now().Add(60 * time.Second)
	for readBytes(c.Process.Pid) < 4<<20 {
		if time.Now().After(deadline) {
			t.Fatal("the import never started reading")
		}
		select {
		case err := <-done:
			t.Fatalf("the import ended before it was interrupted: %v %s %s", err, out.String(), errb.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	c.Process.Signal(syscall.SIGINT)
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		c.Process.Kill()
		t.Fatal("the import did not stop after SIGINT")
	}
	if c.ProcessState.ExitCode() == 0 {
		t.Fatalf("the import finished despite SIGINT (make the export larger): %s", out.String())
	}
	msg := strings.TrimSpace(errb.String())
	if !strings.Contains(msg, "interrupted; nothing was imported") || strings.Count(msg, "\n") > 0 {
		t.Errorf("stderr: %q", msg)
	}
	// The lock file is touched by every command that opens the vault.
	for _, d := range diffSnapshots(before, snapshot(t, r.dir)) {
		if d != "mtime of "+filepath.Join(r.dir, "lock")+" changed" {
			t.Errorf("the vault changed: %s", d)
		}
	}
}
