//go:build !linux && !darwin

package agent

import (
	"io/fs"
	"net"
	"os/exec"
)

// Supported reports whether this system has the unlock agent. It does not:
// phr checks an agent's user through the Unix socket's peer credentials,
// which phr reads only on Linux and macOS.
const Supported = false

// maxSocketPath is the usual size of sun_path.
const maxSocketPath = 104

func peerUID(net.Conn) (int, error) { return 0, ErrUnsupported }

func fileUID(fs.FileInfo) (int, bool) { return 0, false }

func lockFile(string) (func(), error) { return nil, ErrUnsupported }

func detach(*exec.Cmd) {}

func closeInheritedOnExec() {}
