package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/when"
)

// agentServeCommand is the name of the hidden command phr unlock re-runs
// this program with to become the unlock agent.
const agentServeCommand = "agent-serve"

// agentDir is the folder of the unlock agents' sockets for this
// environment.
func (r *runner) agentDir() string { return app.AgentDir(r.env.Getenv) }

func (r *runner) unlockCommand() *cobra.Command {
	var forS string
	var status, asJSON bool
	cmd := &cobra.Command{
		Use:     "unlock [--for DURATION] | unlock --status [--json]",
		Short:   "Keep the vault key in a short-lived unlock agent, so the next commands need no passphrase",
		GroupID: "vault",
		Long: "phr unlock opens the vault once (passphrase file, passphrase command, keyring or prompt; never an\n" +
			"agent) and starts an unlock agent: a background phr process that holds the vault key in memory for\n" +
			"--for (default 15m, at most 12h) and hands it to phr commands run by the same user, so a script of many\n" +
			"commands pays the passphrase's key derivation once. Commands unlock in this order: --passphrase-file\n" +
			"(or PHR_PASSPHRASE_FILE), PHR_PASSPHRASE_COMMAND, the unlock agent, the system keyring, a prompt.\n\n" +
			"The agent answers only processes of your own user, on a private socket; it stops by itself at the end\n" +
			"of its time, clearing the key. phr lock stops it sooner. Starting another replaces it. It is written\n" +
			"to the audit log, and so is every command it unlocks (via \"agent\"). Not available on Windows.",
		Example: "  phr unlock --passphrase-file ~/phr-pass.txt --for 30m\n  phr unlock --status --json\n  phr lock",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			if status {
				if cmd.Flags().Changed("for") {
					return errs.New(errs.Usage, "--status and --for do not go together")
				}
				st, err := app.AgentState(cmd.Context(), cfg)
				if err != nil {
					return err
				}
				return r.printAgentStatus(st, asJSON)
			}
			d, err := app.ParseAgentFor(forS)
			if err != nil {
				return err
			}
			if err := app.AgentAvailable(); err != nil {
				return err
			}
			exe, err := r.executable()
			if err != nil {
				return err
			}
			u := r.unlock()
			u.NoAgent = true
			u.DeferAudit = true
			s, err := app.Open(cmd.Context(), cfg, u, app.ReadWrite)
			if err != nil {
				return err
			}
			r.sessions = append(r.sessions, s)
			launch := app.AgentLaunch{Path: exe, Args: []string{exe, agentServeCommand, "--vault", cfg.VaultDir,
				"--socket-dir", cfg.AgentDir, "--for", d.String()}}
			st, replaced, err := s.StartAgent(cmd.Context(), launch, d)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(r.env.Stdout, map[string]any{"vault": st.Vault, "until": st.Until, "pid": st.PID, "replaced": replaced})
			}
			what := "started"
			if replaced {
				what = "replaced the running one"
			}
			r.stderrf("phr: unlock agent %s (pid %d): it holds the vault key until %s; phr lock ends it sooner\n",
				what, st.PID, st.Until.Local().Format("2006-01-02 15:04:05"))
			return nil
		},
	}
	cmd.Flags().StringVar(&forS, "for", "15m", "how long the agent holds the key (a `DURATION`: 90s, 15m, 2h; at most 12h)")
	cmd.Flags().BoolVar(&status, "status", false, "say whether an agent holds the key, and until when (unlocks nothing)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {vault, until, pid, replaced}; with --status {running, vault, until, pid}")
	return cmd
}

// printAgentStatus prints what phr unlock --status says.
func (r *runner) printAgentStatus(st app.AgentStatus, asJSON bool) error {
	if asJSON {
		return printJSON(r.env.Stdout, st)
	}
	if !st.Running {
		fmt.Fprintf(r.env.Stdout, "no unlock agent holds the key of %s\n", safe(st.Vault))
		if err := app.AgentAvailable(); err != nil {
			r.stderrf("phr: %s\n", err)
		}
		return nil
	}
	fmt.Fprintf(r.env.Stdout, "an unlock agent (pid %d) holds the key of %s until %s (%s)\n", st.PID, safe(st.Vault),
		st.Until.Local().Format("2006-01-02 15:04:05"), when.Left(time.Until(*st.Until)))
	return nil
}

