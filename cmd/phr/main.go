// Command phr is a personal health record that lives in the terminal. All
// of its work is in internal/cli (the commands) and tui (the interface);
// main only wires the real terminal, environment and build stamps.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/phrhealth/phr/internal/cli"
	"github.com/phrhealth/phr/internal/vault"
)

// Stamped by the release build with -ldflags "-X main.version=...".
var (
	version = ""
	commit  = ""
	date    = ""
)

func main() {
	vault.HardenProcess()
	// A closed terminal window (SIGHUP) ends phr as ctrl+c does: the
	// interface closes the record and removes the copies it made for a
	// viewer. Under nohup, SIGHUP stays ignored.
	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		sigs = append(sigs, syscall.SIGHUP)
	}
	ctx, stop := signal.NotifyContext(context.Background(), sigs...)
	env := cli.Env{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StdinIsTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		StdoutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		TerminalSize: func() (int, int) {
			w, h, err := term.GetSize(int(os.Stderr.Fd()))
			if err != nil {
				return 0, 0
			}
			return w, h
		},
		Prompt:      cli.Prompter(),
		Confirm:     cli.ConfirmTerminal,
		Interface:   runInterface,
		ShowExtract: showExtract,
		Version:     cli.VersionInfo{Version: version, Commit: commit, Date: date},
	}
	code := cli.Run(ctx, os.Args[1:], env)
	stop()
	os.Exit(code)
}
