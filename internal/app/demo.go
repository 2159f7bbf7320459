package app

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
)

// DemoPassphrase opens the demo vault after the interface was locked. It is
// published on purpose: the demo holds only a made-up patient and is removed
// when the interface closes.
const DemoPassphrase = "glacier omelette tundra walnut lantern"

// OpenDemo creates a throwaway vault in a new temporary folder, filled with
// a synthetic patient from the seeded generator, and opens it. No passphrase
// is asked (it is DemoPassphrase) and the system keyring is never touched. The returned function closes the session and removes the
// folder.
func OpenDemo(ctx context.Context, seed int64) (*Session, func(), error) {
	dir, err := os.MkdirTemp("", "phr-demo-*")
	if err != nil {
		return nil, nil, fmt.Errorf("demo: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	pass := DemoPassphrase
	cfg := Config{VaultDir: dir + "/vault", Keyring: NewMemoryKeyring(), ScryptLog2: 12, Clock: clock.System{}}
	s, err := Init(ctx, cfg, []byte(pass))
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	p := demo.Generate(seed, demo.SmallSize(), cfg.now())
	if err := s.FillDemo(ctx, p); err != nil {
		s.Close()
		cleanup()
		return nil, nil, err
	}
	return s, func() { s.Close(); cleanup() }, nil
}

// FillDemo adds a generated patient to the record in one transaction: its
// profile, entries, attachment files and carers (each with a fresh real
// key). The benchmarks use it to build large records.
func (s *Session) FillDemo(ctx context.Context, p *demo.Patient) error {
	now := s.cfg.now()
	var written []string
	for i := range p.Items {
		it := &p.Items[i]
		for _, b := range it.Attachments {
			id, size, sum, err := s.v.PutAttachment(b.Open())
			if err != nil {
				return fmt.Errorf("demo attachment: %w", err)
			}
			written = append(written, id)
			it.Entry.Attachments = append(it.Entry.Attachments, record.Attachment{ID: id, Name: b.Name, Type: b.Type, Size: size, SHA256: sum})
		}
	}
	err := s.commit(ctx, audit.Import, map[string]any{"demo": true, "entries": len(p.Items)}, func(tx *store.Store) error {
		if err := tx.SetProfile(ctx, p.Profile); err != nil {
			return err
		}
		for i := range p.Items {
			if err := tx.AddEntry(ctx, &p.Items[i].Entry, now); err != nil {
				return fmt.Errorf("demo entry %q: %w", p.Items[i].Entry.Title, err)
			}
		}
		for _, c := range p.Carers {
			if c.Recipient == "" {
				_, r, err := share.NewIdentity()
				if err != nil {
					return err
				}
				c.Recipient = r
			}
			if c.Added.IsZero() {
				c.Added = now
			}
			if err := tx.AddCarer(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !s.unsaved {
		for _, id := range written {
			_ = s.v.RemoveAttachment(id)
		}
	}
	return err
}

// NewMemoryKeyring returns a keyring that lives in memory only: for the
// demo and for tests, so the system keyring is never touched.
func NewMemoryKeyring() keyring.Keyring { return &memKeyring{m: map[string]string{}} }

type memKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memKeyring) Get(a string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.m[a]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func (k *memKeyring) Set(a, s string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[a] = s
	return nil
}

func (k *memKeyring) Delete(a string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.m[a]; !ok {
		return keyring.ErrNotFound
	}
	delete(k.m, a)
	return nil
}
