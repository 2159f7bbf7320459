//go:build linux || darwin

package agent

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// Supported reports whether this system has the unlock agent: Linux and
// macOS, whose Unix sockets tell the peer's user.
const Supported = true

// peerUID returns the user id of the process at the other end of conn.
func peerUID(conn net.Conn) (int, error) {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return 0, errors.New("not a Unix socket connection")
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return 0, fmt.Errorf("peer credentials: %w", err)
	}
	var uid int
	var uerr error
	if err := raw.Control(func(fd uintptr) { uid, uerr = peerUIDOf(int(fd)) }); err != nil {
		return 0, fmt.Errorf("peer credentials: %w", err)
	}
	if uerr != nil {
		return 0, fmt.Errorf("peer credentials: %w", uerr)
	}
	return uid, nil
}

// fileUID returns the owner of a file.
func fileUID(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// lockFile takes an exclusive lock on path for as long as the agent runs.
// The file stays (removing it would let two agents lock two files).
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the unlock agent's lock file: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errAgentRunning
		}
		return nil, fmt.Errorf("lock the unlock agent's lock file: %w", err)
	}
	return func() { f.Close() }, nil
}

// closeInheritedOnExec marks every descriptor of this process from 3 up
// close-on-exec. Go opens its own that way; this catches those inherited
// from whoever started phr, which the agent would otherwise hold open for
// its whole life (a pipe a caller waits on to reach its end, say). It is
// best effort: a descriptor that cannot be marked is left as it is.
func closeInheritedOnExec() {
	dir := "/proc/self/fd"
	if _, err := os.Stat(dir); err != nil {
		dir = "/dev/fd"
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || fd < 3 {
			continue
		}
		syscall.CloseOnExec(fd)
	}
}

// detach runs cmd in a session of its own, with no controlling terminal, so
// the agent outlives the command that started it and gets no terminal
// signals.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
