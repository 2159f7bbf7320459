package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Launch says how to start an agent process.
type Launch struct {
	// Path is the program; Args its arguments, argv[0] included. The
	// program must end up calling Run with file descriptor 3 as Key and 4
	// as Ready.
	Path string
	Args []string
	// Env is the process's environment; nil inherits this one.
	Env []string
	// ReadyTimeout bounds the wait for the agent to listen; 0 means 15 s.
	ReadyTimeout time.Duration
}

// Started is what a newly started agent reports.
type Started struct {
	PID   int
	Until time.Time
}

// Start starts the agent process described by l, writes key to it through
// a pipe on its file descriptor 3 (never its arguments or environment), and
// waits until it reports on descriptor 4 that it listens. The agent runs in
// a session of its own with stdin, stdout and stderr on the null device.
// key is not cleared; the caller does that. Descriptors this process
// inherited are marked close-on-exec first, so the agent holds none of them.
func Start(ctx context.Context, l Launch, key []byte) (Started, error) {
	if !Supported {
		return Started{}, ErrUnsupported
	}
	if !validKey(key) {
		return Started{}, errors.New("start the unlock agent: the key is not a phr vault key")
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return Started{}, fmt.Errorf("start the unlock agent: %w", err)
	}
	defer devnull.Close()
	keyR, keyW, err := os.Pipe()
	if err != nil {
		return Started{}, fmt.Errorf("start the unlock agent: %w", err)
	}
	defer keyW.Close()
	readyR, readyW, err := os.Pipe()
	if err != nil {
		keyR.Close()
		return Started{}, fmt.Errorf("start the unlock agent: %w", err)
	}
	defer readyR.Close()
	closeInheritedOnExec()
	cmd := exec.Command(l.Path)
	cmd.Args = l.Args
	cmd.Env = l.Env
	cmd.Dir = "/"
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devnull, devnull, devnull
	cmd.ExtraFiles = []*os.File{keyR, readyW}
	detach(cmd)
	err = cmd.Start()
	keyR.Close()
	readyW.Close()
	if err != nil {
		return Started{}, fmt.Errorf("start the unlock agent: %w", err)
	}
	// Reap the agent if it exits while this process still runs.
	waited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(waited) }()
	fail := func(err error) (Started, error) {
		_ = cmd.Process.Kill()
		<-waited
		return Started{}, err
	}
	// A write error (the agent exited early) is reported only if the agent
	// says nothing better on its ready pipe.
	_, writeErr := keyW.Write(key)
	keyW.Close()
	wait := l.ReadyTimeout
	if wait <= 0 {
		wait = 15 * time.Second
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		wait = time.Until(dl)
	}
	_ = readyR.SetReadDeadline(time.Now().Add(wait))
	buf := make([]byte, 512)
	n, err := readLine(readyR, buf)
	if err != nil {
		// The pipe closes when the agent exits: give it a moment to be reaped.
		select {
		case <-waited:
			return Started{}, errors.New("the unlock agent stopped before it was ready")
		case <-time.After(time.Second):
		}
		if writeErr != nil {
			return fail(fmt.Errorf("hand the key to the unlock agent: %w", writeErr))
		}
		return fail(fmt.Errorf("the unlock agent did not report ready: %w", err))
	}
	line := string(bytes.TrimSuffix(buf[:n], []byte("\n")))
	if msg, ok := strings.CutPrefix(line, "error "); ok {
		<-waited
		return Started{}, errors.New(msg)
	}
	if writeErr != nil {
		return fail(fmt.Errorf("hand the key to the unlock agent: %w", writeErr))
	}
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != "ok" {
		return fail(fmt.Errorf("the unlock agent reported %.80q instead of ready", line))
	}
	pid, err1 := strconv.Atoi(f[1])
	until, err2 := time.Parse(time.RFC3339, f[2])
	if err1 != nil || err2 != nil {
		return fail(fmt.Errorf("the unlock agent reported %.80q instead of ready", line))
	}
	return Started{PID: pid, Until: until}, nil
}
