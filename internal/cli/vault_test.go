package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// TestRunVaultCommands calls the run functions of phr remember, forget,
// passwd and restore on one vault.
func TestRunVaultCommands(t *testing.T) {
	ctx := context.Background()
	cfg, s := testVault(t)
	r, out, errOut := testRunner(cfg)
	var got map[string]any
	decode := func() map[string]any {
		t.Helper()
		got = nil
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		out.Reset()
		return got
	}

	if err := r.runRemember(ctx, s, true); err != nil {
		t.Fatal(err)
	}
	if decode()["remembered"] != true {
		t.Fatalf("remember: %v", got)
	}
	if err := r.runForget(ctx, cfg, s, true); err != nil {
		t.Fatal(err)
	}
	if decode(); got["removed"] != true || got["audited"] != true {
		t.Fatalf("forget: %v", got)
	}
	if err := r.runForget(ctx, cfg, nil, true); err != nil {
		t.Fatal(err)
	}
	if decode(); got["removed"] != false || got["audited"] != false || !strings.Contains(errOut.String(), "held no key") {
		t.Fatalf("forget again, without a session: %v, stderr %q", got, errOut)
	}

	// Saves make backups for restore.
	for _, title := range []string{"First", "Second"} {
		if _, err := s.Add(ctx, []record.Entry{{Category: record.Note, Title: title}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	newPass := []byte("marble kestrel orchard 2291 fjord")
	if err := r.runPasswd(ctx, s, passwdOptions{NewPassphrase: newPass}); err != nil || !strings.Contains(errOut.String(), "passphrase changed") {
		t.Fatalf("passwd: %v, stderr %q", err, errOut)
	}
	s.Close()
	if _, err := app.Open(ctx, cfg, app.Unlock{Passphrase: []byte(testPassphrase)}, app.ReadMostly); !errs.Is(err, errs.Unlock) {
		t.Fatalf("the old passphrase after passwd: %v", err)
	}

	if err := (restoreOptions{Backup: 4}).check(); !errs.Is(err, errs.Usage) {
		t.Fatalf("--backup 4: %v", err)
	}
	if err := r.runRestore(ctx, cfg, app.Unlock{Passphrase: newPass}, restoreOptions{Backup: 1, JSON: true}); err != nil {
		t.Fatal(err)
	}
	if decode(); got["restored"] != float64(1) || !strings.HasPrefix(got["aside"].(string), "record.") {
		t.Fatalf("restore: %v", got)
	}
	// The record put aside is kept, and the restored one opens.
	if _, err := os.Stat(filepath.Join(cfg.VaultDir, got["aside"].(string))); err != nil {
		t.Fatal(err)
	}
	s2, err := app.Open(ctx, cfg, app.Unlock{Passphrase: newPass}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
}

// TestRunInit calls phr init's run function: a new vault, remembered in
// the keyring; a second init in the same folder is refused.
func TestRunInit(t *testing.T) {
	ctx := context.Background()
	cfg, _ := testVault(t)
	cfg.VaultDir = filepath.Join(t.TempDir(), "new")
	r, out, _ := testRunner(cfg)
	o := initOptions{Passphrase: []byte(testPassphrase), Remember: true, JSON: true}
	if err := r.runInit(ctx, cfg, o); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Vault      string
		Remembered bool
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.Vault != cfg.VaultDir || !got.Remembered {
		t.Fatalf("init --json printed %q (%v)", out, err)
	}
	s, err := app.Open(ctx, cfg, app.Unlock{}, app.ReadMostly) // the keyring's key
	if err != nil {
		t.Fatalf("unlock with the remembered key: %v", err)
	}
	s.Close()
	if err := r.runInit(ctx, cfg, o); !errs.Is(err, errs.Usage) {
		t.Fatalf("a second init: %v", err)
	}
}
