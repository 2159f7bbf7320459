package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/vault"
)

// failNth is the real file system on a disk that fills up at the nth new
// file (CreateTemp), or whose rename to one name fails: the steps of a
// change that can fail half-way.
type failNth struct {
	vault.OSFS
	mu       sync.Mutex
	creates  int
	failAt   int    // the CreateTemp call that fails (1-based); 0: none
	renameTo string // a rename onto this base name fails; "": none
}

func (f *failNth) CreateTemp(dir, pattern string) (vault.File, error) {
	f.mu.Lock()
	f.creates++
	fail := f.creates == f.failAt
	f.mu.Unlock()
	if fail {
		return nil, &os.PathError{Op: "open", Path: filepath.Join(dir, pattern), Err: syscall.ENOSPC}
	}
	return f.OSFS.CreateTemp(dir, pattern)
}

func (f *failNth) Rename(oldpath, newpath string) error {
	if f.renameTo != "" && filepath.Base(newpath) == f.renameTo {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: syscall.EIO}
	}
	return f.OSFS.Rename(oldpath, newpath)
}

// folderFiles returns the names and contents of the vault folder's files
// (not the lock, which only holds a pid).
func folderFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		if e.IsDir() || e.Name() == "lock" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

func auditActions(t *testing.T, cfg Config, pass string) ([]string, error) {
	t.Helper()
	s, err := Open(context.Background(), cfg, Unlock{Passphrase: []byte(pass), NoKeyring: true, DeferAudit: true}, ReadMostly)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	trail, err := s.AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if trail.Broken != nil {
		t.Errorf("the audit chain is broken: %v", trail.Broken)
	}
	var acts []string
	for _, r := range trail.Rows {
		acts = append(acts, r.Action+": "+r.Detail)
	}
	return acts, nil
}

// TestChangePassphraseIsOneOutcome (issue 16, item 4): a passphrase change
// fails at each of its steps in turn (the new identity.age, the record with
// the change's audit row, either rename). Whatever failed, exactly one
// passphrase opens the vault, the error says which, and the audit log says
// the passphrase changed only when it did. Before the fix, identity.age was
// replaced first: a record save failing afterwards left the old passphrase
// useless while phr said nothing had changed.
func TestChangePassphraseIsOneOutcome(t *testing.T) {
	const newPass = "quartz-harbour-pepper-ostrich-tundra"
	faults := []struct {
		name string
		fs   *failNth
	}{
		{"the new identity.age does not fit", &failNth{failAt: 1}},
		{"the record with the audit row does not fit", &failNth{failAt: 2}},
		{"the record's rename fails", &failNth{renameTo: "record.age"}},
		{"identity.age's rename fails", &failNth{renameTo: "identity.age"}},
		{"no fault", &failNth{}},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := newVault(t)
			idBefore, _ := os.ReadFile(filepath.Join(cfg.VaultDir, "identity.age"))
			c := cfg
			c.FS = f.fs
			s, err := Open(ctx, c, Unlock{Passphrase: []byte(testPass), DeferAudit: true}, ReadWrite)
			if err != nil {
				t.Fatal(err)
			}
			err = s.ChangePassphrase(ctx, []byte(newPass))
			s.Close()
			idAfter, _ := os.ReadFile(filepath.Join(cfg.VaultDir, "identity.age"))
			oldActs, oldErr := auditActions(t, cfg, testPass)
			newActs, newErr := auditActions(t, cfg, newPass)
			changed := slices.Contains(oldActs, "passwd: passphrase changed") || slices.Contains(newActs, "passwd: passphrase changed")
			switch {
			case err == nil:
				if newErr != nil || oldErr == nil {
					t.Fatalf("the change succeeded, but the new passphrase gives %v and the old %v", newErr, oldErr)
				}
				if !slices.Contains(newActs, "passwd: passphrase changed") {
					t.Errorf("the change succeeded but is not in the audit log: %q", newActs)
				}
			case strings.Contains(err.Error(), "the old one still opens the vault"):
				if oldErr != nil || newErr == nil {
					t.Fatalf("%v: but the old passphrase gives %v and the new %v", err, oldErr, newErr)
				}
				if !bytes.Equal(idBefore, idAfter) {
					t.Errorf("%v: but identity.age changed", err)
				}
				// A change row may stay only if a later row undoes it.
				if changed && !slices.Contains(oldActs, "passwd: passphrase change undone: identity.age could not be replaced") {
					t.Errorf("%v: but the audit log says the passphrase changed: %q", err, oldActs)
				}
			case strings.Contains(err.Error(), "the new passphrase opens the vault now"):
				if newErr != nil || oldErr == nil || !changed {
					t.Fatalf("%v: but the new passphrase gives %v, the old %v, the change logged: %v", err, newErr, oldErr, changed)
				}
			default:
				t.Fatalf("the error does not say which passphrase opens the vault: %v", err)
			}
			if f.name != "no fault" && err == nil {
				t.Errorf("the fault was never met")
			}
			t.Logf("%v", err)
		})
	}
}

