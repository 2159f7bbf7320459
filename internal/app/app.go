// Package app holds phr's use cases: creating and unlocking a vault, keeping
// entries, importing, sharing, auditing. The command line (internal/cli) and
// the interface (tui) both call it and nothing below it, so every rule lives
// in one place. A Session is one unlocked vault; each change it makes is
// committed to the in-memory record together with its audit row, then saved.
package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/phrhealth/phr/internal/agent"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/sensitive"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/vault"
)

// Config says where the vault is and which services phr uses. The zero
// value of every field but VaultDir means "the real one".
type Config struct {
	VaultDir string
	Clock    clock.Clock
	// Keyring is the OS keyring; nil means the system keyring.
	Keyring keyring.Keyring
	// ScryptLog2 is the scrypt work factor for a new identity.age; 0 keeps
	// age's default. Only tests lower it.
	ScryptLog2 int
	// FS is the file system the vault writer uses; nil means the real one.
	FS vault.FS
	// SeenDir is where phr remembers, per vault, the last version of the
	// record it saved or opened on this computer, to notice an older copy
	// put back between runs (see package seen); "" remembers nothing.
	SeenDir string
	// AgentDir is the folder of the unlock agents' sockets; "" means
	// agent.Dir of the process environment.
	AgentDir string
	// LockWait is how long a ReadWrite session waits for the write lock
	// another phr holds before it refuses with errs.Busy; 0 refuses at once.
	LockWait time.Duration
	// Paper is the PDFs' paper when a request names none: summary.PaperA4
	// or summary.PaperLetter (the command line takes it from the locale,
	// summary.EnvPaper); "" is A4.
	Paper string
}

func (c Config) now() time.Time {
	if c.Clock == nil {
		return time.Now()
	}
	return c.Clock.Now()
}

func (c Config) keyring() keyring.Keyring {
	if c.Keyring == nil {
		return keyring.System()
	}
	return c.Keyring
}

func (c Config) agentClient() agent.Client {
	dir := c.AgentDir
	if dir == "" {
		dir = agent.Dir(os.Getenv)
	}
	return agent.Client{Dir: dir, VaultDir: c.VaultDir}
}

func (c Config) vaultOptions() vault.Options {
	return vault.Options{FS: c.FS, Clock: c.Clock, ScryptLog2: c.ScryptLog2}
}

// DefaultVaultDir returns where the vault lives when neither --vault nor
// $PHR_VAULT says: the platform's per-user data folder plus "phr".
func DefaultVaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "phr"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the vault folder: %w (pass --vault or set PHR_VAULT)", err)
	}
	switch goos() {
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "phr"), nil
	case "windows":
		if d := os.Getenv("AppData"); d != "" {
			return filepath.Join(d, "phr"), nil
		}
	}
	return filepath.Join(home, ".local", "share", "phr"), nil
}

// Session is an unlocked vault with its record loaded in memory.
type Session struct {
	// mu serializes changes and saves with Close and Reload: the interface
	// saves in a background command and may close the session (quit, lock)
	// while that save runs; the close then waits for the save to finish.
	mu       sync.Mutex
	cfg      Config
	v        *vault.Vault
	st       *store.Store
	writable bool
	// unsaved is true while the record in memory holds changes that are not
	// yet on disk (a save failed).
	unsaved bool
	// via says how the vault was unlocked ("passphrase file", "keyring", ...).
	via string
	// pendingUnlock is set while the unlock's audit row waits to be saved.
	pendingUnlock bool
	// warning is told to the person after opening (see Warning).
	warning string
	// keepMark leaves this computer's mark of the vault alone: the record
	// is not the version it names (see checkSeen).
	keepMark bool
	// readOnlyMedia is set when the vault cannot be written at all.
	readOnlyMedia bool
	// lastApple is the last Apple Health export read (see readApple), so
	// an import after a dry run does not read it a second time; appleMu
	// guards it.
	appleMu   sync.Mutex
	lastApple *appleRead
	// viewDirs are the private folders of copies opened in a viewer, with
	// the attachment each holds, removed by Close (see ViewCopy); viewMu
	// guards them.
	viewMu   sync.Mutex
	viewDirs []viewDir
}

// Exists reports whether a vault is in cfg.VaultDir.
func Exists(cfg Config) (bool, error) { return vault.Exists(cfg.VaultDir) }

// OpenElsewhere returns errs.Busy when another phr process has the vault
// open for writing, before anything is decrypted, so the interface can say
// "already open" before it asks for the passphrase. Any other problem is
// left to Open, which will meet it.
func OpenElsewhere(cfg Config) error {
	v, err := vault.Open(cfg.VaultDir, cfg.vaultOptions())
	if err != nil {
		return nil
	}
	defer v.Close()
	if err := v.CheckFree(); errs.Is(err, errs.Busy) {
		return err
	}
	return nil
}

