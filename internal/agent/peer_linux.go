//go:build linux

package agent

import "golang.org/x/sys/unix"

// maxSocketPath is the size of sun_path, the terminating NUL included.
const maxSocketPath = 108

// peerUIDOf reads the peer's credentials with SO_PEERCRED.
func peerUIDOf(fd int) (int, error) {
	c, err := unix.GetsockoptUcred(fd, unix.SOL_SOCKET, unix.SO_PEERCRED)
	if err != nil {
		return 0, err
	}
	return int(c.Uid), nil
}
