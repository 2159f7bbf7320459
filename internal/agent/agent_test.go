package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey has the form of a vault key; it opens nothing.
const testKey = "AGE-SECRET-KEY-PQ-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ9X8"

// TestMain lets TestStartHandsKeyThroughPipe run this test binary as an
// agent process: with PHR_AGENT_TEST_CHILD set it does only Run, on file
// descriptors 3 and 4 as phr's hidden agent command does.
func TestMain(m *testing.M) {
	if os.Getenv("PHR_AGENT_TEST_CHILD") == "1" {
		err := Run(context.Background(), RunConfig{Dir: os.Getenv("PHR_AGENT_TEST_DIR"),
			VaultDir: os.Getenv("PHR_AGENT_TEST_VAULT"), For: time.Minute,
			Key: os.NewFile(3, "key"), Ready: os.NewFile(4, "ready")})
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// shortDir returns a fresh folder with a path short enough for a socket
// (t.TempDir's names can be long), removed after the test.
func shortDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "phra")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// runAgent runs Run in this process and returns once it is ready; the
// agent is stopped and waited for when the test ends.
func runAgent(t *testing.T, dir, vault string, d time.Duration, clk *fakeClock) (Client, <-chan error) {
	t.Helper()
	if !Supported {
		t.Skip("no agent on this system")
	}
	pr, pw := io.Pipe()
	cfg := RunConfig{Dir: dir, VaultDir: vault, For: d, Key: strings.NewReader(testKey), Ready: pw}
	if clk != nil {
		cfg.Clock, cfg.Poll = clk, 5*time.Millisecond
	}
	done := make(chan error, 1)
	finished := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		done <- Run(ctx, cfg)
		close(finished)
	}()
	line, err := io.ReadAll(pr)
	if err != nil || !bytes.HasPrefix(line, []byte("ok ")) {
		cancel()
		t.Fatalf("agent not ready: %q %v", line, err)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-finished:
		case <-time.After(5 * time.Second):
			t.Error("agent did not stop")
		}
	})
	return Client{Dir: dir, VaultDir: vault}, done
}

func TestSameUserGetsKeyStatusAndStop(t *testing.T) {
	dir := filepath.Join(shortDir(t), "phr")
	c, done := runAgent(t, dir, "/some/vault", time.Minute, nil)
	ctx := context.Background()
	key, st, err := c.Key(ctx)
	if err != nil {
		t.Fatalf("Key: %v", err)
	}
	if string(key) != testKey {
		t.Fatalf("key %q", key)
	}
	if st.PID != os.Getpid() || time.Until(st.Until) < 50*time.Second || time.Until(st.Until) > 61*time.Second {
		t.Fatalf("status %+v", st)
	}
	if _, err := c.Status(ctx); err != nil {
		t.Fatalf("Status: %v", err)
	}
	if _, err := c.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run after stop: %v", err)
	}
	if _, err := c.Status(ctx); !errors.Is(err, ErrNoAgent) {
		t.Fatalf("Status after stop: %v, want ErrNoAgent", err)
	}
	if _, err := c.Stop(ctx); !errors.Is(err, ErrNoAgent) {
		t.Fatalf("second Stop: %v, want ErrNoAgent", err)
	}
	sock, _ := SocketPath(dir, ID("/some/vault"))
	if _, err := os.Lstat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket left after stop: %v", err)
	}
}

func TestDirAndSocketModes(t *testing.T) {
	base := shortDir(t)
	dir := filepath.Join(base, "phr")
	// A folder someone made too open is tightened.
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	runAgent(t, dir, "/v", time.Minute, nil)
	fi, err := os.Lstat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", fi.Mode().Perm())
	}
	sock, _ := SocketPath(dir, ID("/v"))
	fi, err = os.Lstat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want a socket with 0600", fi.Mode())
	}
}

func TestDirNotAFolderIsRefused(t *testing.T) {
	base := shortDir(t)
	target := filepath.Join(base, "elsewhere")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(base, "phr")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := ensureDir(link); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("ensureDir on a link: %v", err)
	}
}

func TestStaleSocketIsReplaced(t *testing.T) {
	if !Supported {
		t.Skip("no agent on this system")
	}
	dir := filepath.Join(shortDir(t), "phr")
	if err := ensureDir(dir); err != nil {
		t.Fatal(err)
	}
	sock, _ := SocketPath(dir, ID("/v"))
	// A dead agent's socket: bound, then closed without being removed.
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Lstat(sock); err != nil {
		t.Fatalf("the stale socket should exist: %v", err)
	}
	c := Client{Dir: dir, VaultDir: "/v"}
	if _, err := c.Status(context.Background()); !errors.Is(err, ErrNoAgent) {
		t.Fatalf("Status with a stale socket: %v, want ErrNoAgent", err)
	}
	runAgent(t, dir, "/v", time.Minute, nil)
	if _, _, err := c.Key(context.Background()); err != nil {
		t.Fatalf("Key after replacing the stale socket: %v", err)
	}
}

