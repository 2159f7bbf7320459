package vault

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
)

// WriteRecord saves plain as the new record.age. It needs the write lock,
// an unlocked vault and a record read by ReadRecord (a vault whose record
// was never loaded is never written). If record.age changed on disk since it
// was read, the edits go to record.conflict-TIME.age instead and the error is
// errs.Busy. Otherwise plain is encrypted to a temporary file, fsynced,
// decrypted again and compared, the backups rotate (unless rotate is given as
// false: a save that should not push out a backup), the temporary file is
// renamed over record.age and the folder is fsynced. After any failure
// record.age is unchanged, the temporary file is gone and a retry starts
// afresh from plain.
//
// The changed-on-disk check (size, modification time, identity, then the
// file's fingerprint) runs on another core while the new file is encrypted,
// written and checked; its verdict is awaited before anything is renamed, so
// it looks at record.age later than a check made first would.
func (v *Vault) WriteRecord(plain []byte, rotate ...bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.checkWritable("save vault"); err != nil {
		return err
	}
	if v.read == nil {
		return errors.New("save vault: the record was never read from disk: refusing to save over it")
	}
	type verdict struct {
		changed bool
		err     error
	}
	verdictc := make(chan verdict, 1)
	rec, was := v.path(recordName), *v.read
	go func() {
		changed, err := changedOnDisk(rec, was)
		verdictc <- verdict{changed, err}
	}()
	tmp, sum, werr := v.writeRecordTemp(plain)
	vd := <-verdictc
	if vd.err != nil {
		if werr == nil {
			_ = v.fs.Remove(tmp)
		}
		return fmt.Errorf("save vault: %w", vd.err)
	}
	if vd.changed {
		name, err := v.keepConflict(tmp, werr)
		if err != nil {
			return errs.New(errs.Busy, "save vault: record.age in %s changed on disk since phr read it, so it was not overwritten; "+
				"writing your changes to a conflict file failed too (%v): they are only in memory", v.dir, err)
		}
		return errs.New(errs.Busy, "save vault: record.age in %s changed on disk since phr read it (another program, a sync tool or an older copy?), "+
			"so it was not overwritten; your changes were saved to %s", v.dir, name)
	}
	if werr != nil {
		return fmt.Errorf("save vault: write the new record.age: %w; record.age was not changed", werr)
	}
	if err := v.installRecord(tmp, sum, len(rotate) == 0 || rotate[0]); err != nil {
		return fmt.Errorf("save vault: %w", err)
	}
	return nil
}

// writeRecordFile writes plain to a checked temporary file and puts it in
// place as record.age, rotating the backups first if asked. v.mu is held.
func (v *Vault) writeRecordFile(plain []byte, rotate bool) error {
	tmp, sum, err := v.writeRecordTemp(plain)
	if err != nil {
		return fmt.Errorf("write the new record.age: %w; record.age was not changed", err)
	}
	return v.installRecord(tmp, sum, rotate)
}

// writeRecordTemp encrypts plain to the vault key into a new temporary file,
// then fsyncs it while age decrypts it again, on every core, and it is
// compared with plain. It returns the file's name and its fingerprint. v.mu
// is held.
func (v *Vault) writeRecordTemp(plain []byte) (string, [32]byte, error) {
	id := v.id
	var sum [32]byte
	fill := func(w io.Writer) error {
		hw := &headWriter{w: w}
		// age writes a chunk at a time; larger writes cost fewer calls.
		bw := bufio.NewWriterSize(hw, 256<<10)
		if err := encryptTo(bw, plain, id.Recipient()); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		var ok bool
		if sum, ok = fingerprintHead(hw.head, hw.n); !ok {
			return errors.New("the new file has no age header")
		}
		return nil
	}
	check := func(name string) error { return v.verifyPlain(name, plain, id) }
	tmp, err := atomicfile.WriteTemp(v.fs, v.dir, tempPattern, fill, check)
	return tmp, sum, err
}

