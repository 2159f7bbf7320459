//go:build linux

package vault

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// HardenProcess turns off core dumps for this process (RLIMIT_CORE=0) and
// makes it non-dumpable (PR_SET_DUMPABLE=0), which also keeps other processes
// of the same user from attaching to it with ptrace. Call it once at start,
// before any secret is in memory. Go cannot promise to scrub memory; this
// only keeps secrets out of core files.
func HardenProcess() error {
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0}); err != nil {
		return fmt.Errorf("turn off core dumps: %w", err)
	}
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		return fmt.Errorf("make the process non-dumpable: %w", err)
	}
	return nil
}
