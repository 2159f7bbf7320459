package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/gofrs/flock"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/errs"
)

// The names of the vault folder's entries.
const (
	identityName = "identity.age"
	recordName   = "record.age"
	lockName     = "lock"
	filesDirName = "files"
	tempPattern  = ".phr-*.tmp"
	backupCount  = 3
	timeFormat   = "20060102T150405Z"
)

// Options configure a Vault. The zero value uses the real file system and
// clock and age's default scrypt work factor.
type Options struct {
	// FS performs the vault's file changes; nil means the operating system.
	FS FS
	// Clock names conflict and damaged files; nil means clock.System{}.
	Clock clock.Clock
	// ScryptLog2 is the scrypt work factor (2^ScryptLog2) used when writing a
	// new identity.age (Create, ChangePassphrase); 0 means age's default, 18.
	// It must not exceed MaxScryptLog2. Only tests lower it.
	ScryptLog2 int

	// kdfHook, if set, is called each time the vault runs scrypt on a
	// passphrase; tests count key derivations with it.
	kdfHook func()
}

// Vault is one vault folder. Its methods are safe for concurrent use.
type Vault struct {
	mu         sync.Mutex
	dir        string
	fs         FS
	clock      clock.Clock
	scryptLog2 int

	lock *flock.Flock // non-nil while this Vault holds the write lock

	id     *age.HybridIdentity // nil while locked
	idText []byte              // the identity's string form, zeroed on Close

	read *fileState // record.age as last read or written; nil until ReadRecord

	kdfHook func() // Options.kdfHook

	bg sync.WaitGroup // removals of retired backups still running; Close waits
}

// fileState is what the vault remembers of record.age to notice outside
// changes.
type fileState struct {
	size  int64
	mtime time.Time
	sum   [32]byte
	// id, when hasID, identifies the very file that was read or written:
	// while record.age shows the same id, it is that file, unchanged, and
	// need not be hashed again (see fileID).
	id    fileID
	hasID bool
}

func newVault(dir string, opts Options) (*Vault, error) {
	if opts.ScryptLog2 < 0 || opts.ScryptLog2 > MaxScryptLog2 {
		return nil, errs.New(errs.Usage, "scrypt work factor 2^%d is outside 2^1..2^%d", opts.ScryptLog2, MaxScryptLog2)
	}
	v := &Vault{dir: filepath.Clean(dir), fs: opts.FS, clock: opts.Clock, scryptLog2: opts.ScryptLog2, kdfHook: opts.kdfHook}
	if v.fs == nil {
		v.fs = OSFS{}
	}
	if v.clock == nil {
		v.clock = clock.System{}
	}
	return v, nil
}

// Exists reports whether dir holds a vault, that is an identity.age.
func Exists(dir string) (bool, error) {
	_, err := os.Stat(filepath.Join(dir, identityName))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	default:
		return false, fmt.Errorf("look for a vault in %s: %w", dir, err)
	}
}

// Open returns the vault in dir without decrypting anything. A folder
// without a vault is errs.Usage; a record.age without its identity.age is
// errs.Failed (never an invitation to make a new vault over it).
func Open(dir string, opts Options) (*Vault, error) {
	ok, err := Exists(dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		if _, err := os.Lstat(filepath.Join(dir, recordName)); err == nil {
			return nil, fmt.Errorf("identity.age is missing from %s, beside record.age: the vault key is in that file and cannot be made again; put back a copy of identity.age", dir)
		}
		return nil, errs.New(errs.Usage, "no vault in %s: run phr init (or pass --vault)", dir)
	}
	return newVault(dir, opts)
}