// installRecord puts the checked temporary file tmp (whose fingerprint is
// sum) in place as record.age, rotating the backups first if asked, and
// syncs the folder. On a failure before the rename, tmp is removed. v.mu is
// held.
func (v *Vault) installRecord(tmp string, sum [32]byte, rotate bool) error {
	rec := v.path(recordName)
	retired := ""
	if rotate {
		var err error
		if retired, err = v.rotateBackups(); err != nil {
			_ = v.fs.Remove(tmp)
			return fmt.Errorf("%w; record.age was not changed", err)
		}
	}
	// Nothing but this save touches the temporary file: what it is now is
	// what record.age must be after the rename.
	mine, mineErr := os.Stat(tmp)
	if err := v.fs.Rename(tmp, rec); err != nil {
		_ = v.fs.Remove(tmp)
		v.removeRetired(retired, false)
		return fmt.Errorf("put the new record.age in place: %w%s; record.age was not changed", err, atomicfile.Hint(err))
	}
	// record.age is now the new file whatever happens next.
	v.read = installedState(rec, sum, mine, mineErr)
	err := v.fs.SyncDir(v.dir)
	v.removeRetired(retired, true)
	if err != nil {
		return fmt.Errorf("the new record.age is in place but the folder could not be synced (%w%s): it may not survive a crash; save again", err, atomicfile.Hint(err))
	}
	return nil
}

// removeRetired removes the last name of the backup the rotation pushed
// out (see rotateBackups), now or, if later, on a goroutine that Close
// waits for: freeing a whole record's blocks takes the file system about as
// long as a tenth of a save, and nothing needs it done before the save
// returns. A process that ends first leaves a temporary file, which the next
// writer removes with the other leftovers. v.mu is held.
func (v *Vault) removeRetired(name string, later bool) {
	if name == "" {
		return
	}
	if !later {
		_ = v.fs.Remove(name)
		return
	}
	v.bg.Add(1)
	go func() {
		defer v.bg.Done()
		_ = v.fs.Remove(name)
	}()
}

// installedState is what the vault remembers of the file it has just
// renamed to rec: mine is the temporary file's stat before the rename, sum
// its fingerprint. The rename changes the file's change time, so its identity is
// taken from rec afterwards, and kept only if rec is still the same inode
// with the same size and modification time (else the next save hashes).
func installedState(rec string, sum [32]byte, mine fs.FileInfo, mineErr error) *fileState {
	st := &fileState{sum: sum, size: -1}
	if mineErr != nil {
		if fi, err := os.Stat(rec); err == nil {
			st.size, st.mtime = fi.Size(), fi.ModTime()
		}
		return st
	}
	st.size, st.mtime = mine.Size(), mine.ModTime()
	before, ok1 := fileIdentity(mine)
	fi, err := os.Stat(rec)
	if err != nil || !ok1 {
		return st
	}
	after, ok2 := fileIdentity(fi)
	if ok2 && after.dev == before.dev && after.ino == before.ino && fi.Size() == st.size && fi.ModTime().Equal(st.mtime) {
		st.id, st.hasID = after, true
	}
	return st
}

