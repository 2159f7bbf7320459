package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"runtime"
	"syscall"
	"time"
)

// ErrNoAgent means no agent is running for the vault: no socket, a stale
// socket left by an agent that died, or an agent whose time just ran out.
var ErrNoAgent = errors.New("no unlock agent is running for this vault")

// ErrUnsupported means this system has no unlock agent.
var ErrUnsupported = fmt.Errorf("the unlock agent is not available on %s", runtime.GOOS)

// Status is what an agent says about itself.
type Status struct {
	// Until is when the agent stops and forgets the key.
	Until time.Time
	// PID is the agent process's id.
	PID int
}

// Client talks to the agent of one vault.
type Client struct {
	// Dir is the folder of the agents' sockets (see Dir).
	Dir string
	// VaultDir is the vault folder.
	VaultDir string
}

// response is a decoded response line.
type response struct {
	V     int             `json:"v"`
	OK    bool            `json:"ok"`
	Error string          `json:"error"`
	Until string          `json:"until"`
	PID   int             `json:"pid"`
	Key   json.RawMessage `json:"key"`
}

// Key asks the agent for the vault key. The caller clears the returned
// bytes after use. With no agent the error is ErrNoAgent.
func (c Client) Key(ctx context.Context) ([]byte, Status, error) {
	return c.ask(ctx, OpKey)
}

// Status asks the agent whether it runs and until when; ErrNoAgent when
// none does.
func (c Client) Status(ctx context.Context) (Status, error) {
	_, st, err := c.ask(ctx, OpStatus)
	return st, err
}

// Stop tells the agent to clear the key and exit; ErrNoAgent when none
// runs. It returns what the agent said about itself before stopping.
func (c Client) Stop(ctx context.Context) (Status, error) {
	_, st, err := c.ask(ctx, OpStop)
	return st, err
}

func (c Client) ask(ctx context.Context, op string) ([]byte, Status, error) {
	if !Supported {
		return nil, Status{}, ErrUnsupported
	}
	id := ID(c.VaultDir)
	sock, err := SocketPath(c.Dir, id)
	if err != nil {
		return nil, Status{}, err
	}
	d := net.Dialer{Timeout: IOTimeout}
	conn, err := d.DialContext(ctx, "unix", sock)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, Status{}, ErrNoAgent
		}
		return nil, Status{}, fmt.Errorf("reach the unlock agent at %s: %w", sock, err)
	}
	defer conn.Close()
	// The agent must run as this user too: a socket someone else put there
	// is not asked for anything.
	if uid, err := peerUID(conn); err != nil {
		return nil, Status{}, fmt.Errorf("check the unlock agent at %s: %w", sock, err)
	} else if uid != os.Getuid() {
		return nil, Status{}, fmt.Errorf("the unlock agent at %s runs as another user (uid %d): not used", sock, uid)
	}
	_ = conn.SetDeadline(time.Now().Add(IOTimeout))
	_, werr := conn.Write(Request{V: Version, Op: op, Vault: id}.Encode())
	// An agent that refuses a peer answers before reading and hangs up, so
	// the write can fail (broken pipe) with the refusal already waiting to
	// be read: read it before reporting the write.
	buf := make([]byte, MaxResponse)
	defer clear(buf)
	n, err := readLine(conn, buf)
	if err != nil {
		if werr != nil {
			return nil, Status{}, fmt.Errorf("ask the unlock agent: %w", werr)
		}
		return nil, Status{}, fmt.Errorf("read the unlock agent's answer: %w", err)
	}
	return parseResponse(buf[:n])
}

// parseResponse reads a response line; the key it returns is a fresh slice
// the caller clears.
func parseResponse(line []byte) ([]byte, Status, error) {
	var r response
	defer func() { clear(r.Key) }()
	if err := json.Unmarshal(line, &r); err != nil {
		// The decoder's message could quote the line, which may hold the key.
		return nil, Status{}, errors.New("the unlock agent's answer is not valid JSON")
	}
	if r.V != Version {
		return nil, Status{}, fmt.Errorf("the unlock agent speaks protocol version %d, not %d: run phr lock, then phr unlock", r.V, Version)
	}
	if !r.OK {
		switch r.Error {
		case ErrCodeExpired:
			return nil, Status{}, fmt.Errorf("%w (its time ran out)", ErrNoAgent)
		case ErrCodeDenied:
			return nil, Status{}, errors.New("the unlock agent refused: it serves only its own user")
		case ErrCodeVault:
			return nil, Status{}, errors.New("the unlock agent answers for another vault")
		}
		return nil, Status{}, fmt.Errorf("the unlock agent refused the request (%.40q)", r.Error)
	}
	until, err := time.Parse(time.RFC3339, r.Until)
	if err != nil {
		return nil, Status{}, errors.New("the unlock agent's answer has no valid expiry")
	}
	st := Status{Until: until, PID: r.PID}
	if r.Key == nil {
		return nil, st, nil
	}
	k := r.Key
	if len(k) < 2 || k[0] != '"' || k[len(k)-1] != '"' || !validKey(k[1:len(k)-1]) {
		return nil, Status{}, errors.New("the unlock agent's answer holds no valid key")
	}
	return bytes.Clone(k[1 : len(k)-1]), st, nil
}
