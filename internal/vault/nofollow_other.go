//go:build !unix

package vault

// oNoFollow is 0 where the system has no O_NOFOLLOW: openNoFollow checks
// the name with Lstat instead.
const oNoFollow = 0

func isLinkRefused(error) bool { return false }
