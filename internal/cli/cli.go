// Package cli is phr's command line: each command is a thin layer that
// parses flags, calls internal/app, and prints text or --json. Run is the
// entry point; it returns the exit code of the command contract.
//
// The way a command is written (list.go shows it): an options struct of its
// arguments and flags, and a run function that takes an open session and
// the options, which a Go test can call; the cobra command only parses,
// checks what it can before unlocking, opens the vault and calls it. The
// record's commands are so (entries.go: add, edit, rm; list.go: list,
// search, show; profile.go; audit.go; export.go: export, shares; open.go;
// vault.go: init, passwd, remember, forget, restore; version.go;
// keygen.go; carer.go; query.go). The agent's commands (agent.go) and
// those with a file each (import, summary, card, archive, ...) are still
// written inline in cobra's RunE, and move to this shape one at a time.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/seen"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/summary"
	"github.com/phrhealth/phr/internal/when"
)

// Env is everything a command may touch outside the process: streams,
// environment, the terminal and the services behind app.Config. Tests fill
// it in; cmd/phr builds the real one.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// StdinIsTerminal reports whether stdin is an interactive terminal.
	StdinIsTerminal bool
	// StdoutIsTerminal reports whether stdout is an interactive terminal.
	StdoutIsTerminal bool
	// StderrIsTerminal reports whether stderr is an interactive terminal
	// (a long import shows its progress there).
	StderrIsTerminal bool
	// TerminalSize returns the columns and lines of the terminal phr writes
	// to (0, 0 when unknown); nil when there is none.
	TerminalSize func() (cols, rows int)
	// Prompt reads a secret from the terminal without echo; nil when there
	// is no terminal.
	Prompt func(label string) ([]byte, error)
	// Confirm asks a yes/no question on the terminal; nil when there is none.
	Confirm func(question string) (bool, error)
	// Interface runs the full-screen interface; nil when it is not built in.
	Interface func(ctx context.Context, o InterfaceOptions) error
	// ShowExtract shows an opened extract read-only in the interface, where
	// the carer may save its attached files (never inside cfg's vault
	// folder); nil when it is not built in.
	ShowExtract func(ctx context.Context, o ExtractOptions) error
	Clock       clock.Clock
	Keyring     keyring.Keyring
	// Executable returns this program's path, for starting the unlock
	// agent; nil means os.Executable.
	Executable func() (string, error)
	// ScryptLog2 lowers the key-derivation cost; only tests set it.
	ScryptLog2 int
	Version    VersionInfo
}

// ExtractOptions is what the extract viewer needs from phr open: the
// opened extract, and the configuration whose vault folder a saved file
// never goes into.
type ExtractOptions struct {
	Config  app.Config
	Extract *share.Opened
}

// InterfaceOptions is what the interface needs from the command line.
type InterfaceOptions struct {
	Config    app.Config
	Unlock    app.Unlock
	LockAfter string
	// Demo opens a throwaway vault filled with a synthetic patient.
	Demo bool
	// Accessible asks for the linear interface for screen readers
	// (--accessible, or $ACCESSIBLE set); it runs without a terminal too.
	Accessible bool
	// Prompt reads a passphrase from the terminal without echo; nil when
	// stdin is not a terminal.
	Prompt func(label string) ([]byte, error)
	// HighContrast asks for the high-contrast look (--high-contrast, or
	// $PHR_HIGH_CONTRAST set).
	HighContrast bool
}

// VersionInfo is stamped into release builds with ldflags.
type VersionInfo struct {
	Version, Commit, Date string
}

// Exit codes of the command contract.
const (
	ExitOK      = 0
	ExitFailed  = 1
	ExitUsage   = 2
	ExitUnlock  = 3
	ExitPolicy  = 4
	ExitExtract = 5
	ExitBusy    = 6
)

// ExitCode maps an error to the contract's exit code.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	switch errs.KindOf(err) {
	case errs.Usage:
		return ExitUsage
	case errs.Unlock:
		return ExitUnlock
	case errs.Policy:
		return ExitPolicy
	case errs.Extract:
		return ExitExtract
	case errs.Busy:
		return ExitBusy
	}
	return ExitFailed
}

