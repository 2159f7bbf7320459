//go:build unix

package testkit

import (
	"syscall"
	"testing"
	"time"
)

// ProcessCPU returns the CPU time this process has used, user and system,
// for benchmarks that report the CPU time of every core.
func ProcessCPU(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
