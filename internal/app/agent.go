package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/agent"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/vault"
	"github.com/phrhealth/phr/internal/when"
)

// How long an unlock agent may hold the vault key.
const (
	DefaultAgentFor = 15 * time.Minute
	MaxAgentFor     = 12 * time.Hour
)

// AgentLaunch says how to start the agent process: this program, re-run with
// the hidden command that calls RunAgent.
type AgentLaunch = agent.Launch

// AgentStatus is what phr unlock --status and phr lock report.
type AgentStatus struct {
	// Running says whether an agent holds the vault key.
	Running bool `json:"running"`
	// Vault is the vault folder.
	Vault string `json:"vault"`
	// Until is when the agent forgets the key; nil when none runs.
	Until *time.Time `json:"until"`
	// PID is the agent process; 0 when none runs.
	PID int `json:"pid,omitempty"`
}

// AgentDir returns the folder of the unlock agents' sockets for an
// environment read by getenv: $XDG_RUNTIME_DIR/phr, else a folder of this
// user's in the temporary folder.
func AgentDir(getenv func(string) string) string { return agent.Dir(getenv) }

// ParseAgentFor reads phr unlock's --for: a duration as --expires takes one
// ("90s", "15m", "2h"), more than zero and at most MaxAgentFor. Empty is
// DefaultAgentFor.
func ParseAgentFor(s string) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return DefaultAgentFor, nil
	}
	d, err := when.ParseDuration(s)
	if err != nil {
		return 0, errs.New(errs.Usage, "--for: %v", err)
	}
	if d < time.Second {
		return 0, errs.New(errs.Usage, "--for %q is too short: use at least 1s", s)
	}
	if d > MaxAgentFor {
		return 0, errs.New(errs.Usage, "--for %q is longer than 12h: choose 12h or less", s)
	}
	return d, nil
}

// AgentAvailable returns nil when this system has the unlock agent, else an
// error that says so and names the other ways.
func AgentAvailable() error {
	if agent.Supported {
		return nil
	}
	return errs.New(errs.Failed, "the unlock agent is not available on %s: use phr remember (the system keyring) "+
		"or PHR_PASSPHRASE_COMMAND instead", goos())
}

// StartAgent hands the vault key to a new unlock agent (l, with the key on
// a pipe) that serves it to this user's phr commands for d, and records it
// in the audit log. An agent already running for the vault is stopped first
// (replaced reports it). If the audit row cannot be saved, the new agent is
// stopped again.
func (s *Session) StartAgent(ctx context.Context, l AgentLaunch, d time.Duration) (st AgentStatus, replaced bool, err error) {
	if err := AgentAvailable(); err != nil {
		return AgentStatus{}, false, err
	}
	if !s.writable {
		return AgentStatus{}, false, errs.New(errs.Busy, "the vault is open for writing in another phr process: close it and try again")
	}
	c := s.cfg.agentClient()
	switch _, err := c.Stop(ctx); {
	case err == nil:
		replaced = true
		if err := waitNoAgent(ctx, c); err != nil {
			return AgentStatus{}, false, err
		}
	case errors.Is(err, agent.ErrNoAgent):
	default:
		return AgentStatus{}, false, errs.New(errs.Failed, "stop the running unlock agent: %v", err)
	}
	if l.Env == nil {
		l.Env = agentEnv(os.Environ())
	}
	key := s.v.IdentityBytes()
	defer clear(key)
	started, err := agent.Start(ctx, l, key)
	if err != nil {
		return AgentStatus{}, false, errs.New(errs.Failed, "start the unlock agent: %v", err)
	}
	until := started.Until.UTC()
	detail := map[string]any{"until": until.Format(time.RFC3339), "for": d.String()}
	if replaced {
		detail["replaced"] = true
	}
	if err := s.commitQuiet(ctx, audit.AgentStart, detail, nil); err != nil {
		_, _ = c.Stop(context.WithoutCancel(ctx))
		return AgentStatus{}, false, fmt.Errorf("the unlock agent was stopped again: %w", err)
	}
	return AgentStatus{Running: true, Vault: s.cfg.VaultDir, Until: &until, PID: started.PID}, replaced, nil
}

