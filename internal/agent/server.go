package agent

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/phrhealth/phr/internal/clock"
)

// ServerConfig is what a Server needs.
type ServerConfig struct {
	// ID is the vault ID the server answers for (see ID).
	ID string
	// Key is the vault key. The server takes it over and clears it when it
	// stops; the caller must not use it afterwards.
	Key []byte
	// Until is when the server stops answering and stops.
	Until time.Time
	// Clock tells the time for expiry; nil is the system clock.
	Clock clock.Clock
	// UID is the user the server serves; PeerUID reports the user of a
	// connection's peer. Nil PeerUID uses the operating system's peer
	// credentials (see Supported).
	UID     int
	PeerUID func(net.Conn) (int, error)
	// PID is reported in answers (the agent process's id).
	PID int
	// Poll is how often the expiry is checked against the clock while no
	// request comes; 0 means 10 seconds. A wall clock is checked rather than
	// one long timer, because Go's timers stop while the computer sleeps.
	Poll time.Duration
}

// maxConns bounds the connections served at once.
const maxConns = 8

// Server answers agent requests for one vault until it expires or is told
// to stop. Its methods are safe for concurrent use.
type Server struct {
	cfg  ServerConfig
	mu   sync.Mutex
	key  []byte // nil once stopped
	done chan struct{}
	once sync.Once
	sem  chan struct{}
}

// NewServer checks cfg and returns a server holding cfg.Key.
func NewServer(cfg ServerConfig) (*Server, error) {
	if !ValidID(cfg.ID) {
		clear(cfg.Key)
		return nil, errors.New("agent: the vault ID is not valid")
	}
	if !validKey(cfg.Key) {
		clear(cfg.Key)
		return nil, errors.New("agent: the key is not a phr vault key")
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if cfg.PeerUID == nil {
		cfg.PeerUID = peerUID
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 10 * time.Second
	}
	// Compare wall-clock readings only (see Poll).
	cfg.Until = cfg.Until.Round(0)
	return &Server{cfg: cfg, key: cfg.Key, done: make(chan struct{}), sem: make(chan struct{}, maxConns)}, nil
}

// Until returns when the server expires.
func (s *Server) Until() time.Time { return s.cfg.Until }

// Done is closed once the server has stopped and cleared the key.
func (s *Server) Done() <-chan struct{} { return s.done }

// Stop clears the key and stops the server. It may be called more than once.
func (s *Server) Stop() {
	s.once.Do(func() {
		s.mu.Lock()
		clear(s.key)
		s.key = nil
		s.mu.Unlock()
		close(s.done)
	})
}

// expired reports whether the server's time is up, stopping it if so.
func (s *Server) expired() bool {
	if s.cfg.Clock.Now().Round(0).Before(s.cfg.Until) {
		return false
	}
	s.Stop()
	return true
}

// Serve accepts connections on ln until the server stops (expiry, a stop
// request, or Stop), then closes ln. It returns nil after a stop.
func (s *Server) Serve(ln net.Listener) error {
	go s.watch()
	go func() {
		<-s.done
		ln.Close()
	}()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			select {
			case <-s.done:
				return nil
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			s.Stop()
			return fmt.Errorf("agent: accept: %w", err)
		}
		select {
		case s.sem <- struct{}{}:
		case <-s.done:
			conn.Close()
			return nil
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-s.sem }()
			s.serveConn(conn)
		}()
	}
}

// watch stops the server at expiry.
func (s *Server) watch() {
	for !s.expired() {
		wait := s.cfg.Until.Sub(s.cfg.Clock.Now().Round(0))
		if wait > s.cfg.Poll || wait <= 0 {
			wait = s.cfg.Poll
		}
		t := time.NewTimer(wait)
		select {
		case <-s.done:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// serveConn answers one request on conn.
func (s *Server) serveConn(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(IOTimeout))
	var resp []byte
	if uid, err := s.cfg.PeerUID(conn); err != nil || uid != s.cfg.UID {
		resp = errorLine(ErrCodeDenied)
	} else {
		buf := make([]byte, MaxRequest)
		if n, err := readLine(conn, buf); err != nil {
			resp = errorLine(ErrCodeBadRequest)
		} else {
			resp = s.Answer(buf[:n])
		}
	}
	_, _ = conn.Write(resp)
	clear(resp)
}

// Answer returns the response line to one request line. A stop request
// stops the server after answering; the response to a key request holds the
// key, so the caller clears it after sending.
func (s *Server) Answer(line []byte) []byte {
	req, err := ParseRequest(line)
	switch {
	case errors.Is(err, ErrVersion):
		return errorLine(ErrCodeVersion)
	case err != nil:
		return errorLine(ErrCodeBadRequest)
	case req.Vault != s.cfg.ID:
		return errorLine(ErrCodeVault)
	case s.expired():
		return errorLine(ErrCodeExpired)
	}
	s.mu.Lock()
	if s.key == nil {
		s.mu.Unlock()
		return errorLine(ErrCodeExpired)
	}
	b := make([]byte, 0, 96+len(s.key))
	b = append(b, `{"v":1,"ok":true,"until":"`...)
	b = s.cfg.Until.UTC().AppendFormat(b, time.RFC3339)
	b = append(b, `","pid":`...)
	b = strconv.AppendInt(b, int64(s.cfg.PID), 10)
	if req.Op == OpKey {
		// The key is checked to hold only [A-Z0-9-]: no JSON escaping.
		b = append(b, `,"key":"`...)
		b = append(b, s.key...)
		b = append(b, '"')
	}
	b = append(b, "}\n"...)
	s.mu.Unlock()
	if req.Op == OpStop {
		s.Stop()
	}
	return b
}

// errorLine is a failure response.
func errorLine(code string) []byte {
	return []byte(`{"v":1,"ok":false,"error":"` + code + "\"}\n")
}

// readLine reads one line into buf and returns its length (newline
// included). A line longer than buf is an error. The caller owns buf and
// clears it when it held a secret.
func readLine(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		if i := bytes.IndexByte(buf[n:n+m], '\n'); i >= 0 {
			return n + i + 1, nil
		}
		n += m
		if errors.Is(err, io.EOF) {
			return n, errors.New("the connection closed before a complete line")
		}
		if err != nil {
			return n, err
		}
	}
	return n, fmt.Errorf("no complete line within %d bytes", len(buf))
}
