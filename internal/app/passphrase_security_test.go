package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

// TestPassphraseFormsUnlock: long passphrases (64, 256 and 1,024
// characters, with spaces, emoji and other scripts) are never truncated:
// the same one unlocks, one without its last character does not; and the
// composed and decomposed forms of a passphrase unlock the same vault.
func TestPassphraseFormsUnlock(t *testing.T) {
	ctx := context.Background()
	words := "tundra ωμέγα 🦉 quartz ОМЛЕТ café glacier 山 walnut "
	long := func(n int) string {
		r := []rune(strings.Repeat(words, n/len([]rune(words))+1))
		return string(r[:n])
	}
	cases := []struct{ name, create, open string }{
		{"64", long(64), long(64)},
		{"256", long(256), long(256)},
		{"1024", long(1024), long(1024)},
		{"composed then decomposed", "café glacier quartz omelette", "cafe\u0301 glacier quartz omelette"},
		{"decomposed then composed", "cafe\u0301 glacier quartz omelette", "café glacier quartz omelette"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.VaultDir = filepath.Join(t.TempDir(), "v")
			s, err := Init(ctx, cfg, []byte(c.create))
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			s, err = Open(ctx, cfg, Unlock{Passphrase: []byte(c.open)}, ReadWrite)
			if err != nil {
				t.Fatalf("the same passphrase does not unlock: %v", err)
			}
			s.Close()
			r := []rune(c.open)
			_, err = Open(ctx, cfg, Unlock{Passphrase: []byte(string(r[:len(r)-1]))}, ReadWrite)
			if errs.KindOf(err) != errs.Unlock {
				t.Fatalf("one character short: want a wrong passphrase, got %v", err)
			}
		})
	}
}
