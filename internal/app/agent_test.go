package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/agent"
	"github.com/phrhealth/phr/internal/errs"
)

// runTestAgent runs an agent in this process for cfg's vault, serving key,
// until the test ends.
func runTestAgent(t *testing.T, cfg Config, key []byte) {
	t.Helper()
	if !agent.Supported {
		t.Skip("no unlock agent on this system")
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = agent.Run(ctx, agent.RunConfig{Dir: cfg.AgentDir, VaultDir: cfg.VaultDir, For: time.Minute,
			Key: strings.NewReader(string(key)), Ready: pw})
	}()
	if line, _ := io.ReadAll(pr); !strings.HasPrefix(string(line), "ok ") {
		cancel()
		t.Fatalf("agent not ready: %q", line)
	}
	t.Cleanup(func() { cancel(); <-done })
}

// agentConfig is a vault with a short socket folder of its own.
func agentConfig(t *testing.T) Config {
	t.Helper()
	cfg := newVault(t)
	run, err := os.MkdirTemp("", "phrapp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	cfg.AgentDir = filepath.Join(run, "phr")
	return cfg
}

func vaultKey(t *testing.T, cfg Config) []byte {
	t.Helper()
	s, err := Open(context.Background(), cfg, Unlock{Passphrase: []byte(testPass)}, ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.v.IdentityBytes()
}

func TestUnlockThroughTheAgent(t *testing.T) {
	ctx := context.Background()
	cfg := agentConfig(t)
	passFile := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(passFile, []byte(testPass+"\n"), 0o600)
	runTestAgent(t, cfg, vaultKey(t, cfg))
	// The keyring holds nothing: only the agent can open the vault.
	prompted := 0
	prompt := func(string) ([]byte, error) { prompted++; return []byte(testPass), nil }
	for _, tc := range []struct {
		name string
		u    Unlock
		via  string
	}{
		{"the agent before the keyring and the prompt", Unlock{Prompt: prompt}, "agent"},
		{"a passphrase file wins over the agent", Unlock{PassphraseFile: passFile}, "passphrase file"},
		{"NoAgent skips it", Unlock{NoAgent: true, Prompt: prompt}, "prompt"},
	} {
		s, err := Open(ctx, cfg, tc.u, ReadMostly)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if s.Via() != tc.via {
			t.Errorf("%s: via %q, want %q", tc.name, s.Via(), tc.via)
		}
		s.Close()
	}
	if prompted != 1 {
		t.Errorf("prompted %d times, want 1", prompted)
	}
	_, err := Open(ctx, cfg, Unlock{NoAgent: true}, ReadMostly)
	if errs.KindOf(err) != errs.Unlock {
		t.Fatalf("NoAgent without other sources: %v", err)
	}
	// The unlock through the agent is audited as such.
	s, err := Open(ctx, cfg, Unlock{}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	trail, err := s.AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if last := trail.Rows[len(trail.Rows)-1]; last.Action != "unlock" || last.Detail != `{"via":"agent"}` {
		t.Fatalf("last audit row %+v", last)
	}
}

func TestAgentWithAnotherVaultsKeyFallsThrough(t *testing.T) {
	ctx := context.Background()
	cfg := agentConfig(t)
	other := newVault(t)
	runTestAgent(t, cfg, vaultKey(t, other))
	var label string
	s, err := Open(ctx, cfg, Unlock{Prompt: func(l string) ([]byte, error) { label = l; return []byte(testPass), nil }}, ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s.Via() != "prompt" || !strings.Contains(label, "the key held by the unlock agent does not open this vault") {
		t.Fatalf("via %q, label %q", s.Via(), label)
	}
	_, err = Open(ctx, cfg, Unlock{}, ReadMostly)
	if errs.KindOf(err) != errs.Unlock || !strings.Contains(err.Error(), "does not open this vault (run phr lock") {
		t.Fatalf("no other source: %v", err)
	}
	if strings.Contains(err.Error(), "AGE-SECRET-KEY") {
		t.Fatal("the error holds the key")
	}
}

func TestAgentStateAndStop(t *testing.T) {
	ctx := context.Background()
	cfg := agentConfig(t)
	st, err := AgentState(ctx, cfg)
	if err != nil || st.Running || st.Until != nil {
		t.Fatalf("before: %+v %v", st, err)
	}
	if st, err := StopAgent(ctx, cfg); err != nil || st.Running {
		t.Fatalf("stop with none running: %+v %v", st, err)
	}
	runTestAgent(t, cfg, vaultKey(t, cfg))
	st, err = AgentState(ctx, cfg)
	if err != nil || !st.Running || st.Until == nil || st.PID != os.Getpid() {
		t.Fatalf("running: %+v %v", st, err)
	}
	if st, err := StopAgent(ctx, cfg); err != nil || !st.Running {
		t.Fatalf("stop: %+v %v", st, err)
	}
	if st, err := AgentState(ctx, cfg); err != nil || st.Running {
		t.Fatalf("after stop: %+v %v", st, err)
	}
}

func TestParseAgentFor(t *testing.T) {
	for in, want := range map[string]time.Duration{"": DefaultAgentFor, "15m": 15 * time.Minute, "90s": 90 * time.Second,
		"12h": 12 * time.Hour, "0.5d": 12 * time.Hour, "1s": time.Second} {
		if got, err := ParseAgentFor(in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"12h1s", "1d", "0s", "500ms", "soon", "-5m", "15"} {
		if _, err := ParseAgentFor(in); errs.KindOf(err) != errs.Usage {
			t.Errorf("%q: %v, want a usage error", in, err)
		}
	}
}

func TestAgentEnvDropsPassphraseSources(t *testing.T) {
	got := agentEnv([]string{"HOME=/h", "PHR_PASSPHRASE_FILE=/p", "PHR_PASSPHRASE_COMMAND=pass show phr", "PHR_VAULT=/v"})
	if strings.Join(got, " ") != "HOME=/h PHR_VAULT=/v" {
		t.Fatalf("agent env %v", got)
	}
}