// Settings keys used by the app layer.
const (
	settingSigningKey        = "signing.ed25519"
	settingPassphraseChanged = "passphrase.changed"
	settingSaveGen           = "save.generation"
	// SettingPrivacyStart makes the interface start in privacy mode ("1").
	SettingPrivacyStart = "ui.privacy_start"
	// SettingLockAfter is the interface's idle lock, as a duration.
	SettingLockAfter = "ui.lock_after"
	// settingUnits prefixes the units chosen to show readings in, by kind
	// ("units.weight" = "lb"; see record.DisplayUnits).
	settingUnits = "units."
)

// Init creates a new vault protected by passphrase, which must pass the
// passphrase policy. The returned session is open for writing.
func Init(ctx context.Context, cfg Config, pass []byte) (*Session, error) {
	if ok, err := vault.Exists(cfg.VaultDir); err != nil {
		return nil, err
	} else if ok {
		return nil, errs.New(errs.Usage, "a vault already exists in %s: use it, or choose another folder with --vault", cfg.VaultDir)
	}
	if err := CheckPassphrase(pass, nil); err != nil {
		return nil, err
	}
	st, err := store.New(ctx)
	if err != nil {
		return nil, err
	}
	now := cfg.now()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("make signing key: %w", err)
	}
	err = st.Tx(ctx, func(tx *store.Store) error {
		if err := tx.SetSetting(ctx, settingSigningKey, base64.StdEncoding.EncodeToString(priv)); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, settingKindsVersion, sensitive.Version()); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, settingPassphraseChanged, now.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		return audit.Append(ctx, tx.Querier(), now, audit.Init, "vault created")
	})
	clear(priv)
	if err != nil {
		st.Close()
		return nil, err
	}
	plain, err := st.Serialize(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	v, err := vault.Create(cfg.VaultDir, normalized(pass), plain, cfg.vaultOptions())
	clear(plain)
	if err != nil {
		st.Close()
		return nil, err
	}
	s := &Session{cfg: cfg, v: v, st: st, writable: true, via: "new passphrase"}
	s.rememberSeen(ctx)
	return s, nil
}

// lockWaiting takes the vault's write lock, waiting up to wait for another
// phr to let it go (a ReadWrite session only: a ReadMostly one reads without
// it). It polls, from 20 ms up to a quarter of a second apart: flock cannot
// wait with a deadline. The wait is measured on the monotonic clock, not the
// session's clock, which tests may hold still.
func lockWaiting(ctx context.Context, v *vault.Vault, mode Mode, wait time.Duration) error {
	err := v.LockForWriting()
	if err == nil || mode != ReadWrite || wait <= 0 || !errs.Is(err, errs.Busy) {
		return err
	}
	deadline := time.Now().Add(wait)
	delay := 20 * time.Millisecond
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return errs.New(errs.Busy, "%v (waited %s)", err, wait)
		}
		t := time.NewTimer(min(delay, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("wait for the vault: %w", ctx.Err())
		case <-t.C:
		}
		delay = min(2*delay, 250*time.Millisecond)
		if err = v.LockForWriting(); err == nil || !errs.Is(err, errs.Busy) {
			return err
		}
	}
}

// Mode says whether a session may write.
type Mode int

const (
	// ReadWrite takes the vault's write lock; a vault held by another phr
	// is refused (errs.Busy).
	ReadWrite Mode = iota
	// ReadMostly takes the write lock when it is free (to record the unlock
	// in the audit log) and otherwise opens the record read-only.
	ReadMostly
)

// Open unlocks the vault in cfg.VaultDir with the first secret source that
// applies (see Unlock) and loads the record. Every unlock is audited when
// the session can write.
func Open(ctx context.Context, cfg Config, u Unlock, mode Mode) (*Session, error) {
	v, err := vault.Open(cfg.VaultDir, cfg.vaultOptions())
	if err != nil {
		return nil, err
	}
	s := &Session{cfg: cfg, v: v}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()
	if s.via, err = u.unlock(cfg, v); err != nil {
		return nil, err
	}
	switch err := lockWaiting(ctx, v, mode, cfg.LockWait); {
	case err == nil:
		s.writable = true
	case mode == ReadMostly && errs.Is(err, errs.Busy):
		s.writable = false
	case mode == ReadMostly && errors.Is(err, vault.ErrReadOnly):
		// A write-protected backup disk: read it, and say that this
		// access cannot reach the audit log.
		s.writable, s.readOnlyMedia = false, true
		s.warning = "the vault is on read-only media (or its folder may not be written): reading only, and this access is not in the audit log"
	default:
		return nil, err
	}
	plain, err := v.ReadRecord()
	if err != nil {
		return nil, err
	}
	s.st, err = store.Load(ctx, plain)
	clear(plain)
	if err != nil && ctx.Err() != nil {
		// Stopped while loading (SIGTERM, ctrl+c): record.age is fine.
		return nil, fmt.Errorf("load record: stopped before the record was loaded (%w); nothing was changed", ctx.Err())
	}
	if err != nil {
		return nil, errs.Wrap(errs.Failed, fmt.Errorf("%w; %s", err, restoreHint(v)))
	}
	if err := s.checkSeen(ctx, mode, u.acceptCurrent); err != nil {
		return nil, err
	}
	s.rememberSeen(ctx)
	if !s.writable && !s.keepMark && !s.readOnlyMedia {
		// Another phr holds the vault: the unlock goes to the read journal
		// for the next writer. (An older copy is read writing nothing.)
		s.noteRead()
	}
	if s.writable {
		if err := s.sweepUnsavedFiles(ctx); err != nil {
			return nil, err
		}
		s.pendingUnlock = true
	}
	if err := s.refreshKinds(ctx); err != nil {
		return nil, err
	}
	if s.writable {
		if !u.DeferAudit {
			if err := s.FlushUnlock(ctx); err != nil {
				return nil, err
			}
		}
	}
	ok = true
	return s, nil
}

