package main

import (
	"context"
	"os"

	"github.com/phrhealth/phr/internal/cli"
	"github.com/phrhealth/phr/tui"
)

// runInterface starts the full-screen interface.
func runInterface(ctx context.Context, o cli.InterfaceOptions) error {
	return tui.Run(ctx, tui.Options{Config: o.Config, Unlock: o.Unlock, LockAfter: o.LockAfter, Demo: o.Demo,
		Accessible: o.Accessible, Prompt: o.Prompt, In: os.Stdin, Out: os.Stdout, HighContrast: o.HighContrast})
}

// showExtract shows an opened extract read-only.
func showExtract(ctx context.Context, o cli.ExtractOptions) error {
	_, noColor := os.LookupEnv("NO_COLOR")
	return tui.RunViewer(ctx, o.Config, o.Extract, noColor)
}
