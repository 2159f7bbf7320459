//go:build linux || darwin

package cli

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// stopAgents ends every unlock agent whose socket is in dir (a script's
// $XDG_RUNTIME_DIR/phr), so no agent outlives its test: a stop request
// first, then SIGKILL for one that does not go. It returns the pids it
// found still running after that, which should be none.
func stopAgents(dir string) []int {
	socks, _ := filepath.Glob(filepath.Join(dir, "*.sock"))
	var left []int
	for _, sock := range socks {
		id := strings.TrimSuffix(filepath.Base(sock), ".sock")
		pid := stopAgent(sock, id)
		if pid == 0 {
			continue
		}
		if !waitExit(pid) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			if !waitExit(pid) {
				left = append(left, pid)
			}
		}
	}
	return left
}

// stopAgent sends a stop request and returns the agent's pid (0 if none
// answered).
func stopAgent(sock, id string) int {
	conn, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return 0
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	fmt.Fprintf(conn, `{"v":1,"op":"stop","vault":%q}`+"\n", id)
	b := make([]byte, 512)
	n, _ := conn.Read(b)
	var pid int
	if _, after, ok := strings.Cut(string(b[:n]), `"pid":`); ok {
		fmt.Sscanf(after, "%d", &pid)
	}
	return pid
}

// waitExit waits up to two seconds for pid to end (a zombie counts as ended).
func waitExit(pid int) bool {
	for range 100 {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err == nil {
			_, rest, _ := strings.Cut(string(b), ") ")
			if strings.HasPrefix(rest, "Z") || strings.HasPrefix(rest, "X") {
				return true
			}
		} else if syscall.Kill(pid, 0) != nil {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}