// restoreHint names the backups a person can restore.
func restoreHint(v *vault.Vault) string {
	b := v.Backups()
	if len(b) == 0 {
		return "no backup (record.age.1..3) is left to restore"
	}
	return fmt.Sprintf("restore a backup with phr restore (backups: %v)", b)
}

// FlushUnlock saves the unlock's audit row if it is still waiting (see
// Unlock.DeferAudit). It saves without rotating the backups.
func (s *Session) FlushUnlock(ctx context.Context) error {
	if !s.pendingUnlock || !s.writable {
		return nil
	}
	return s.commitQuiet(ctx, audit.Unlock, map[string]string{"via": s.via}, nil)
}

// Close drops the record from memory and releases the vault. A change
// being saved is saved whole first.
func (s *Session) Close() error {
	s.RemoveViewCopies()
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.st != nil {
		err = s.st.Close()
		s.st = nil
	}
	if s.v != nil {
		err = errors.Join(err, s.v.Close())
		s.v = nil
	}
	return err
}

// db returns the record for a query, or an error once the session is
// closed: the interface may still ask for a list while it quits or locks.
func (s *Session) db() (*store.Store, error) {
	s.mu.Lock()
	st := s.st
	s.mu.Unlock()
	if st == nil {
		return nil, errs.New(errs.Failed, "the vault is locked: unlock it first")
	}
	return st, nil
}

// Writable reports whether this session holds the vault's write lock.
func (s *Session) Writable() bool { return s.writable }

// Unsaved reports whether changes in memory have not reached the disk.
func (s *Session) Unsaved() bool { return s.unsaved }

// Via says how the vault was unlocked.
func (s *Session) Via() string { return s.via }

// Dir returns the vault folder.
func (s *Session) Dir() string { return s.cfg.VaultDir }

// Now returns the session clock's time.
func (s *Session) Now() time.Time { return s.cfg.now() }

// Store gives read access to the record for queries the app layer does not
// wrap. Callers must not write through it.
func (s *Session) Store() *store.Store { return s.st }

// commit runs fn and appends an audit row in one transaction, then saves the
// vault with a new backup generation. If saving fails, the change stays in
// memory (Unsaved reports it) and the error is returned.
func (s *Session) commit(ctx context.Context, action string, detail any, fn func(tx *store.Store) error) error {
	return s.commitWith(ctx, action, detail, fn, true)
}

// commitQuiet is commit for rows that change nothing a person would want a
// backup of (an unlock): it saves without rotating the backups.
func (s *Session) commitQuiet(ctx context.Context, action string, detail any, fn func(tx *store.Store) error) error {
	return s.commitWith(ctx, action, detail, fn, false)
}

func (s *Session) commitWith(ctx context.Context, action string, detail any, fn func(tx *store.Store) error, rotate bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st == nil {
		return errs.New(errs.Failed, "the vault is locked: unlock it first")
	}
	if !s.writable {
		return errs.New(errs.Busy, "the vault is open for writing in another phr process: close it and try again")
	}
	now := s.cfg.now()
	pending := s.pendingUnlock && action != audit.Unlock
	notes, drop := s.pendingNotes(ctx)
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		if err := foldNotes(ctx, tx, now, notes); err != nil {
			return err
		}
		if pending || action == audit.Unlock {
			if err := audit.Append(ctx, tx.Querier(), now, audit.Unlock, map[string]string{"via": s.via}); err != nil {
				return err
			}
			if action == audit.Unlock {
				return nil
			}
		}
		if fn != nil {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx.Querier(), now, action, detail)
	})
	if err != nil {
		return err
	}
	s.pendingUnlock = false
	s.unsaved = true
	if err := s.save(ctx, rotate); err != nil {
		return err
	}
	if len(drop) > 0 {
		// Folded and saved; one left behind is recognised by its name.
		_ = s.v.DropReadNotes(drop)
	}
	return nil
}