func TestSecondAgentForSameVaultIsRefused(t *testing.T) {
	dir := filepath.Join(shortDir(t), "phr")
	runAgent(t, dir, "/v", time.Minute, nil)
	var ready bytes.Buffer
	err := Run(context.Background(), RunConfig{Dir: dir, VaultDir: "/v", For: time.Minute,
		Key: strings.NewReader(testKey), Ready: &ready})
	if !errors.Is(err, errAgentRunning) || !strings.HasPrefix(ready.String(), "error ") {
		t.Fatalf("second agent: %v, ready %q", err, ready.String())
	}
	// Another vault gets its own agent beside it.
	runAgent(t, dir, "/w", time.Minute, nil)
	if _, _, err := (Client{Dir: dir, VaultDir: "/v"}).Key(context.Background()); err != nil {
		t.Fatalf("first agent after the refusal: %v", err)
	}
}

func TestExpiryWithInjectedClock(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	dir := filepath.Join(shortDir(t), "phr")
	c, done := runAgent(t, dir, "/v", 15*time.Minute, clk)
	ctx := context.Background()
	clk.Add(14*time.Minute + 59*time.Second)
	if _, _, err := c.Key(ctx); err != nil {
		t.Fatalf("Key a second before expiry: %v", err)
	}
	clk.Add(time.Second)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run at expiry: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the agent did not stop at expiry")
	}
	if _, _, err := c.Key(ctx); !errors.Is(err, ErrNoAgent) {
		t.Fatalf("Key after expiry: %v, want ErrNoAgent", err)
	}
}

func TestServerAnswersExpiredAndClearsKey(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	key := []byte(testKey)
	id := ID("/v")
	s, err := NewServer(ServerConfig{ID: id, Key: key, Until: clk.Now().Add(time.Minute), Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	req := Request{V: 1, Op: OpKey, Vault: id}.Encode()
	if got := s.Answer(req); !bytes.Contains(got, []byte(testKey)) {
		t.Fatalf("before expiry: %s", got)
	}
	clk.Add(time.Minute)
	if got := string(s.Answer(req)); got != `{"v":1,"ok":false,"error":"expired"}`+"\n" {
		t.Fatalf("at expiry: %s", got)
	}
	select {
	case <-s.Done():
	default:
		t.Fatal("the server did not stop at expiry")
	}
	if !bytes.Equal(key, make([]byte, len(key))) {
		t.Fatal("the key bytes were not cleared")
	}
}

func TestAnswers(t *testing.T) {
	id := ID("/v")
	s, err := NewServer(ServerConfig{ID: id, Key: []byte(testKey), Until: time.Now().Add(time.Minute), PID: 42})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ line, want string }{
		{`{"v":1,"op":"status","vault":"` + ID("/w") + `"}`, `"error":"vault"`},
		{`{"v":2,"op":"key","vault":"` + id + `"}`, `"error":"version"`},
		{`{"v":1,"op":"key","vault":"` + id + `","extra":1}`, `"error":"bad-request"`},
		{`{"v":1,"op":"dump","vault":"` + id + `"}`, `"error":"bad-request"`},
		{`{"v":1,"op":"key","vault":"` + strings.ToUpper(id) + `"}`, `"error":"bad-request"`},
		{`{"v":1,"op":"key"}`, `"error":"bad-request"`},
		{`{"v":1,"op":"key","vault":"` + id + `"} {}`, `"error":"bad-request"`},
		{"{\"v\":1,\"op\":\"key\",\n\"vault\":\"" + id + `"}`, `"error":"bad-request"`},
		{`not json`, `"error":"bad-request"`},
		{``, `"error":"bad-request"`},
		{`{"v":1,"op":"status","vault":"` + id + `"}`, `"ok":true`},
	} {
		got := string(s.Answer([]byte(tc.line)))
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q: got %s, want %s", tc.line, got, tc.want)
		}
		if strings.Contains(got, testKey) {
			t.Errorf("%q: the answer holds the key", tc.line)
		}
	}
	got := string(s.Answer(Request{V: 1, Op: OpKey, Vault: id}.Encode()))
	if !strings.Contains(got, `"key":"`+testKey+`"`) || !strings.Contains(got, `"pid":42`) {
		t.Errorf("key answer: %s", got)
	}
	if got := string(s.Answer(Request{V: 1, Op: OpStop, Vault: id}.Encode())); !strings.Contains(got, `"ok":true`) ||
		strings.Contains(got, testKey) {
		t.Errorf("stop answer: %s", got)
	}
	<-s.Done()
	if got := string(s.Answer(Request{V: 1, Op: OpKey, Vault: id}.Encode())); !strings.Contains(got, `"error":"expired"`) {
		t.Errorf("key after stop: %s", got)
	}
}

// rawExchange sends raw bytes to the server on sock and returns its answer.
func rawExchange(t *testing.T, sock string, send []byte, closeWrite bool) string {
	t.Helper()
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * IOTimeout))
	if _, err := conn.Write(send); err != nil {
		return "write: " + err.Error()
	}
	if closeWrite {
		conn.(*net.UnixConn).CloseWrite()
	}
	b, _ := io.ReadAll(conn)
	return string(b)
}