// TestChangePassphraseNeedsSavedRecord: unsaved changes (a save that failed
// before) are not carried by a passphrase change; it says so and changes
// nothing.
func TestChangePassphraseNeedsSavedRecord(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	fs := &failNth{failAt: 1}
	c := cfg
	c.FS = fs
	s, err := Open(ctx, c, Unlock{Passphrase: []byte(testPass), DeferAudit: true}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Add(ctx, []record.Entry{{Category: record.Note, Title: "unsaved"}}, nil); err == nil {
		t.Fatal("the save that should fail succeeded")
	}
	err = s.ChangePassphrase(ctx, []byte("quartz-harbour-pepper-ostrich-tundra"))
	if err == nil || !strings.Contains(err.Error(), "not saved") {
		t.Errorf("a passphrase change with unsaved changes: %v", err)
	}
}

// TestRestoreIsOneOutcome (issue 16, item 4): a restore fails at each of its
// steps in turn. Either it succeeded, and the restored record holds the
// restore in its audit log, or the folder is exactly as it was and the error
// says record.age was not changed, never that the backup "was put back".
// Before the fix the restore renamed the backup into place and then failed
// to write its audit row, saying the backup "was put back, but opening it
// failed ... record.age was not changed".
func TestRestoreIsOneOutcome(t *testing.T) {
	faults := []struct {
		name string
		fs   *failNth
	}{
		{"the first new file does not fit", &failNth{failAt: 1}},
		{"the second new file does not fit", &failNth{failAt: 2}},
		{"record.age's rename fails", &failNth{renameTo: "record.age"}},
		{"no fault", &failNth{}},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := newVault(t)
			s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
			if err != nil {
				t.Fatal(err)
			}
			for _, title := range []string{"one", "two"} {
				if _, err := s.Add(ctx, []record.Entry{{Category: record.Note, Title: title}}, nil); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			before := folderFiles(t, cfg.VaultDir)
			c := cfg
			c.FS = f.fs
			aside, err := Restore(ctx, c, Unlock{Passphrase: []byte(testPass)}, 1)
			after := folderFiles(t, cfg.VaultDir)
			if err != nil {
				t.Logf("%v", err)
				if !strings.Contains(err.Error(), "record.age was not changed") || strings.Contains(err.Error(), "was put back") {
					t.Errorf("a failed restore must say record.age was not changed, and nothing was put back: %v", err)
				}
				if !errs.Is(err, errs.Failed) {
					t.Errorf("a failed restore is exit %v, want 1", errs.KindOf(err))
				}
				if !sameFiles(before, after) {
					t.Errorf("a failed restore changed the vault folder: %v -> %v", keys(before), keys(after))
				}
				return
			}
			if f.name != "no fault" && f.fs.creates < f.fs.failAt {
				t.Logf("the restore made %d new files: the fault was not met", f.fs.creates)
			}
			if _, ok := after[aside]; !ok || !bytes.Equal(after[aside], before["record.age"]) {
				t.Errorf("the current record.age was not kept aside as %q", aside)
			}
			acts, err := auditActions(t, cfg, testPass)
			if err != nil {
				t.Fatal(err)
			}
			last := acts[len(acts)-2:]
			if !strings.HasPrefix(last[0], audit.Unlock+":") || !strings.HasPrefix(last[1], audit.Restore+":") {
				t.Errorf("the restored record's audit log ends %q, want the unlock and the restore", last)
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}
