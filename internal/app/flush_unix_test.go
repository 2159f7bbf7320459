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

// settleMachine is flushDisks, then a wait (at most 5 s) until, for 100 ms,
// the machine's cores have been at least 90% idle and its disks busy at most
// 10% of the time: the kernel goes on after sync(2) returns (the file
// system discards the blocks of deleted files, here a replaced record of 71
// MiB), and on two cores that work would be timed as part of the next
// save. Where /proc cannot be read it only syncs.
func settleMachine() {
	syscall.Sync()
	deadline := time.Now().Add(5 * time.Second)
	idle, total, ok1 := cpuTimes()
	busy, ok2 := diskBusy()
	for ok1 && ok2 && time.Now().Before(deadline) {
		start := time.Now()
		time.Sleep(100 * time.Millisecond)
		idle2, total2, ok1 := cpuTimes()
		busy2, ok2 := diskBusy()
		if !ok1 || !ok2 {
			return
		}
		window := time.Since(start)
		if total2 > total && float64(idle2-idle)/float64(total2-total) >= 0.9 && busy2-busy <= window/10 {
			return
		}
		idle, total, busy = idle2, total2, busy2
	}
}

// cpuTimes reads the machine's idle and total CPU time from /proc/stat
// (time waiting for a disk is not idle).
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
		if i == 3 { // idle
			idle += n
		}
	}
	return idle, total, true
}

// diskBusy sums, over the machine's disks, the time each has spent with
// requests in flight (/proc/diskstats, io_ticks).
func diskBusy() (time.Duration, bool) {
	b, err := os.ReadFile("/proc/diskstats")
	if err != nil {
		return 0, false
	}
	var ms uint64
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 13 || strings.HasPrefix(f[2], "loop") || strings.HasPrefix(f[2], "ram") {
			continue
		}
		n, err := strconv.ParseUint(f[12], 10, 64)
		if err != nil {
			return 0, false
		}
		ms += n
	}
	return time.Duration(ms) * time.Millisecond, true
}