// runner carries the environment and the global flags to every command.
type runner struct {
	env            Env
	vaultFlag      string
	passphraseFile string
	// wait is --wait: how long to wait for a vault another phr is writing.
	wait    string
	started bool
	// cmd is the command that ran, once its flags parsed.
	cmd *cobra.Command
	// root is the command tree, for suggestions.
	root *cobra.Command
	// args are the arguments Run was given, to find --json before any
	// command ran (an unknown flag).
	args []string
	// accessibleFlag is --accessible; highContrast is --high-contrast.
	accessibleFlag, highContrast bool
	// jsonDone is set when a command printed its own JSON for a failure
	// (the plan of a refused dry run), so Run adds no second object.
	jsonDone bool
	// sessions are closed when the command ends; on success their unlock
	// is written to the audit log first.
	sessions []*app.Session
}

// Run executes phr with the given arguments (without the program name) and
// returns the exit code. Errors are printed to env.Stderr as one line.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Clock == nil {
		env.Clock = clock.System{}
	}
	r := &runner{env: env, args: args}
	root := r.rootCommand()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	var wrapped *wrapWriter
	if w := r.helpWidth(); w > 0 && asksHelp(args) {
		// Help is wrapped between words to the terminal, never by it
		// inside a word.
		wrapped = &wrapWriter{w: env.Stdout, width: w}
		root.SetOut(wrapped)
	}
	root.SetErr(env.Stderr)
	var final error
	onError := func(err error) {
		final = r.classify(err)
		var q *quietError
		if errors.As(final, &q) {
			return
		}
		fmt.Fprintln(env.Stderr, "phr: "+safetext.Line(oneLine(final.Error())))
		if r.wantsJSON() && !r.jsonDone {
			printJSON(env.Stdout, map[string]any{"error": errorJSON(final)})
		}
	}
	err := r.execute(ctx, root, onError)
	if wrapped != nil {
		wrapped.Flush()
	}
	if err == nil {
		// Only the unlock's own audit row can still be waiting here: the
		// command changed nothing (a change saves it). When it cannot be
		// saved (a full disk), the person still gets their record, as when
		// another phr holds the vault, and is told the access went unlogged.
		for _, s := range r.sessions {
			if ferr := s.FlushUnlock(ctx); ferr != nil {
				fmt.Fprintln(env.Stderr, "phr: warning: this access could not be written to the audit log, and the record is unchanged: "+safetext.Line(oneLine(ferr.Error())))
			}
		}
	}
	for _, s := range r.sessions {
		s.Close()
	}
	if err == nil {
		return ExitOK
	}
	if final == nil {
		final = r.classify(err)
	}
	return ExitCode(final)
}

// styled reports whether help and errors may be styled: on a terminal,
// without NO_COLOR, and not TERM=dumb. Only then does phr let fang style
// them, since fang asks the terminal for its background colour first, and a
// terminal that does not answer stalls every --help and error for seconds.
func (r *runner) styled() bool {
	return r.env.StdoutIsTerminal && r.env.Getenv("NO_COLOR") == "" && r.env.Getenv("TERM") != "dumb"
}

// execute runs the command tree with cobra, and hands a failure to onError.
// When output is styled, help is fang's styled help; it alone asks the
// terminal for its colours, and only when help is shown: a failure is one
// plain line (phr's own), so it must not wait for a terminal's answer as
// fang's own error path would (four seconds where none comes).
func (r *runner) execute(ctx context.Context, root *cobra.Command, onError func(error)) error {
	if r.styled() {
		root.SetHelpFunc(styledHelp(ctx))
	}
	root.SilenceUsage, root.SilenceErrors = true, true
	root.Version = r.versionString()
	err := root.ExecuteContext(ctx)
	if err != nil {
		onError(err)
	}
	return err
}

// styledHelp returns fang's styled help function. fang installs it on the
// command it executes; running fang on an empty command of its own, which
// does nothing and cannot fail, hands it over without fang's error path.
func styledHelp(ctx context.Context) func(*cobra.Command, []string) {
	carrier := &cobra.Command{Use: "phr", RunE: func(*cobra.Command, []string) error { return nil }}
	carrier.SetArgs([]string{})
	carrier.SetOut(io.Discard)
	carrier.SetErr(io.Discard)
	if err := fang.Execute(ctx, carrier, fang.WithoutManpage(), fang.WithoutCompletions(), fang.WithoutVersion()); err != nil {
		return nil
	}
	return carrier.HelpFunc()
}

