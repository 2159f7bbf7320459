package vault

import "github.com/phrhealth/phr/internal/atomicfile"

// FS is the set of file-system operations the vault uses to change files
// (atomicfile.FS). The zero Options use the real operating system; tests
// supply their own (package faultfs) to make any step fail or to record the
// order of operations. Reads of files that were not just written
// (record.age, identity.age, attachments) go to the operating system
// directly.
type FS = atomicfile.FS

// File is a file being written by the vault (atomicfile.File).
type File = atomicfile.File

// OSFS is the real file system. It is what a nil Options.FS means.
type OSFS = atomicfile.OSFS