// changedOnDisk compares the file at rec with was, what was last read or
// written: size and modification time first; then, if the file still has
// the identity (device, inode, change time) it had then, it is unchanged;
// otherwise the file's fingerprint decides (a chmod, a touch back to the
// same time, or a replacement). It only reads, so it may run beside a save.
func changedOnDisk(rec string, was fileState) (bool, error) {
	f, err := openNoFollow(rec, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("check record.age: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, fmt.Errorf("check record.age: %w", err)
	}
	if st.Size() != was.size || !st.ModTime().Equal(was.mtime) {
		return true, nil
	}
	if id, ok := fileIdentity(st); ok && was.hasID && id == was.id {
		return false, nil
	}
	sum, err := fingerprintReader(f, st.Size())
	if err != nil {
		return false, fmt.Errorf("check record.age: %w", err)
	}
	return sum != was.sum, nil
}

// keepConflict renames the checked temporary file tmp (written from the
// edits) to a new record.conflict-TIME.age and returns that name. werr is
// the error that writing tmp met, if any: then there is nothing to keep.
// v.mu is held.
func (v *Vault) keepConflict(tmp string, werr error) (string, error) {
	if werr != nil {
		return "", werr
	}
	name := v.uniqueName("record.conflict-%s.age")
	if err := v.commitRename(tmp, v.path(name)); err != nil {
		return "", err
	}
	return name, nil
}

// rotateBackups shifts record.age.2 to .3, .1 to .2 and record.age to .1.
// Links (or copies) of the sources are made under temporary names and the
// folder is synced before the first rename, so a failure before the renames
// leaves every file as it was, and record.age is never missing. v.mu is held.
//
// The oldest backup, which the first rename replaces, first gets one more
// link under a temporary name, returned as retired: with it, the rename
// drops a name instead of freeing the file's blocks (which took ext4 about
// 15 ms for a lifetime record, inside the rename); the caller removes it
// once the new record.age is in place. Without hard links there is none,
// and the rename frees the file as before.
func (v *Vault) rotateBackups() (retired string, err error) {
	type move struct{ tmp, final string }
	var moves []move
	cleanup := func() {
		for _, m := range moves {
			_ = v.fs.Remove(m.tmp)
		}
		v.removeRetired(retired, false)
	}
	for n := backupCount; n >= 1; n-- {
		src := recordName
		if n > 1 {
			src = backupName(n - 1)
		}
		if _, err := os.Lstat(v.path(src)); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		tmp, err := v.linkOrCopy(v.path(src))
		if err != nil {
			cleanup()
			return "", fmt.Errorf("rotate backups: keep %s: %w", src, err)
		}
		moves = append(moves, move{tmp, v.path(backupName(n))})
	}
	if oldest := v.path(backupName(backupCount)); len(moves) > 0 {
		if _, err := os.Lstat(oldest); err == nil {
			if name, err := tempName(v.dir); err == nil && v.fs.Link(oldest, name) == nil {
				retired = name
			}
		}
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		cleanup()
		return "", fmt.Errorf("rotate backups: sync the folder: %w%s", err, atomicfile.Hint(err))
	}
	for i, m := range moves {
		if err := v.fs.Rename(m.tmp, m.final); err != nil {
			moves = moves[i:]
			cleanup()
			return "", fmt.Errorf("rotate backups: %w%s", err, atomicfile.Hint(err))
		}
	}
	return retired, nil
}

// verifyPlain decrypts the file at name with age and compares it with
// want: on every core with age.DecryptReaderAt where the file can be read
// at an offset (an os.File), else with age's streaming reader.
func (v *Vault) verifyPlain(name string, want []byte, id age.Identity) error {
	f, err := v.fs.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	ra, ok := f.(interface {
		io.ReaderAt
		Stat() (fs.FileInfo, error)
	})
	if !ok {
		r, err := OpenFile(f, id)
		if err != nil {
			return err
		}
		return compareStream(r, want)
	}
	st, err := ra.Stat()
	if err != nil {
		return err
	}
	return verifyAt(ra, st.Size(), want, id)
}

var errMismatch = errors.New("the file read back differs from what was written")

// ageChunk is the plaintext size of one age payload chunk: the check gives
// each core a range of whole chunks.
const ageChunk = 64 << 10

// verifyAt decrypts the age file of size bytes read through ra with
// age.DecryptReaderAt (which authenticates the header, the final chunk and
// its end marker first) and compares its plaintext with want, a range of
// chunks per core (one range below 16 chunks, where a second goroutine
// costs more than it saves).
func verifyAt(ra io.ReaderAt, size int64, want []byte, id age.Identity) error {
	r, plainSize, err := age.DecryptReaderAt(ra, size, cappedIdentity{id})
	if err != nil {
		return err
	}
	if plainSize != int64(len(want)) {
		return errMismatch
	}
	chunks := (plainSize + ageChunk - 1) / ageChunk
	workers := max(1, min(int64(runtime.GOMAXPROCS(0)), chunks/16))
	per := (chunks + workers - 1) / workers * ageChunk
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		lo, hi := min(i*per, plainSize), min((i+1)*per, plainSize)
		wg.Go(func() { errs[i] = compareAt(r, want, lo, hi) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// compareAt checks that r holds want[lo:hi] at lo.
func compareAt(r io.ReaderAt, want []byte, lo, hi int64) error {
	buf := make([]byte, min(hi-lo, 1<<20))
	defer clear(buf)
	for off := lo; off < hi; {
		n := min(int64(len(buf)), hi-off)
		if err := readFullAt(r, buf[:n], off); err != nil {
			return err
		}
		if !bytes.Equal(buf[:n], want[off:off+n]) {
			return errMismatch
		}
		off += n
	}
	return nil
}

// compareStream reads r to the end and checks it equals want, without
// holding a second copy of want.
func compareStream(r io.Reader, want []byte) error {
	buf := make([]byte, 64<<10)
	defer clear(buf)
	off := 0
	for {
		n, err := r.Read(buf)
		if n > len(want)-off || !bytes.Equal(buf[:n], want[off:off+n]) {
			return errMismatch
		}
		off += n
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if off != len(want) {
		return errMismatch
	}
	return nil
}
