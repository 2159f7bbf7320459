package main

import (
	"context"

	"github.com/phrhealth/phr/internal/cli"
	"github.com/phrhealth/phr/tui"
)

// runInterface starts the full-screen interface.
func runInterface(ctx context.Context, o cli.InterfaceOptions) error {
	return tui.Run(ctx, tui.Options{Config: o.Config, Unlock: o.Unlock, LockAfter: o.LockAfter, Demo: o.Demo})
}
