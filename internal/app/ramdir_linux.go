package app

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// inMemory reports whether dir lies on a tmpfs, whose files never reach a
// disk (swap aside).
func inMemory(dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return false
	}
	return st.Type == unix.TMPFS_MAGIC
}

// ownedByMe reports whether this user owns the folder.
func ownedByMe(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

// processRuns reports whether a process with this id exists (of any user:
// EPERM means it runs as someone else).
func processRuns(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || err == unix.EPERM
}
