//go:build unix

package app

import "syscall"

// flushDisks writes every dirty page of the machine to disk (sync(2)), so
// that a benchmark's timings do not include the writing back of what its
// set-up wrote (a lifetime record's 200 MB of attachments).
func flushDisks() { syscall.Sync() }
