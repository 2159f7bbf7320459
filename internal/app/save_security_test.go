package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/vault"
)

// cancelAfterSave is the real file system, except that it cancels a context
// once a save has put the new record.age in place (at the folder fsync that
// follows the rename): a SIGTERM or ctrl+c arriving at that instant.
type cancelAfterSave struct {
	vault.OSFS
	mu       sync.Mutex
	armed    bool
	renamed  bool
	cancel   context.CancelFunc
	canceled bool
}

func (f *cancelAfterSave) Rename(oldpath, newpath string) error {
	err := f.OSFS.Rename(oldpath, newpath)
	f.mu.Lock()
	if err == nil && f.armed && filepath.Base(newpath) == "record.age" {
		f.renamed = true
	}
	f.mu.Unlock()
	return err
}

func (f *cancelAfterSave) SyncDir(dir string) error {
	err := f.OSFS.SyncDir(dir)
	f.mu.Lock()
	if f.renamed && !f.canceled {
		f.canceled = true
		f.cancel()
	}
	f.mu.Unlock()
	return err
}

func (f *cancelAfterSave) arm() {
	f.mu.Lock()
	f.armed = true
	f.mu.Unlock()
}

// TestStopRightAfterSave: phr told to stop (SIGTERM, ctrl+c) just after a
// change reached record.age. The change is on disk, so it must be reported
// done, and nothing it needs may be undone: the attachment file of a saved
// entry must stay, and an import that was saved must not say "nothing was
// imported".
func TestStopRightAfterSave(t *testing.T) {
	cfg := newVault(t)
	letter := filepath.Join(t.TempDir(), "letter.txt")
	if err := os.WriteFile(letter, []byte("a letter from the clinic"), 0o600); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(t.TempDir(), "bp.csv")
	if err := os.WriteFile(csv, []byte("Date,Type,Reading,Unit\n2025-01-02,weight,82.5,kg\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func(ctx context.Context, s *Session) error
	}{
		{"add with an attachment", func(ctx context.Context, s *Session) error {
			_, err := s.Add(ctx, []record.Entry{{Category: record.Document, Title: "Letter"}}, []string{letter})
			return err
		}},
		{"import", func(ctx context.Context, s *Session) error {
			_, err := s.Import(ctx, []string{csv}, false)
			return err
		}},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			fs := &cancelAfterSave{cancel: cancel}
			c := cfg
			c.FS = fs
			s, err := Open(context.Background(), c, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
			if err != nil {
				t.Fatal(err)
			}
			fs.arm()
			err = step.do(ctx, s)
			s.Close()
			if !fs.canceled {
				t.Fatal("the save never reached record.age")
			}
			if err != nil {
				t.Errorf("a change that reached record.age was reported as failed: %v", err)
			}
			if err != nil && strings.Contains(err.Error(), "nothing was imported") {
				t.Errorf("the import was saved, yet phr says %q", err)
			}
			// Whatever was said, the record on disk must be whole: every
			// attachment it names can be read.
			s, err = Open(context.Background(), cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			named, err := s.Store().AttachmentIDs(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for id := range named {
				rc, err := s.OpenAttachment(id)
				if err != nil {
					t.Errorf("the record names attachment %s, which is gone: %v", id, err)
					continue
				}
				io.Copy(io.Discard, rc)
				rc.Close()
			}
		})
	}
}

// TestStopWhileOpening: phr told to stop while it loads the record must not
// tell the person to restore a backup: nothing is wrong with record.age.
func TestStopWhileOpening(t *testing.T) {
	cfg := newVault(t)
	before, err := os.ReadFile(filepath.Join(cfg.VaultDir, "record.age"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err == nil {
		s.Close()
		t.Skip("opening finished before it looked at the context")
	}
	if strings.Contains(err.Error(), "restore") || strings.Contains(err.Error(), "damaged") {
		t.Errorf("an interrupted open blames record.age: %v", err)
	}
	if after, _ := os.ReadFile(filepath.Join(cfg.VaultDir, "record.age")); string(after) != string(before) {
		t.Error("an interrupted open changed record.age")
	}
}

// fullDisk is the real file system on a disk with no room for a new file.
type fullDisk struct{ vault.OSFS }

func (fullDisk) CreateTemp(dir, pattern string) (vault.File, error) {
	return nil, &os.PathError{Op: "open", Path: filepath.Join(dir, pattern), Err: syscall.ENOSPC}
}

// TestSaveErrorSaysItOnce: a failed save says what failed once, plainly.
func TestSaveErrorSaysItOnce(t *testing.T) {
	cfg := newVault(t)
	c := cfg
	c.FS = fullDisk{}
	s, err := Open(context.Background(), c, Unlock{Passphrase: []byte(testPass), DeferAudit: true}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Add(context.Background(), []record.Entry{{Category: record.Note, Title: "x"}}, nil)
	if err == nil {
		t.Fatal("a save on a full disk succeeded")
	}
	if n := strings.Count(err.Error(), "save vault"); n != 1 {
		t.Errorf("%q says \"save vault\" %d times", err, n)
	}
	if !strings.Contains(err.Error(), "disk is full") || !s.Unsaved() {
		t.Errorf("%q: want the reason, and the change kept as unsaved (unsaved=%v)", err, s.Unsaved())
	}
}

// closeDuringSave is the real file system, except that once a save has put
// the new record.age in place it closes the session from another goroutine
// (the interface quitting or locking while its save runs in a command) and
// gives that close a moment to run.
type closeDuringSave struct {
	vault.OSFS
	mu      sync.Mutex
	s       *Session
	closed  chan struct{}
	started bool
}

func (f *closeDuringSave) SyncDir(dir string) error {
	err := f.OSFS.SyncDir(dir)
	f.mu.Lock()
	s, start := f.s, f.s != nil && !f.started
	if start {
		f.started = true
	}
	f.mu.Unlock()
	if start {
		go func() {
			s.Close()
			close(f.closed)
		}()
		time.Sleep(50 * time.Millisecond)
	}
	return err
}

// TestCloseDuringSave: the interface closes its session (quit, lock) while
// a save it started is running. The save completes whole and the close
// waits for it: no panic, the change is on disk, the vault opens.
func TestCloseDuringSave(t *testing.T) {
	cfg := newVault(t)
	fs := &closeDuringSave{closed: make(chan struct{})}
	c := cfg
	c.FS = fs
	s, err := Open(context.Background(), c, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	fs.mu.Lock()
	fs.s = s
	fs.mu.Unlock()
	var panicked any
	func() {
		defer func() { panicked = recover() }()
		_, err = s.Add(context.Background(), []record.Entry{{Category: record.Note, Title: "saved while closing"}}, nil)
	}()
	if panicked != nil {
		t.Fatalf("a close during a save made the save panic: %v", panicked)
	}
	if err != nil {
		t.Errorf("the save was reported failed: %v", err)
	}
	<-fs.closed
	s, err = Open(context.Background(), cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es, err := s.Search(context.Background(), "closing", 10)
	if err != nil || len(es) != 1 {
		t.Errorf("the change saved during the close is not in the record: %v %v", es, err)
	}
}

// TestReadsAfterClose: the interface may still ask for a list, a chart or
// the audit log while it quits or locks; once the session is closed every
// read says the vault is locked instead of panicking.
func TestReadsAfterClose(t *testing.T) {
	cfg := newVault(t)
	s, err := Open(context.Background(), cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ctx := context.Background()
	reads := map[string]func() error{
		"Entry":             func() error { _, err := s.Entry(ctx, "abcd"); return err },
		"List":              func() error { _, err := s.List(ctx, store.Filter{}); return err },
		"Search":            func() error { _, err := s.Search(ctx, "x", 5); return err },
		"Counts":            func() error { _, err := s.Counts(ctx); return err },
		"Profile":           func() error { _, err := s.Profile(ctx); return err },
		"ChartSeries":       func() error { _, err := s.ChartSeries(ctx); return err },
		"Points":            func() error { _, err := s.Points(ctx, "k", "", ""); return err },
		"PointsBucketed":    func() error { _, err := s.PointsBucketed(ctx, "k", "", "", 10); return err },
		"Setting":           func() error { _, err := s.Setting(ctx, "k"); return err },
		"PassphraseChanged": func() error { _, err := s.PassphraseChanged(ctx); return err },
		"SigningKey":        func() error { _, err := s.SigningKey(ctx); return err },
		"AuditLog":          func() error { _, err := s.AuditLog(ctx); return err },
		"Carers":            func() error { _, err := s.Carers(ctx); return err },
		"Shares":            func() error { _, err := s.Shares(ctx); return err },
	}
	for name, read := range reads {
		t.Run(name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panicked: %v", p)
					}
				}()
				err = read()
			}()
			if err == nil || !strings.Contains(err.Error(), "locked") {
				t.Errorf("want an error saying the vault is locked, got %v", err)
			}
		})
	}
}

// TestExportOnFullDisk: the extract goes through the same file system as the
// vault (atomicfile), so a full disk fails `phr export` plainly: the error
// says the disk is full, no extract or temporary file is left, and nothing
// is recorded as shared.
func TestExportOnFullDisk(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, []record.Entry{{Category: record.Note, Title: "shared"}}, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	c := cfg
	c.FS = fullDisk{}
	s, err = Open(ctx, c, Unlock{Passphrase: []byte(testPass), DeferAudit: true}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	outDir := t.TempDir()
	out := filepath.Join(outDir, "extract.age")
	_, err = s.Export(ctx, ExportRequest{Passphrase: []byte("quartz-harbour-pepper-ostrich-tundra"), Out: out,
		Selection: share.Selection{Categories: []record.Category{record.Note}}})
	if err == nil || !strings.Contains(err.Error(), "disk is full") || !strings.Contains(err.Error(), "write extract") {
		t.Fatalf("an export to a full disk gave %v", err)
	}
	if left, _ := os.ReadDir(outDir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	if shares, err := s.Shares(ctx); err != nil || len(shares) != 0 {
		t.Errorf("shares %v (%v), want none", shares, err)
	}
}