func TestMalformedOverTheSocket(t *testing.T) {
	dir := filepath.Join(shortDir(t), "phr")
	c, _ := runAgent(t, dir, "/v", time.Minute, nil)
	sock, _ := SocketPath(dir, ID("/v"))
	long := bytes.Repeat([]byte("x"), MaxRequest+10)
	for _, tc := range []struct {
		name  string
		send  []byte
		close bool
	}{
		{"too long", append(long, '\n'), false},
		{"no newline then close", []byte(`{"v":1,"op":"key","vault":"` + ID("/v") + `"}`), true},
		{"binary", []byte{0, 1, 2, 0xff, '\n'}, false},
	} {
		got := rawExchange(t, sock, tc.send, tc.close)
		if !strings.Contains(got, `"error":"bad-request"`) || strings.Contains(got, testKey) {
			t.Errorf("%s: %q", tc.name, got)
		}
	}
	// A peer that says nothing is dropped after IOTimeout; the agent goes on.
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	b, _ := io.ReadAll(conn)
	conn.Close()
	if d := time.Since(start); d < IOTimeout/2 || d > 3*IOTimeout {
		t.Errorf("a silent peer was dropped after %v", d)
	}
	if len(b) != 0 {
		t.Errorf("silent peer got %q", b)
	}
	if _, _, err := c.Key(context.Background()); err != nil {
		t.Fatalf("Key after the malformed requests: %v", err)
	}
}

func TestOtherUserIsDenied(t *testing.T) {
	if !Supported {
		t.Skip("no agent on this system")
	}
	dir := filepath.Join(shortDir(t), "phr")
	if err := ensureDir(dir); err != nil {
		t.Fatal(err)
	}
	id := ID("/v")
	var seen []int
	var mu sync.Mutex
	s, err := NewServer(ServerConfig{ID: id, Key: []byte(testKey), Until: time.Now().Add(time.Minute), UID: os.Getuid(),
		PeerUID: func(conn net.Conn) (int, error) {
			uid, err := peerUID(conn) // the real credentials, as the agent reads them
			mu.Lock()
			seen = append(seen, uid)
			mu.Unlock()
			return uid + 1, err // and then pretend the peer is someone else
		}})
	if err != nil {
		t.Fatal(err)
	}
	sock, _ := SocketPath(dir, id)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(s.Stop)
	_, _, err = Client{Dir: dir, VaultDir: "/v"}.Key(context.Background())
	if err == nil || !strings.Contains(err.Error(), "only its own user") {
		t.Fatalf("Key from another user: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0] != os.Getuid() {
		t.Fatalf("peer credentials read: %v, want [%d]", seen, os.Getuid())
	}
}

func TestIDPerVault(t *testing.T) {
	a, b := ID("/home/a/vault"), ID("/home/a/vault2")
	if a == b || !ValidID(a) || !ValidID(b) {
		t.Fatalf("IDs %s %s", a, b)
	}
	if ID("/home/a/vault/") != a || ID("/home/a/x/../vault") != a {
		t.Fatal("the ID depends on how the same folder is written")
	}
}

func TestSocketPathTooLong(t *testing.T) {
	_, err := SocketPath("/"+strings.Repeat("d", 200), ID("/v"))
	if err == nil || !strings.Contains(err.Error(), "XDG_RUNTIME_DIR") {
		t.Fatalf("long path: %v", err)
	}
}

func TestDir(t *testing.T) {
	env := map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}
	if got := Dir(func(k string) string { return env[k] }); got != "/run/user/1000/phr" {
		t.Errorf("with XDG_RUNTIME_DIR: %s", got)
	}
	env = map[string]string{"XDG_RUNTIME_DIR": "relative", "TMPDIR": "/tmp/x"}
	if got := Dir(func(k string) string { return env[k] }); got != fmt.Sprintf("/tmp/x/phr-agent-%d", os.Getuid()) {
		t.Errorf("without: %s", got)
	}
}

func TestParseResponse(t *testing.T) {
	for _, bad := range []string{
		`{"v":1,"ok":true,"until":"2026-01-01T00:00:00Z","key":"lower-case"}`,
		`{"v":1,"ok":true,"until":"2026-01-01T00:00:00Z","key":1}`,
		`{"v":1,"ok":true,"until":"soon"}`,
		`{"v":2,"ok":true,"until":"2026-01-01T00:00:00Z"}`,
		`{"v":1,"ok":false,"error":"whatever"}`,
		`{"v":1,"ok":true,"until":"2026-01-01T00:00:00Z","key":"` + testKey + `"`,
	} {
		key, _, err := parseResponse([]byte(bad))
		if err == nil || key != nil {
			t.Errorf("%s: accepted", bad)
		}
		if err != nil && strings.Contains(err.Error(), "lower-case") {
			t.Errorf("%s: the error quotes the key field: %v", bad, err)
		}
	}
}