// Create makes a new vault in dir: a new vault key wrapped with passphrase
// in identity.age, and initial (the serialized empty record) encrypted in
// record.age. dir is created with mode 0700 if missing; an existing folder
// must hold nothing but what phr itself leaves (a lock file, an empty files/
// folder, temporary files). A vault already there is refused with
// errs.Usage. The returned Vault is unlocked, holds the write lock and counts
// initial as read. identity.age is written last, so a failed Create leaves no
// vault behind.
func Create(dir string, passphrase []byte, initial []byte, opts Options) (*Vault, error) {
	v, err := newVault(dir, opts)
	if err != nil {
		return nil, err
	}
	if len(passphrase) == 0 {
		return nil, errs.New(errs.Usage, "the passphrase is empty")
	}
	if err := v.prepareNewFolder(); err != nil {
		return nil, err
	}
	if err := v.LockForWriting(); err != nil {
		return nil, err
	}
	if err := v.create(passphrase, initial); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

func (v *Vault) create(passphrase, initial []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		return fmt.Errorf("create vault: make the vault key: %w", err)
	}
	v.setIdentity(id)
	if err := v.makeFolder(filesDirName); err != nil {
		return fmt.Errorf("create vault: %w", err)
	}
	rec := filepath.Join(v.dir, recordName)
	if _, err := os.Lstat(rec); err == nil {
		return errs.New(errs.Usage, "%s already holds a record.age without identity.age: move it away or choose another folder", v.dir)
	}
	if err := v.writeRecordFile(initial, false); err != nil {
		return fmt.Errorf("create vault: %w", err)
	}
	if err := v.writeIdentity(passphrase); err != nil {
		// The record was made by this call and nothing can decrypt it
		// without the identity that was never written.
		_ = v.fs.Remove(rec)
		return fmt.Errorf("create vault: %w", err)
	}
	return nil
}

// prepareNewFolder makes dir (0700) or checks that an existing dir holds
// nothing of anyone else's, and refuses a vault already there.
func (v *Vault) prepareNewFolder() error {
	if ok, err := Exists(v.dir); err != nil {
		return err
	} else if ok {
		return errs.New(errs.Usage, "a vault already exists in %s", v.dir)
	}
	entries, err := os.ReadDir(v.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(v.dir), 0o700); err != nil {
			return fmt.Errorf("create vault folder: %w%s", err, atomicfile.Hint(err))
		}
		if err := v.fs.Mkdir(v.dir, 0o700); err != nil {
			return fmt.Errorf("create vault folder: %w%s", err, atomicfile.Hint(err))
		}
		return nil
	case err != nil:
		return fmt.Errorf("create vault: read %s: %w", v.dir, err)
	}
	for _, e := range entries {
		n := e.Name()
		if n == lockName || n == filesDirName || isTempName(n) {
			continue
		}
		return errs.New(errs.Usage, "%s is not empty (it holds %q): choose a new or empty folder for the vault", v.dir, n)
	}
	if err := os.Chmod(v.dir, 0o700); err != nil {
		return fmt.Errorf("create vault: make %s private: %w%s", v.dir, err, atomicfile.Hint(err))
	}
	return nil
}

func isTempName(n string) bool { return strings.HasPrefix(n, ".phr-") && strings.HasSuffix(n, ".tmp") }

// Dir returns the vault folder as it was given (cleaned).
func (v *Vault) Dir() string { return v.dir }

func (v *Vault) path(name string) string { return filepath.Join(v.dir, name) }

func backupName(n int) string { return fmt.Sprintf("%s.%d", recordName, n) }

// Backups returns which of record.age.1..3 exist, in order.
func (v *Vault) Backups() []int {
	var out []int
	for n := 1; n <= backupCount; n++ {
		if st, err := os.Stat(v.path(backupName(n))); err == nil && st.Mode().IsRegular() {
			out = append(out, n)
		}
	}
	return out
}

// backupHint names the backups that exist and how to restore one.
func (v *Vault) backupHint() string {
	b := v.Backups()
	if len(b) == 0 {
		return "no backup (record.age.1..3) exists to restore"
	}
	names := make([]string, len(b))
	for i, n := range b {
		names[i] = backupName(n)
	}
	return fmt.Sprintf("backups: %s; put one back with phr restore --backup N", strings.Join(names, ", "))
}

// Close releases the write lock and forgets the vault key. The Vault cannot
// be used afterwards except for Dir. Close is idempotent.
func (v *Vault) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.forgetKey()
	v.read = nil
	v.bg.Wait()
	return v.unlockFile()
}

func (v *Vault) setIdentity(id *age.HybridIdentity) {
	v.forgetKey()
	v.id = id
	v.idText = []byte(id.String())
}

func (v *Vault) forgetKey() {
	clear(v.idText)
	v.idText = nil
	v.id = nil
}

// uniqueName returns a name in the vault folder made from format and the
// current UTC time that does not exist yet.
func (v *Vault) uniqueName(format string) string {
	stamp := v.clock.Now().UTC().Format(timeFormat)
	for i := 1; ; i++ {
		s := stamp
		if i > 1 {
			s = fmt.Sprintf("%s-%d", stamp, i)
		}
		name := fmt.Sprintf(format, s)
		if _, err := os.Lstat(v.path(name)); err != nil {
			return name // missing; any other problem shows when it is written
		}
	}
}
