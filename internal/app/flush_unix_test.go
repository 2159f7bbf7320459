//go:build unix

package app

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// flushDisks writes every dirty page of the machine to disk (sync(2)), so
// that a benchmark's timings do not include the writing back of what its
// set-up wrote (a lifetime record's 200 MB of attachments).
func flushDisks() { syscall.Sync() }

// settleMachine is flushDisks, then a wait (at most 3 s) until the
// machine's cores have been at least 90% idle for 100 ms: the kernel goes on
// after sync(2) returns (the file system discards the blocks of deleted
// files, here a replaced record of 71 MiB), and on two cores that work
// would be timed as part of the next save. Where /proc/stat cannot be read
// it only syncs.
func settleMachine() {
	syscall.Sync()
	deadline := time.Now().Add(3 * time.Second)
	idle, total, ok := cpuTimes()
	for ok && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		idle2, total2, ok2 := cpuTimes()
		if !ok2 {
			return
		}
		if total2 > total && float64(idle2-idle)/float64(total2-total) >= 0.9 {
			return
		}
		idle, total = idle2, total2
	}
}

// cpuTimes reads the machine's idle and total CPU time from /proc/stat.
func cpuTimes() (idle, total uint64, ok bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(line)
	if len(fields) < 5 || fields[0] != "cpu" {
		return 0, 0, false
	}
	for i, f := range fields[1:] {
		n, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		total += n
		if i == 3 || i == 4 { // idle, iowait
			idle += n
		}
	}
	return idle, total, true
}