// classify turns cobra's own errors (unknown command or flag, wrong number
// of arguments), which arrive before any command ran, into usage errors.
func (r *runner) classify(err error) error {
	var e *errs.Error
	var q *quietError
	if errors.As(err, &e) || errors.As(err, &q) {
		return err
	}
	if !r.started {
		msg := err.Error()
		if strings.HasPrefix(msg, "unknown command") {
			msg = r.unknownCommand(msg)
		}
		return errs.New(errs.Usage, "%s", msg)
	}
	return err
}

// unknownCommand rewrites cobra's unknown-command error (several lines, with
// its own "Did you mean this?") as one line: the name, the commands it is
// close to, and where to look.
func (r *runner) unknownCommand(msg string) string {
	first, _, _ := strings.Cut(msg, "\n")
	var name string
	if _, err := fmt.Sscanf(first, "unknown command %q", &name); err != nil || r.root == nil {
		return first + ": see phr --help"
	}
	if near := closest(name, r.root.SuggestionsFor(name)); len(near) > 0 {
		return fmt.Sprintf("unknown command %q: did you mean %s? (see phr --help)", name, strings.Join(near, " or "))
	}
	return fmt.Sprintf("unknown command %q: see phr --help", name)
}

// closest keeps, of cobra's suggestions for a mistyped command, those
// nearest to it by edit distance with transpositions ("lsit" is one step
// from "list", two from "edit"), or those it is a prefix of.
func closest(typed string, suggestions []string) []string {
	best, out := -1, []string(nil)
	for _, s := range suggestions {
		d := editDistance(strings.ToLower(typed), s)
		if strings.HasPrefix(s, strings.ToLower(typed)) {
			d = 0
		}
		switch {
		case best < 0 || d < best:
			best, out = d, []string{s}
		case d == best:
			out = append(out, s)
		}
	}
	return out
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours, one step each.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// phraseArgs gives every command's argument check phr's own words: cobra's
// "accepts at most 1 arg(s), received 2" becomes the command, what it got
// and its usage line.
func phraseArgs(c *cobra.Command) {
	if c.HasSubCommands() && !c.Runnable() {
		// A group (phr carer) shows its help on its own, and refuses a
		// word that is none of its commands instead of showing help too.
		c.Args = cobra.NoArgs
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				path := cmd.CommandPath()
				if cmd.HasAvailableSubCommands() && len(args) > 0 {
					if near := closest(args[0], cmd.SuggestionsFor(args[0])); len(near) > 0 {
						return errs.New(errs.Usage, "unknown command %q: did you mean %s? (see %s --help)", args[0], strings.Join(near, " or "), path)
					}
					return errs.New(errs.Usage, "unknown command %q: see %s --help", args[0], path)
				}
				usage := strings.TrimSuffix(cmd.UseLine(), " [flags]")
				if len(args) == 0 {
					return errs.New(errs.Usage, "%s needs an argument: usage is %s (see %s --help)", path, usage, path)
				}
				quoted := make([]string, len(args))
				for i, a := range args {
					quoted[i] = strconv.Quote(a)
				}
				return errs.New(errs.Usage, "wrong arguments for %s (%s): usage is %s (see %s --help)", path,
					strings.Join(quoted, " "), usage, path)
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		phraseArgs(sub)
	}
}

// wantsJSON reports whether the command line asked for JSON output: --json
// or --jsonl on the command that ran, or among the arguments when none ran.
func (r *runner) wantsJSON() bool {
	if r.cmd != nil {
		for _, name := range []string{"json", "jsonl"} {
			if f := r.cmd.Flags().Lookup(name); f != nil && f.Value.String() == "true" {
				return true
			}
		}
		return false
	}
	for _, a := range r.args {
		if a == "--" {
			break
		}
		if a == "--json" || a == "--jsonl" || a == "--json=true" || a == "--jsonl=true" {
			return true
		}
	}
	return false
}

// jsonError is a failure as --json prints it: {"error": {...}} on stdout,
// with the same exit code.
type jsonError struct {
	Exit    int      `json:"exit"`
	Kind    string   `json:"kind"`
	Message string   `json:"message"`
	Items   []string `json:"items"`
}

func errorJSON(err error) jsonError {
	items := errs.ItemsOf(err)
	if items == nil {
		items = []string{}
	}
	return jsonError{Exit: ExitCode(err), Kind: errs.KindOf(err).String(), Message: oneLine(err.Error()), Items: items}
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func (r *runner) rootCommand() *cobra.Command {
	var lockAfter string
	root := &cobra.Command{
		Use:   "phr",
		Short: "Your personal health record, encrypted on your own computer",
		Long: "phr keeps your health and care record on your own computer, encrypted, and lets you share a " +
			"chosen part of it with a carer for a limited time. Run phr on its own to open the interface.",
		Example: "  phr\n  phr --lock-after 2m\n  phr add allergy --title Penicillin --date 2001-05-01\n  phr list --since 30d",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return r.runInterface(cmd.Context(), lockAfter, false)
		},
	}
	root.PersistentFlags().StringVar(&r.vaultFlag, "vault", "", "the vault `FOLDER` (default $PHR_VAULT, else the platform data folder)")
	root.PersistentFlags().StringVar(&r.passphraseFile, "passphrase-file", "", "read the passphrase from the first line of `FILE`")
	root.PersistentFlags().StringVar(&r.wait, "wait", "", "wait up to `DURATION` (10s, 2m) for a vault another phr is writing, instead of exit 6 at once (default $PHR_LOCK_WAIT, else 0)")
	root.Flags().BoolVar(&r.highContrast, "high-contrast", false, "a high-contrast look: no grey, the selection in reverse video (also $PHR_HIGH_CONTRAST)")
	root.Flags().BoolVar(&r.accessibleFlag, "accessible", false, "plain numbered lines for a screen reader, no full-screen drawing (also $ACCESSIBLE)")
	root.Flags().StringVar(&lockAfter, "lock-after", "", "lock the interface after this long (a `DURATION`) without a key press (default 5m)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// The command's own help lists its flags: phr list --help, not phr --help.
		return errs.New(errs.Usage, "%v: see %s --help", err, c.CommandPath())
	})
	root.PersistentPreRun = func(cmd *cobra.Command, _ []string) { r.started, r.cmd = true, cmd }
	root.AddGroup(&cobra.Group{ID: "record", Title: "Your record"}, &cobra.Group{ID: "vault", Title: "The vault"},
		&cobra.Group{ID: "share", Title: "Sharing with a carer"}, &cobra.Group{ID: "print", Title: "Printing and keeping"})
	for _, c := range []*cobra.Command{
		r.initCommand(), r.profileCommand(), r.addCommand(), r.listCommand(), r.showCommand(), r.editCommand(),
		r.rmCommand(), r.searchCommand(), r.importCommand(), r.auditCommand(), r.attachmentCommand(),
		r.passwdCommand(), r.passwordCommand(), r.rememberCommand(), r.forgetCommand(), r.restoreCommand(),
		r.unlockCommand(), r.lockCommand(), r.agentServeCommand(),
		r.doctorCommand(), r.settingsCommand(), r.versionCommand(), r.demoCommand(),
		r.keygenCommand(), r.carerCommand(), r.exportCommand(), r.openCommand(), r.sharesCommand(),
		r.summaryCommand(), r.manCommand(), r.queryCommand(), r.cardCommand(), r.archiveCommand(),
	} {
		if c != nil {
			root.AddCommand(c)
		}
	}
	root.SuggestionsMinimumDistance = 2
	phraseArgs(root)
	r.registerCompletions(root)
	r.root = root
	return root
}

