// Package vault keeps phr's encrypted vault folder: the vault key, the
// encrypted record, its backups, attachments and the write lock. It deals in
// plaintext bytes only (the serialized SQLite database is made elsewhere) and
// knows nothing of SQL.
//
// Start with Open (or Create), then UnlockPassphrase or UnlockIdentity,
// LockForWriting if the session may write, ReadRecord, and WriteRecord for
// every save. Close releases the lock and forgets the key.
//
// # The folder
//
//	identity.age              the vault key: an age post-quantum hybrid identity
//	                          ("AGE-SECRET-KEY-PQ-1..." after a comment line),
//	                          encrypted with the passphrase (age scrypt recipient)
//	record.age                the record, age-encrypted to the vault key
//	record.age.1 .. .3        the three previous versions, newest first
//	record.conflict-T.age     edits that were not saved over a record.age that
//	                          changed on disk (T is UTC, 20060102T150405Z)
//	record.damaged-T.age      the record.age that Restore put aside
//	files/ID.age              one attachment; ID is 16 random characters of
//	                          lowercase base32 (a-z, 2-7)
//	reads/NAME.age            a note of a read made while another phr held the
//	                          lock (the read journal, encrypted to the vault key),
//	                          folded into the audit log by the next writer
//	lock                      locked (flock) by the one writer, which writes its
//	                          process id into it as a decimal number and a newline
//	.phr-*.tmp                files being written (in the folder and in files/);
//	                          removed by the next LockForWriting
//
// Files are created with mode 0600 and the folder with mode 0700. Every file
// is written to a temporary file in the same folder, fsynced, closed, read
// back and checked (decrypted and compared for the record and the vault key),
// then renamed into place, and the folder is fsynced. A failed write, fsync,
// close or check removes the temporary file and renames nothing; a retry
// writes a fresh one from memory. The folder path is used as given, so a
// vault reached through a symbolic link stays behind it.
//
// # Saving and backups
//
// WriteRecord compares record.age on disk with what was read (size,
// modification time, then either the same identity (device, inode and change
// time, which the kernel sets on every change) or, when that differs or
// cannot be had, the file's fingerprint: the SHA-256 of its age header
// and size, see fingerprint.go); if anything differs it
// writes the edits to a conflict file and refuses with errs.Busy. The check
// runs on another core while the new file is encrypted, written and
// checked, and is awaited before anything is renamed. Once the new file is
// written, age decrypts it again on every core beside its fsync and it is
// compared with what was meant (package atomicfile writes, fsyncs and
// renames every file). Backups rotate without record.age
// ever missing: hard links (or copies where the file system has none) of
// record.age.2, record.age.1 and record.age are made under temporary names,
// with one more link to record.age.3 so that replacing it frees nothing
// inside the save, the folder is synced, the links are renamed to
// record.age.3, .2 and .1, and only then is the new file renamed over
// record.age; the extra link is removed after the save returns (Close waits
// for it). A crash at any instant leaves a readable record.age: the old one
// or the new one.
//
// # Leftovers
//
// Temporary files are removed only by LockForWriting, never by Open: a
// process that does not hold the lock cannot know whether the holder is in
// the middle of a save.
//
// # Errors
//
// Errors carry an errs kind: errs.Usage (no vault, a vault already there, a
// bad backup number), errs.Unlock (a wrong passphrase or key), errs.Busy (the
// lock is held by another process, or record.age changed on disk) and
// errs.Failed for everything else, including damaged files; errors without a
// kind are errs.Failed too. No error holds a passphrase, a key or plaintext.
package vault
