//go:build !unix

package atomicfile

import (
	"errors"
	"io/fs"
)

// Hint explains the common reasons a write fails, in words a person can act on.
func Hint(err error) string {
	if errors.Is(err, fs.ErrPermission) {
		return " (the folder is read-only or belongs to another user)"
	}
	return ""
}
