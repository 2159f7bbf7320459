package vault

// fileID identifies one version of a file without reading it: its device
// and inode, and its change time (ctime). The kernel sets the change time
// on every write, truncate, rename, chmod or utimes, and no program can set
// it, so a file rewritten in place, or replaced by another, shows a
// different fileID even when it keeps its size and modification time. The
// one change it cannot show is one made in the same tick of the file
// system's clock as the change it was compared with: with fine-grained
// timestamps (Linux 6.13 or later on ext4, XFS, Btrfs and tmpfs, which give
// every change after a stat a new time; APFS's nanoseconds) that window is
// closed, with coarse ones it is one clock tick (at most 10 ms) after phr
// looked at the file.
type fileID struct {
	dev, ino            uint64
	ctimeSec, ctimeNsec int64
}
