package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
)

const testPass = "correct-horse-lantern-meadow-violin"

var testNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func testConfig(t testing.TB) Config {
	t.Helper()
	return Config{VaultDir: filepath.Join(t.TempDir(), "vault"), Clock: clock.Fixed(testNow),
		Keyring: NewMemoryKeyring(), ScryptLog2: 10}
}

func newVault(t testing.TB) Config {
	t.Helper()
	cfg := testConfig(t)
	s, err := Init(context.Background(), cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return cfg
}

// failingKeyring returns the same error for everything, like go-keyring
// does without a session bus or with a locked collection.
type failingKeyring struct{ err error }

func (f failingKeyring) Get(string) (string, error) { return "", f.err }
func (f failingKeyring) Set(string, string) error   { return f.err }
func (f failingKeyring) Delete(string) error        { return f.err }

func TestUnlockOrderAndFallbacks(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	passFile := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(passFile, []byte(testPass+"\r\n"), 0o600)
	wrongFile := filepath.Join(t.TempDir(), "wrong")
	os.WriteFile(wrongFile, []byte("quartz-harbour-pepper-ostrich-tundra\n"), 0o600)

	// Remember the key, then check each source in turn.
	s, err := Open(ctx, cfg, Unlock{PassphraseFile: passFile}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Remember(ctx); err != nil {
		t.Fatal(err)
	}
	s.Close()
	prompted := 0
	prompt := func(string) ([]byte, error) { prompted++; return []byte(testPass), nil }

	tests := []struct {
		name    string
		cfg     func(Config) Config
		u       Unlock
		via     string
		kind    errs.Kind
		prompts int
	}{
		{"file first", nil, Unlock{PassphraseFile: passFile, Prompt: prompt}, "passphrase file", 0, 0},
		{"a wrong file does not fall through", nil, Unlock{PassphraseFile: wrongFile, Prompt: prompt}, "", errs.Unlock, 0},
		{"command second", nil, Unlock{PassphraseCommand: "cat " + passFile, Prompt: prompt}, "passphrase command", 0, 0},
		{"keyring third", nil, Unlock{Prompt: prompt}, "keyring", 0, 0},
		{"prompt last", func(c Config) Config { c.Keyring = NewMemoryKeyring(); return c }, Unlock{Prompt: prompt}, "prompt", 0, 1},
		{"keyring without dbus falls through to the prompt", func(c Config) Config {
			c.Keyring = failingKeyring{errors.New(`exec: "dbus-launch": executable file not found in $PATH`)}
			return c
		}, Unlock{Prompt: prompt}, "prompt", 0, 1},
		{"locked keyring and no terminal: exit 3 with the reason", func(c Config) Config {
			c.Keyring = failingKeyring{errors.New("failed to unlock correct collection")}
			return c
		}, Unlock{}, "", errs.Unlock, 0},
		{"stale key falls through", func(c Config) Config {
			k := NewMemoryKeyring()
			id, _, _ := share.NewIdentity()
			k.Set(keyring.Account(c.VaultDir), id)
			c.Keyring = k
			return c
		}, Unlock{Prompt: prompt}, "prompt", 0, 1},
		{"no source at all", func(c Config) Config { c.Keyring = NewMemoryKeyring(); return c }, Unlock{}, "", errs.Unlock, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg
			if tt.cfg != nil {
				c = tt.cfg(cfg)
			}
			prompted = 0
			s, err := Open(ctx, c, tt.u, ReadWrite)
			if tt.kind != 0 {
				if !errs.Is(err, tt.kind) {
					t.Fatalf("err = %v, want kind %v", err, tt.kind)
				}
				if strings.Contains(err.Error(), testPass) || strings.Contains(err.Error(), "AGE-SECRET-KEY") {
					t.Fatal("a secret in the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Via() != tt.via || prompted != tt.prompts {
				t.Fatalf("via %q after %d prompts, want %q after %d", s.Via(), prompted, tt.via, tt.prompts)
			}
		})
	}
}

func TestKeyringErrorsAreClear(t *testing.T) {
	cfg := newVault(t)
	cfg.Keyring = failingKeyring{errors.New("failed to unlock correct collection")}
	_, err := Open(context.Background(), cfg, Unlock{}, ReadWrite)
	if !errs.Is(err, errs.Unlock) || !strings.Contains(err.Error(), "keyring is not available") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Forget(context.Background(), cfg); err == nil {
		t.Fatal("forget with a broken keyring reported success")
	}
}

func TestSecondWriterIsBusy(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	u := Unlock{Passphrase: []byte(testPass)}
	a, err := Open(ctx, cfg, u, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := Open(ctx, cfg, u, ReadWrite); !errs.Is(err, errs.Busy) {
		t.Fatalf("second writer: %v", err)
	}
	b, err := Open(ctx, cfg, u, ReadMostly)
	if err != nil {
		t.Fatalf("a reader was refused: %v", err)
	}
	defer b.Close()
	if b.Writable() {
		t.Fatal("the reader got the write lock")
	}
	if _, err := b.Add(ctx, []record.Entry{{Category: record.Note, Title: "x"}}, nil); !errs.Is(err, errs.Busy) {
		t.Fatalf("a read-only session wrote: %v", err)
	}
}

// TestSecondWriterWaits: with LockWait a second writer waits for the first
// to close, and one that waits too short is refused saying how long it
// waited; a reader never waits.
func TestSecondWriterWaits(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	u := Unlock{Passphrase: []byte(testPass)}
	a, err := Open(ctx, cfg, u, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	short := cfg
	short.LockWait = 50 * time.Millisecond
	if _, err := Open(ctx, short, u, ReadWrite); !errs.Is(err, errs.Busy) || !strings.Contains(err.Error(), "waited 50ms") {
		t.Fatalf("a writer that waited too short: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Open(cancelled, short, u, ReadWrite); err == nil || errs.Is(err, errs.Busy) {
		t.Fatalf("a cancelled wait: %v", err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(200 * time.Millisecond)
		a.Close()
		close(released)
	}()
	long := cfg
	long.LockWait = time.Minute
	b, err := Open(ctx, long, u, ReadWrite)
	if err != nil {
		t.Fatalf("the waiting writer: %v", err)
	}
	defer b.Close()
	select {
	case <-released:
	default:
		t.Fatal("the second writer got the lock while the first held it")
	}
	if _, err := b.Add(ctx, []record.Entry{{Category: record.Note, Title: "after the wait"}}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestAddSuggestsAndRespectsReview(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Add(ctx, []record.Entry{
		{Category: record.Medication, Title: "Sertraline 50 mg"},
		{Category: record.Medication, Title: "Amlodipine 5 mg"},
		{Category: record.Medication, Title: "Sertraline 50 mg", SensitiveReviewed: true},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Entry.HasKind(record.MentalHealth) || res[0].Suggested[record.MentalHealth] == "" {
		t.Fatalf("sertraline not marked: %+v", res[0])
	}
	if len(res[1].Entry.Sensitive) != 0 {
		t.Fatalf("amlodipine marked: %+v", res[1].Entry)
	}
	// "sensitive_reviewed" on a new entry is no off switch.
	if !res[2].Entry.HasKind(record.MentalHealth) || res[2].Entry.SensitiveReviewed {
		t.Fatalf("a new entry escaped inference through sensitive_reviewed: %+v", res[2].Entry)
	}
	// An edit re-infers: a plain entry edited into a sensitive one is marked.
	plain := res[1].Entry
	plain.Title, plain.Notes = "Sertraline 100 mg", "for depression"
	if err := s.Edit(ctx, &plain, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Entry(ctx, plain.ID); err != nil || !got.HasKind(record.MentalHealth) {
		t.Fatalf("edited entry: %+v %v", got, err)
	}
	// The person's own choice holds, and the audit log says so.
	chosen := res[0].Entry
	chosen.Sensitive, chosen.SensitiveReviewed = nil, true
	if err := s.Edit(ctx, &chosen, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Entry(ctx, chosen.ID); len(got.Sensitive) != 0 || !got.SensitiveReviewed {
		t.Fatalf("reviewed entry: %+v", got)
	}
	trail, err := s.AuditLog(ctx)
	rows := trail.Rows
	if err != nil || len(rows) == 0 || !strings.Contains(rows[len(rows)-1].Detail, "kinds chosen by the person") {
		t.Fatalf("audit of the review: %v %+v", err, rows)
	}
	// The gate honours the review: the others are held back.
	_, err = s.PlanExport(ctx, ExportRequest{To: "", Passphrase: []byte("x"), Selection: share.Selection{Categories: []record.Category{record.Medication}}})
	if !errs.Is(err, errs.Policy) {
		t.Fatalf("gate: %v", err)
	}
}

func TestRemovedAttachmentsOutliveTheBackups(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := filepath.Join(t.TempDir(), "letter.txt")
	os.WriteFile(f, []byte("Dear Dr Smith"), 0o600)
	res, err := s.Add(ctx, []record.Entry{{Category: record.Document, Title: "Letter"}}, []string{f})
	if err != nil {
		t.Fatal(err)
	}
	id := res[0].Entry.Attachments[0].ID
	path := filepath.Join(cfg.VaultDir, "files", id+".age")
	if _, err := s.Remove(ctx, res[0].Entry.ID); err != nil {
		t.Fatal(err)
	}
	// record.age.1 (before the removal) names the file; it takes three more
	// rotating saves to push that version out of record.age.3.
	for i := 0; i < 3; i++ {
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("attachment deleted while backup %d may name it", i)
		}
		if _, err := s.Add(ctx, []record.Entry{{Category: record.Note, Title: "n"}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("attachment not deleted after every backup moved past it: %v", err)
	}
}

func TestUnsavedAttachmentIsSwept(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	// A file written for a change that never reached record.age.
	time.Sleep(10 * time.Millisecond)
	id, _, _, err := s.v.PutAttachment(strings.NewReader("orphan"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(filepath.Join(cfg.VaultDir, "files", id+".age")); !os.IsNotExist(err) {
		t.Fatalf("an unsaved attachment file was kept: %v", err)
	}
}

func TestDemoOpens(t *testing.T) {
	s, done, err := OpenDemo(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := s.Dir()
	counts, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range record.Categories() {
		if counts[c] == 0 {
			t.Errorf("the demo has no %s", c)
		}
	}
	cs, _ := s.Carers(context.Background())
	if len(cs) == 0 {
		t.Error("the demo has no carer")
	}
	series, _ := s.ChartSeries(context.Background())
	if len(series) < 3 {
		t.Errorf("the demo has %d chart series", len(series))
	}
	done()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatal("the demo folder was not removed")
	}
}

var _ = store.Filter{}

func TestChangedOnDiskKeepsEditsAndReloads(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Add(ctx, []record.Entry{{Category: record.Note, Title: "first"}}, nil); err != nil {
		t.Fatal(err)
	}
	// A sync tool puts an older copy back, with the same size and time.
	rec := filepath.Join(cfg.VaultDir, "record.age")
	fi, _ := os.Stat(rec)
	old, _ := os.ReadFile(rec + ".1")
	if err := os.WriteFile(rec, old, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(rec, fi.ModTime(), fi.ModTime())
	_, err = s.Add(ctx, []record.Entry{{Category: record.Note, Title: "second"}}, nil)
	if !errs.Is(err, errs.Busy) || !strings.Contains(err.Error(), "conflict") {
		t.Fatalf("save over a changed file: %v", err)
	}
	if got, _ := os.ReadFile(rec); string(got) != string(old) {
		t.Fatal("the changed file was overwritten")
	}
	conflicts, _ := filepath.Glob(filepath.Join(cfg.VaultDir, "record.conflict-*.age"))
	if len(conflicts) != 1 {
		t.Fatalf("conflict files: %v", conflicts)
	}
	if err := s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	es, _ := s.List(ctx, store.Filter{})
	if len(es) != 0 {
		t.Fatalf("after reload the record holds %d entries, want the older copy's 0", len(es))
	}
	if _, err := s.Add(ctx, []record.Entry{{Category: record.Note, Title: "third"}}, nil); err != nil {
		t.Fatalf("a save after reload: %v", err)
	}
}
