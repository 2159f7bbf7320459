package agent

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// Dir returns the folder that holds the agents' sockets:
// $XDG_RUNTIME_DIR/phr when that variable names an absolute folder, else
// phr-agent-UID in the system's temporary folder. getenv reads the
// environment (os.Getenv in the real program).
func Dir(getenv func(string) string) string {
	if d := getenv("XDG_RUNTIME_DIR"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "phr")
	}
	tmp := getenv("TMPDIR")
	if tmp == "" || !filepath.IsAbs(tmp) {
		tmp = os.TempDir()
	}
	return filepath.Join(tmp, "phr-agent-"+strconv.Itoa(os.Getuid()))
}

// SocketPath returns the socket of the agent for the vault ID id in dir.
// It fails when the path is too long for a Unix socket.
func SocketPath(dir, id string) (string, error) {
	p := filepath.Join(dir, id+".sock")
	if len(p) >= maxSocketPath {
		return "", fmt.Errorf("the unlock agent's socket path %s is %d bytes, longer than this system allows (%d): "+
			"set XDG_RUNTIME_DIR or TMPDIR to a shorter folder", p, len(p), maxSocketPath-1)
	}
	return p, nil
}

// ensureDir makes dir (mode 0700) if needed and checks that it is a real
// folder of this user, tightening its mode to 0700 if it is looser.
func ensureDir(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return fmt.Errorf("make the unlock agent's folder: %w", err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("make the unlock agent's folder: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("check the unlock agent's folder: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("the unlock agent's folder %s is not a folder (a link or a file): remove it", dir)
	}
	if uid, ok := fileUID(fi); !ok || uid != os.Getuid() {
		return fmt.Errorf("the unlock agent's folder %s belongs to another user: remove it, or set XDG_RUNTIME_DIR", dir)
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("make the unlock agent's folder private: %w", err)
		}
	}
	return nil
}
