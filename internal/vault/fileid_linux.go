//go:build linux

package vault

import (
	"io/fs"
	"syscall"
)

// fileIdentity returns the device, inode and change time of a file from
// its Stat_t.
func fileIdentity(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino, ctimeSec: int64(st.Ctim.Sec), ctimeNsec: int64(st.Ctim.Nsec)}, true
}
