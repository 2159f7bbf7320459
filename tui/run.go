package tui

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/tui/accessible"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/screens/viewer"
)

// Options is what the interface needs from the command line.
type Options struct {
	Config app.Config
	// Unlock holds the non-interactive sources tried once at start (a
	// passphrase file or command, the keyring). After a lock only the typed
	// passphrase opens the record.
	Unlock app.Unlock
	// LockAfter is the idle lock as typed (--lock-after); empty means the
	// setting kept in the record, else DefaultLockAfter.
	LockAfter string
	// Demo opens a throwaway vault filled with a synthetic patient, removed
	// on exit.
	Demo bool
	// NoColor drops every colour (Run sets it from NO_COLOR).
	NoColor bool
	// HighContrast uses the high-contrast look (styles.For).
	HighContrast bool
	// Grace is how long a new confirmation ignores keys: zero means
	// confirm.Grace, less than zero none (tests that wait for each dialog
	// before pressing a key; package confirm tests the grace itself).
	Grace time.Duration
	// Accessible runs the linear interface for screen readers (package
	// accessible) on In and Out instead of the full screen; Prompt reads a
	// passphrase there without echo (nil: a line of In).
	Accessible bool
	In         io.Reader
	Out        io.Writer
	Prompt     func(label string) ([]byte, error)
}

func (o Options) grace() time.Duration {
	if o.Grace == 0 {
		return confirm.Grace
	}
	return o.Grace
}

func (o Options) lockAfter() time.Duration {
	if o.LockAfter != "" {
		if d, err := app.ParseLockAfterFlag(o.LockAfter); err == nil {
			return d
		}
	}
	return DefaultLockAfter
}

// Run shows the interface on the alternate screen until the person quits.
// On return the record is closed (and the demo folder removed).
func Run(ctx context.Context, o Options) error {
	if o.LockAfter != "" {
		if _, err := app.ParseLockAfterFlag(o.LockAfter); err != nil {
			return errs.New(errs.Usage, "--lock-after: %v", err)
		}
	}
	if o.Accessible {
		return accessible.Run(ctx, accessible.Options{Config: o.Config, Unlock: o.Unlock, In: o.In, Out: o.Out, Prompt: o.Prompt})
	}
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		o.NoColor = true
	}
	m := New(ctx, o)
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	m.end.do()
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("interface: %w", err)
	}
	return nil
}

// RunViewer shows an opened extract read-only until the carer quits (phr
// open on a terminal).
func RunViewer(ctx context.Context, cfg app.Config, x *share.Opened, noColor bool) error {
	return viewer.Run(ctx, cfg, x, noColor)
}
