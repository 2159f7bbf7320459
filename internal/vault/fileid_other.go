//go:build !linux && !darwin

package vault

import "io/fs"

// fileIdentity is not used here: without a change time that programs
// cannot set, record.age is always hashed.
func fileIdentity(fs.FileInfo) (fileID, bool) { return fileID{}, false }