// Save writes unsaved changes to disk (for a retry after a failed save).
func (s *Session) Save(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.unsaved {
		return nil
	}
	return s.save(ctx, true)
}

func (s *Session) save(ctx context.Context, rotate bool) error {
	if s.st == nil || s.v == nil {
		return errs.New(errs.Failed, "the vault is locked: nothing to save")
	}
	var gen int64
	if rotate {
		g, _, err := s.st.Setting(ctx, settingSaveGen)
		if err != nil {
			return err
		}
		gen, _ = strconv.ParseInt(g, 10, 64)
		gen++
		if err := s.st.SetSetting(ctx, settingSaveGen, strconv.FormatInt(gen, 10)); err != nil {
			return err
		}
	}
	// The vault reads the database where SQLite keeps it (no copy); the
	// session's lock keeps every change out until the save is done.
	err := s.st.WithSerialized(ctx, func(plain []byte) error { return s.v.WriteRecord(plain, rotate) })
	if err != nil {
		// The vault's errors already begin "save vault:".
		return err
	}
	s.unsaved = false
	s.rememberSeen(ctx)
	if rotate {
		// The change is on disk. What follows is housekeeping: it must not
		// be cut short by a stop request (SIGTERM, ctrl+c) arriving now, and
		// its failure must not turn a saved change into a reported failure
		// (callers then remove the new attachment files of a change they
		// think was lost, which the saved record names). Files it could not
		// remove stay listed as released and are removed by a later save.
		_ = s.deleteReleasedFiles(context.WithoutCancel(ctx), gen)
	}
	return nil
}

// deleteReleasedFiles removes attachment files that no kept version of the
// record names any more: released at generation g, they are named only by
// versions up to g-1, and the three backups are generations gen-1..gen-3.
func (s *Session) deleteReleasedFiles(ctx context.Context, gen int64) error {
	ids, err := s.st.ReleasedBefore(ctx, gen-3)
	if err != nil || len(ids) == 0 {
		return err
	}
	for _, id := range ids {
		if err := s.v.RemoveAttachment(id); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove attachment file: %w", err)
		}
		if err := s.st.ForgetReleased(ctx, id); err != nil {
			return err
		}
	}
	// The notes of released files change only the bookkeeping; they are
	// saved with the next change.
	return nil
}

// sweepUnsavedFiles deletes attachment files that were written for a change
// that never reached record.age (phr was stopped between writing the file
// and saving the record). Files the record does not name but that are older
// than record.age are left alone: a backup may name them (phr doctor lists
// them).
func (s *Session) sweepUnsavedFiles(ctx context.Context) error {
	orphans, err := s.orphanFiles(ctx)
	if err != nil {
		return err
	}
	for _, o := range orphans {
		if o.newerThanRecord {
			if err := s.v.RemoveAttachment(o.id); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("remove unsaved attachment file: %w", err)
			}
		}
	}
	return nil
}

type orphan struct {
	id              string
	newerThanRecord bool
}

func (s *Session) orphanFiles(ctx context.Context) ([]orphan, error) {
	onDisk, err := s.v.AttachmentIDs()
	if err != nil {
		return nil, err
	}
	named, err := s.st.AttachmentIDs(ctx)
	if err != nil {
		return nil, err
	}
	released, err := s.st.Released(ctx)
	if err != nil {
		return nil, err
	}
	recInfo, err := os.Stat(filepath.Join(s.cfg.VaultDir, "record.age"))
	if err != nil {
		return nil, fmt.Errorf("check attachments: %w", err)
	}
	var out []orphan
	for _, id := range onDisk {
		if named[id] || released[id] {
			continue
		}
		fi, err := os.Stat(filepath.Join(s.cfg.VaultDir, "files", id+".age"))
		if err != nil {
			continue
		}
		out = append(out, orphan{id: id, newerThanRecord: fi.ModTime().After(recInfo.ModTime())})
	}
	return out, nil
}

// Reload drops the record in memory and reads record.age again, for when
// another program changed it on disk: the person's unsaved edits were kept
// in a conflict file by the failed save, and the newer record is loaded.
func (s *Session) Reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.v == nil {
		return errs.New(errs.Failed, "the vault is locked: unlock it first")
	}
	plain, err := s.v.ReadRecord()
	if err != nil {
		return err
	}
	st, err := store.Load(ctx, plain)
	clear(plain)
	if err != nil {
		return errs.Wrap(errs.Failed, err)
	}
	if s.st != nil {
		s.st.Close()
	}
	s.st = st
	s.unsaved = false
	s.rememberSeen(ctx)
	return nil
}
