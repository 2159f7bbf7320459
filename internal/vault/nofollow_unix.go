//go:build unix

package vault

import (
	"errors"
	"syscall"
)

// oNoFollow makes open fail on a symbolic link (ELOOP).
const oNoFollow = syscall.O_NOFOLLOW

// isLinkRefused reports whether an open failed because of O_NOFOLLOW. On
// FreeBSD and NetBSD it is EMLINK and EFTYPE rather than ELOOP.
func isLinkRefused(err error) bool {
	return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK)
}
