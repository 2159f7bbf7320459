package main

import (
	"context"

	"github.com/phrhealth/phr/internal/cli"
)

// runInterface starts the full-screen interface.
var runInterface func(ctx context.Context, o cli.InterfaceOptions) error
