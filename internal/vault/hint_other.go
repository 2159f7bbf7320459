//go:build !unix

package vault

import (
	"errors"
	"io/fs"
)

// hint explains the common reasons a write fails, in words a person can act on.
func hint(err error) string {
	if errors.Is(err, fs.ErrPermission) {
		return " (the vault folder is read-only or belongs to another user)"
	}
	return ""
}