// waitNoAgent waits briefly for a stopped agent to let go of its lock.
func waitNoAgent(ctx context.Context, c agent.Client) error {
	for range 100 {
		if _, err := c.Status(ctx); errors.Is(err, agent.ErrNoAgent) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return errs.New(errs.Failed, "the running unlock agent did not stop: try phr lock")
}

// agentEnv is the agent's environment: this one without the passphrase
// sources, which the agent has no use for.
func agentEnv(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if k == "PHR_PASSPHRASE_FILE" || k == "PHR_PASSPHRASE_COMMAND" {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// AgentState says whether an unlock agent holds the key of the vault in
// cfg.VaultDir, and until when. It needs no unlock.
func AgentState(ctx context.Context, cfg Config) (AgentStatus, error) {
	st := AgentStatus{Vault: cfg.VaultDir}
	if !agent.Supported {
		return st, nil
	}
	as, err := cfg.agentClient().Status(ctx)
	switch {
	case errors.Is(err, agent.ErrNoAgent):
		return st, nil
	case err != nil:
		return st, errs.New(errs.Failed, "ask the unlock agent: %v", err)
	}
	until := as.Until.UTC()
	st.Running, st.Until, st.PID = true, &until, as.PID
	return st, nil
}

// StopAgent ends the unlock agent of the vault in cfg.VaultDir, which
// clears the key and removes its socket. It returns what ran (Running false
// when nothing did: not an error).
func StopAgent(ctx context.Context, cfg Config) (AgentStatus, error) {
	st := AgentStatus{Vault: cfg.VaultDir}
	if !agent.Supported {
		return st, nil
	}
	c := cfg.agentClient()
	as, err := c.Stop(ctx)
	switch {
	case errors.Is(err, agent.ErrNoAgent):
		return st, nil
	case err != nil:
		return st, errs.New(errs.Failed, "stop the unlock agent: %v", err)
	}
	if err := waitNoAgent(ctx, c); err != nil {
		return st, err
	}
	until := as.Until.UTC()
	st.Running, st.Until, st.PID = true, &until, as.PID
	return st, nil
}

// AuditLock records phr lock in the audit log: st is what StopAgent
// returned.
func (s *Session) AuditLock(ctx context.Context, st AgentStatus) error {
	d := "no unlock agent was running"
	if st.Running {
		d = "unlock agent stopped"
	}
	return s.commitQuiet(ctx, audit.Lock, d, nil)
}

// RunAgent is the agent process (phr's hidden agent command): it turns off
// core dumps and ptrace for itself, reads the vault key from key (a pipe
// from StartAgent), reports on ready, and serves the key for d to this
// user's phr commands. It returns when the time is up, phr lock stops it, or
// ctx ends; the key bytes are cleared and the socket removed.
func RunAgent(ctx context.Context, cfg Config, d time.Duration, key io.Reader, ready io.Writer) error {
	if err := vault.HardenProcess(); err != nil {
		if ready != nil {
			fmt.Fprintf(ready, "error the unlock agent cannot protect its memory: %v\n", err)
			if c, ok := ready.(io.Closer); ok {
				c.Close()
			}
		}
		return errs.New(errs.Failed, "unlock agent: %v", err)
	}
	dir := cfg.AgentDir
	if dir == "" {
		dir = agent.Dir(os.Getenv)
	}
	err := agent.Run(ctx, agent.RunConfig{Dir: dir, VaultDir: cfg.VaultDir, For: d, Key: key, Ready: ready})
	if err != nil {
		return errs.New(errs.Failed, "unlock agent: %v", err)
	}
	return nil
}
