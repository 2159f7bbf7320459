//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// Hint explains the common reasons a write fails, in words a person can act on.
func Hint(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return ""
	}
	switch errno {
	case syscall.ENOSPC:
		return " (the disk is full)"
	case syscall.EDQUOT:
		return " (the disk quota is exceeded)"
	case syscall.EROFS:
		return " (the file system is read-only)"
	case syscall.EACCES, syscall.EPERM:
		return " (the folder is read-only or belongs to another user)"
	case syscall.EIO:
		return " (the disk reported an input/output error)"
	}
	return ""
}