// config returns the app configuration for the chosen vault folder.
func (r *runner) config() (app.Config, error) {
	dir := r.vaultFlag
	if dir == "" {
		dir = r.env.Getenv("PHR_VAULT")
	}
	if dir == "" {
		d, err := app.DefaultVaultDir()
		if err != nil {
			return app.Config{}, errs.Wrap(errs.Failed, err)
		}
		dir = d
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return app.Config{}, errs.New(errs.Usage, "vault folder %q: %w", dir, err)
	}
	wait, from := r.wait, "--wait"
	if wait == "" {
		wait, from = r.env.Getenv("PHR_LOCK_WAIT"), "PHR_LOCK_WAIT"
	}
	var lockWait time.Duration
	if wait != "" {
		if lockWait, err = when.ParseDuration(wait); err != nil {
			return app.Config{}, errs.New(errs.Usage, "%s: %v", from, err)
		}
	}
	// Without a home folder phr cannot remember which version it saw
	// last, and only that check is lost.
	seenDir, _ := seen.DefaultDir(r.env.Getenv)
	return app.Config{VaultDir: abs, Clock: r.env.Clock, Keyring: r.env.Keyring, ScryptLog2: r.env.ScryptLog2,
		AgentDir: r.agentDir(), SeenDir: seenDir, LockWait: lockWait, Paper: summary.EnvPaper(r.env.Getenv)}, nil
}

