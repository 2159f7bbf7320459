package app

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/record"
)

// recordingKeyring is a memory keyring that counts changes.
type recordingKeyring struct {
	keyring.Keyring
	mu      sync.Mutex
	changes []string
}

func (k *recordingKeyring) Set(account, secret string) error {
	k.mu.Lock()
	k.changes = append(k.changes, "set "+account)
	k.mu.Unlock()
	return k.Keyring.Set(account, secret)
}

func (k *recordingKeyring) Delete(account string) error {
	k.mu.Lock()
	k.changes = append(k.changes, "delete "+account)
	k.mu.Unlock()
	return k.Keyring.Delete(account)
}

type fileSnap struct {
	mode  fs.FileMode
	mtime time.Time
	data  []byte
}

func snapTree(t *testing.T, root string) map[string]fileSnap {
	t.Helper()
	m := map[string]fileSnap{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s := fileSnap{mode: info.Mode(), mtime: info.ModTime()}
		if info.Mode().IsRegular() {
			s.data, err = os.ReadFile(p)
		}
		m[p] = s
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameTree(t *testing.T, before, after map[string]fileSnap) {
	t.Helper()
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			t.Errorf("%s was removed", p)
		case a.mode != b.mode || !a.mtime.Equal(b.mtime) || !bytes.Equal(a.data, b.data):
			t.Errorf("%s changed (mode %v -> %v, mtime %v -> %v, same content %v)", p, b.mode, a.mode, b.mtime, a.mtime, bytes.Equal(a.data, b.data))
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s was created", p)
		}
	}
}

// TestWrongPassphraseWritesNothing: 1,000 wrong passphrases, typed (the
// interface's unlock screen) and at the prompt after the keyring has no key,
// each refused as a wrong passphrase (errs.Unlock); afterwards identity.age,
// record.age, its backups, the attachments, the lock file and the folders
// are byte-identical with the same modification times, nothing was created,
// and the keyring was never written.
func TestWrongPassphraseWritesNothing(t *testing.T) {
	ctx := context.Background()
	kr := &recordingKeyring{Keyring: NewMemoryKeyring()}
	cfg := testConfig(t)
	cfg.Keyring = kr
	s, err := Init(ctx, cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	letter := filepath.Join(t.TempDir(), "letter.txt")
	os.WriteFile(letter, []byte("a letter"), 0o600)
	for i := 0; i < 4; i++ {
		if _, err := s.Add(ctx, []record.Entry{{Category: record.Note, Title: fmt.Sprintf("n%d", i)}}, []string{letter}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	// Something in the keyring that must stay, under another account.
	kr.Keyring.Set("carer-identity", "AGE-SECRET-KEY-1EXAMPLE")
	root := filepath.Dir(cfg.VaultDir)
	before := snapTree(t, root)
	if len(before) < 10 {
		t.Fatalf("expected a vault with backups and attachments, got %d files", len(before))
	}

	rng := rand.New(rand.NewPCG(1, 2))
	near := func() string {
		b := []rune(testPass)
		switch rng.IntN(5) {
		case 0:
			b[rng.IntN(len(b))] = rune('a' + rng.IntN(26))
		case 1:
			return strings.ToUpper(testPass)
		case 2:
			return testPass + " "
		case 3:
			return testPass[:len(testPass)-1]
		default:
			return fmt.Sprintf("%x", rng.Uint64())
		}
		return string(b)
	}
	tries := 0
	for i := 0; tries < 1000; i++ {
		guess := near()
		if guess == testPass {
			continue
		}
		u := Unlock{Passphrase: []byte(guess), DeferAudit: i%3 == 0}
		if i%2 == 1 {
			u = Unlock{Prompt: func(string) ([]byte, error) { return []byte(guess), nil }}
		}
		mode := ReadWrite
		if i%4 == 0 {
			mode = ReadMostly
		}
		s, err := Open(ctx, cfg, u, mode)
		if err == nil {
			s.Close()
			t.Fatalf("%q opened the vault", guess)
		}
		if errs.KindOf(err) != errs.Unlock || !strings.Contains(err.Error(), "wrong passphrase") {
			t.Fatalf("%q: want a wrong-passphrase error, got %v", guess, err)
		}
		if strings.Contains(err.Error(), guess) {
			t.Fatalf("the error quotes the passphrase tried: %v", err)
		}
		tries++
	}
	sameTree(t, before, snapTree(t, root))
	if len(kr.changes) > 1 { // the one Set above
		t.Errorf("the keyring was written: %v", kr.changes)
	}
	// And the right passphrase still opens it.
	s, err = Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	t.Logf("%d wrong passphrases refused, nothing written", tries)
}
