package agent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/clock"
)

// RunConfig is what the agent process needs.
type RunConfig struct {
	// Dir is the folder of the agents' sockets (see Dir).
	Dir string
	// VaultDir is the vault folder whose key the agent holds.
	VaultDir string
	// For is how long the agent serves the key.
	For time.Duration
	// Key supplies the vault key (file descriptor 3 in the real process);
	// it is read to its end, then closed when it is an io.Closer.
	Key io.Reader
	// Ready is told "ok PID UNTIL" once the agent listens, or "error
	// MESSAGE" (descriptor 4). It is closed when it is an io.Closer.
	Ready io.Writer
	// Clock tells the time; nil is the system clock.
	Clock clock.Clock
	// Poll is passed to the server (see ServerConfig).
	Poll time.Duration
}

// Run is the agent process's work: read the key, listen on the vault's
// socket, report ready, answer until the time is up, a stop request comes or
// ctx ends, then clear the key and remove the socket.
func Run(ctx context.Context, cfg RunConfig) error {
	ready := func(format string, args ...any) {
		if cfg.Ready == nil {
			return
		}
		fmt.Fprintf(cfg.Ready, format, args...)
		if c, ok := cfg.Ready.(io.Closer); ok {
			c.Close()
		}
		cfg.Ready = nil
	}
	fail := func(err error) error {
		ready("error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return err
	}
	if !Supported {
		return fail(ErrUnsupported)
	}
	if cfg.Key == nil {
		return fail(errors.New("the unlock agent got no key"))
	}
	key, err := readKey(cfg.Key)
	if c, ok := cfg.Key.(io.Closer); ok {
		c.Close()
	}
	if err != nil {
		return fail(err)
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	id := ID(cfg.VaultDir)
	srv, err := NewServer(ServerConfig{ID: id, Key: key, Until: cfg.Clock.Now().Add(cfg.For), Clock: cfg.Clock,
		UID: os.Getuid(), PID: os.Getpid(), Poll: cfg.Poll})
	if err != nil {
		return fail(err)
	}
	defer srv.Stop()
	ln, closeLn, err := listen(cfg.Dir, id)
	if err != nil {
		return fail(err)
	}
	defer closeLn()
	ready("ok %d %s\n", os.Getpid(), srv.Until().UTC().Format(time.RFC3339))
	go func() {
		select {
		case <-ctx.Done():
			srv.Stop()
		case <-srv.Done():
		}
	}()
	return srv.Serve(ln)
}

// readKey reads the whole key, at most MaxKey bytes.
func readKey(r io.Reader) ([]byte, error) {
	buf := make([]byte, MaxKey+1)
	n, err := io.ReadFull(r, buf)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
	case err == nil:
		clear(buf)
		return nil, errors.New("the key handed to the unlock agent is too long")
	default:
		clear(buf)
		return nil, fmt.Errorf("read the key: %w (the agent is started by phr unlock, not by hand)", err)
	}
	key := buf[:n:n]
	clear(buf[n:])
	if !validKey(key) {
		clear(key)
		return nil, errors.New("the key handed to the unlock agent is not a phr vault key")
	}
	return key, nil
}

// errAgentRunning means another agent holds the vault's lock file.
var errAgentRunning = errors.New("another unlock agent is already running for this vault: phr lock stops it")

// listen makes the private folder, takes the vault's agent lock, replaces a
// stale socket and listens on a fresh one (mode 0600). The returned func
// closes the listener, removes the socket and drops the lock.
func listen(dir, id string) (net.Listener, func(), error) {
	sock, err := SocketPath(dir, id)
	if err != nil {
		return nil, nil, err
	}
	if err := ensureDir(dir); err != nil {
		return nil, nil, err
	}
	unlock, err := lockFile(filepath.Join(dir, id+".lock"))
	if err != nil {
		return nil, nil, err
	}
	// Holding the lock, any socket there is a dead agent's.
	if fi, err := os.Lstat(sock); err == nil {
		if fi.Mode()&fs.ModeSocket == 0 {
			unlock()
			return nil, nil, fmt.Errorf("%s is in the way of the unlock agent's socket and is not a socket: remove it", sock)
		}
		if err := os.Remove(sock); err != nil {
			unlock()
			return nil, nil, fmt.Errorf("remove the stale unlock agent socket: %w", err)
		}
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		unlock()
		return nil, nil, fmt.Errorf("listen on the unlock agent socket: %w", err)
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		unlock()
		return nil, nil, fmt.Errorf("make the unlock agent socket private: %w", err)
	}
	return ln, func() {
		ln.Close()
		// Usually already gone (the listener unlinks it); a socket left
		// behind is replaced by the next agent.
		_ = os.Remove(sock)
		unlock()
	}, nil
}