// unlock returns the secret sources in the contract's order.
func (r *runner) unlock() app.Unlock {
	u := app.Unlock{PassphraseFile: r.passphraseFile, PassphraseCommand: r.env.Getenv("PHR_PASSPHRASE_COMMAND")}
	if u.PassphraseFile == "" {
		u.PassphraseFile = r.env.Getenv("PHR_PASSPHRASE_FILE")
	}
	if r.env.StdinIsTerminal {
		u.Prompt = r.env.Prompt
	}
	return u
}

// open unlocks the vault for a command.
func (r *runner) open(ctx context.Context, mode app.Mode) (*app.Session, error) {
	return r.openWith(ctx, mode, r.unlock())
}

// openWith unlocks the vault for a command with the given secret sources.
func (r *runner) openWith(ctx context.Context, mode app.Mode, u app.Unlock) (*app.Session, error) {
	cfg, err := r.config()
	if err != nil {
		return nil, err
	}
	u.DeferAudit = true
	s, err := app.Open(ctx, cfg, u, mode)
	// Unlocking by passphrase derives the key with scrypt, 256 MiB that are
	// garbage once the vault is open; the collector would otherwise let the
	// heap grow to twice that before collecting, so that a list of 20,000
	// entries reached 506 MB. Collected now, memory stays flat while the
	// entries stream out (380 MB, of which the derivation's peak is 325).
	debug.FreeOSMemory()
	if err == nil {
		r.sessions = append(r.sessions, s)
		if w := s.Warning(); w != "" {
			fmt.Fprintln(r.env.Stderr, "phr: warning: "+safetext.Line(oneLine(w)))
		}
	}
	return s, err
}

func (r *runner) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "demo",
		Example: "  phr demo",
		Short:   "Open the interface on a throwaway vault with a synthetic patient",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return r.runInterface(cmd.Context(), "", true)
		},
	}
}

func (r *runner) runInterface(ctx context.Context, lockAfter string, demo bool) error {
	if r.accessible() && !demo && r.env.Interface != nil {
		// Plain lines in order: a pipe or a screen reader's terminal will do.
		cfg, err := r.config()
		if err != nil {
			return err
		}
		u := r.unlock()
		return r.env.Interface(ctx, InterfaceOptions{Config: cfg, Unlock: u, LockAfter: lockAfter, Accessible: true, Prompt: u.Prompt})
	}
	if r.env.Interface == nil || !r.env.StdinIsTerminal || !r.env.StdoutIsTerminal {
		if demo {
			return errs.New(errs.Usage, "phr demo needs a terminal")
		}
		return errs.New(errs.Usage, "the interface needs a terminal: run phr in a terminal, or use a command (see phr --help)")
	}
	cfg, err := r.config()
	if err != nil {
		return err
	}
	return r.env.Interface(ctx, InterfaceOptions{Config: cfg, Unlock: r.unlock(), LockAfter: lockAfter, Demo: demo,
		HighContrast: r.highContrast || truthy(r.env.Getenv("PHR_HIGH_CONTRAST"))})
}

// accessible reports whether the linear interface for screen readers is
// asked for: --accessible, or $ACCESSIBLE set to anything but 0 or false
// (the variable huh and gum honour).
func (r *runner) accessible() bool {
	return r.accessibleFlag || truthy(r.env.Getenv("ACCESSIBLE"))
}

// truthy reports whether an environment variable is set to anything but
// empty, 0, false or no.
func truthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// stderrf prints a human note to stderr. Its text arguments (strings,
// errors, anything with a String method) may quote outside text (a title,
// a carer's name, a path), so each is cleaned to one line first; the
// format itself is phr's own.
func (r *runner) stderrf(format string, args ...any) {
	clean := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			clean[i] = safetext.Line(v)
		case error:
			clean[i] = safetext.Line(v.Error())
		case fmt.Stringer:
			clean[i] = safetext.Line(v.String())
		default:
			clean[i] = a
		}
	}
	fmt.Fprintf(r.env.Stderr, format, clean...)
}

// Prompter returns the real terminal prompt: it reads from the controlling
// terminal without echo.
func Prompter() func(string) ([]byte, error) { return promptTerminal }
