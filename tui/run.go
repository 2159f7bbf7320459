package tui

import (
	"context"
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
)

// Options is what the interface needs from the command line.
type Options struct {
	Config app.Config
	Unlock app.Unlock
	// LockAfter is the idle lock as typed (--lock-after); empty means the
	// setting, else DefaultLockAfter.
	LockAfter string
	// Demo opens a throwaway vault filled with a synthetic patient.
	Demo bool
	// NoColor drops every colour (set from NO_COLOR).
	NoColor bool
}

func (o Options) lockAfter() time.Duration {
	if o.LockAfter != "" {
		if d, err := parseLockAfter(o.LockAfter); err == nil {
			return d
		}
	}
	return DefaultLockAfter
}

// parseLockAfter reads an idle-lock duration (app's rule).
func parseLockAfter(s string) (time.Duration, error) { return app.ParseLockAfter(s) }

// Run shows the interface until the person quits.
func Run(ctx context.Context, o Options) error {
	if o.LockAfter != "" {
		if _, err := parseLockAfter(o.LockAfter); err != nil {
			return errs.New(errs.Usage, "--lock-after: %v", err)
		}
	}
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		o.NoColor = true
	}
	m := New(ctx, o)
	p := tea.NewProgram(m, tea.WithContext(ctx))
	_, err := p.Run()
	m.quit()
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("interface: %w", err)
	}
	return nil
}
