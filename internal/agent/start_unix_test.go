//go:build linux || darwin

package agent

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestStartHandsKeyThroughPipe starts a real agent process (this test
// binary, see TestMain) and checks that the key never appears in its
// command line or environment, that it runs in its own session, and that
// it answers and stops.
func TestStartHandsKeyThroughPipe(t *testing.T) {
	if !Supported {
		t.Skip("no agent on this system")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(shortDir(t), "phr")
	vault := "/some/vault"
	env := append(os.Environ(), "PHR_AGENT_TEST_CHILD=1", "PHR_AGENT_TEST_DIR="+dir, "PHR_AGENT_TEST_VAULT="+vault)
	// A descriptor inherited without close-on-exec, as a caller's pipe
	// would be: the agent must not hold it.
	var leak [2]int
	if err := syscall.Pipe(leak[:]); err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(leak[0])
	defer syscall.Close(leak[1])
	key := []byte(testKey)
	st, err := Start(context.Background(), Launch{Path: exe, Args: []string{exe, "-test.run=^$"}, Env: env}, key)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { killAgent(t, st.PID) })
	if time.Until(st.Until) < 50*time.Second {
		t.Errorf("until %v", st.Until)
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", st.PID)); err == nil && bytes.Contains(b, key) {
		t.Error("the key is on the agent's command line")
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", st.PID)); err == nil && bytes.Contains(b, key) {
		t.Error("the key is in the agent's environment")
	}
	if sid, err := unix.Getsid(st.PID); err == nil && sid != st.PID {
		t.Errorf("the agent's session is %d, want its own (%d)", sid, st.PID)
	}
	c := Client{Dir: dir, VaultDir: vault}
	got, _, err := c.Key(context.Background())
	if err != nil || string(got) != testKey {
		t.Fatalf("Key from the started agent: %q %v", got, err)
	}
	// Once ready, the agent holds no pipe: not the key's (read and closed),
	// not the ready one, not one it inherited.
	if fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", st.PID)); err == nil {
		for _, fd := range fds {
			if l, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", st.PID, fd.Name())); strings.HasPrefix(l, "pipe:") {
				t.Errorf("the agent holds descriptor %s -> %s", fd.Name(), l)
			}
		}
	}
	if _, err := c.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	waitGone(t, st.PID)
}

// killAgent makes sure no agent process outlives the test.
func killAgent(t *testing.T, pid int) {
	if alive(pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		waitGone(t, pid)
	}
}

// alive reports whether pid runs (a zombie waiting to be reaped does not).
func alive(pid int) bool {
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		_, rest, _ := strings.Cut(string(b), ") ")
		return !strings.HasPrefix(rest, "Z") && !strings.HasPrefix(rest, "X")
	}
	return syscall.Kill(pid, 0) == nil
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	for range 100 {
		if !alive(pid) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("agent process %d still runs", pid)
}

func TestStartReportsAgentFailure(t *testing.T) {
	if !Supported {
		t.Skip("no agent on this system")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// A socket folder that cannot be made: the agent says why and exits.
	file := filepath.Join(shortDir(t), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PHR_AGENT_TEST_CHILD=1", "PHR_AGENT_TEST_DIR="+filepath.Join(file, "phr"), "PHR_AGENT_TEST_VAULT=/v")
	_, err = Start(context.Background(), Launch{Path: exe, Args: []string{exe}, Env: env}, []byte(testKey))
	if err == nil || !strings.Contains(err.Error(), "folder") {
		t.Fatalf("Start with a bad folder: %v", err)
	}
	if _, err := exec.LookPath("true"); err == nil {
		_, err = Start(context.Background(), Launch{Path: "/bin/true", Args: []string{"true"}}, []byte(testKey))
		if err == nil || !strings.Contains(err.Error(), "stopped before it was ready") {
			t.Fatalf("Start of a program that exits: %v", err)
		}
	}
}