func (r *runner) lockCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "lock [--json]",
		Example: "  phr lock\n  phr lock --json",
		Short:   "Stop the vault's unlock agent (phr unlock), so commands need the passphrase again",
		GroupID: "vault",
		Long: "phr lock stops the vault's unlock agent, which clears the key from its memory and removes its socket.\n" +
			"With no agent running it says so and exits 0. The lock is written to the audit log when the vault can be\n" +
			"opened (by the agent itself, before it stops, or a passphrase file or command); it never prompts.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			before, err := app.AgentState(ctx, cfg)
			if err != nil {
				return err
			}
			if !before.Running {
				if asJSON {
					return printJSON(r.env.Stdout, map[string]any{"vault": cfg.VaultDir, "stopped": false, "audited": false})
				}
				r.stderrf("phr: no unlock agent was running for %s\n", cfg.VaultDir)
				if err := app.AgentAvailable(); err != nil {
					r.stderrf("phr: %s\n", err)
				}
				return nil
			}
			// Unlock first (normally through the agent itself) so the lock
			// can be written to the audit log; never prompt for it.
			u := r.unlock()
			u.Prompt = nil
			u.DeferAudit = true
			s, openErr := app.Open(ctx, cfg, u, app.ReadMostly)
			if openErr == nil {
				r.sessions = append(r.sessions, s)
			}
			st, err := app.StopAgent(ctx, cfg)
			if err != nil {
				return err
			}
			audited := false
			if openErr == nil && s.Writable() {
				if err := s.AuditLock(ctx, st); err != nil {
					return fmt.Errorf("the unlock agent stopped, but %w", err)
				}
				audited = true
			}
			if asJSON {
				return printJSON(r.env.Stdout, map[string]any{"vault": cfg.VaultDir, "stopped": st.Running, "pid": st.PID, "audited": audited})
			}
			if st.Running {
				r.stderrf("phr: the unlock agent (pid %d) stopped; the vault key is gone from its memory\n", st.PID)
			} else {
				r.stderrf("phr: no unlock agent was running for %s\n", cfg.VaultDir)
			}
			if !audited {
				r.stderrf("phr: (not written to the audit log: the vault could not be opened for writing)\n")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {vault, stopped, pid, audited}")
	return cmd
}

// agentServe is the hidden command phr unlock starts in the background: the
// unlock agent itself. The key arrives on file descriptor 3; "ok" or an
// error goes back on descriptor 4. People do not run it.
func (r *runner) agentServeCommand() *cobra.Command {
	var forS, dir string
	cmd := &cobra.Command{
		Use:    agentServeCommand,
		Short:  "The unlock agent process (started by phr unlock)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			d, err := app.ParseAgentFor(forS)
			if err != nil {
				return err
			}
			if dir != "" {
				cfg.AgentDir = dir
			}
			key, ready := os.NewFile(3, "agent-key"), os.NewFile(4, "agent-ready")
			if key == nil || ready == nil {
				return errs.New(errs.Usage, "%s is started by phr unlock", agentServeCommand)
			}
			defer key.Close()
			defer ready.Close()
			return app.RunAgent(cmd.Context(), cfg, d, key, ready)
		},
	}
	cmd.Flags().StringVar(&forS, "for", "", "how long to hold the key, a `DURATION` (90s, 15m, 2h)")
	cmd.Flags().StringVar(&dir, "socket-dir", "", "the folder of the agents' sockets")
	return cmd
}

// executable returns this program's path, for starting the agent.
func (r *runner) executable() (string, error) {
	exe := os.Executable
	if r.env.Executable != nil {
		exe = r.env.Executable
	}
	p, err := exe()
	if err != nil {
		return "", errs.New(errs.Failed, "find the phr program to start the unlock agent: %v", err)
	}
	return p, nil
}
