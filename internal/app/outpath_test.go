package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

// TestOutputFile: a file a command writes is never inside the vault folder,
// however the path reaches it, and never replaces an existing file without
// force (issue 16, item 3).
func TestOutputFile(t *testing.T) {
	root := t.TempDir()
	vaultDir := filepath.Join(root, "vault")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Mkdir(vaultDir, 0o700))
	must(os.WriteFile(filepath.Join(vaultDir, "identity.age"), []byte("key"), 0o600))
	must(os.WriteFile(filepath.Join(root, "old.age"), []byte("old"), 0o600))
	must(os.Mkdir(filepath.Join(root, "folder"), 0o700))
	must(os.Symlink(vaultDir, filepath.Join(root, "via")))
	must(os.Symlink(filepath.Join(vaultDir, "identity.age"), filepath.Join(root, "link.age")))
	must(os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "dangling.age")))
	cfg := Config{VaultDir: vaultDir}
	tests := []struct {
		out   string
		force bool
		ok    bool
	}{
		{"new.age", false, true},
		{"old.age", false, false},
		{"old.age", true, true},
		{"folder", true, false},
		{"dangling.age", false, false},
		{"vault/identity.age", true, false},
		{"vault/new.age", false, false},
		{"vault", true, false},
		{"vault/../new.age", false, true},
		{"vault/sub/../identity.age", true, false},
		{"via/identity.age", true, false},
		{"via/new.age", false, false},
		{"link.age", true, false},
	}
	for _, tt := range tests {
		got, err := outputFile(cfg, filepath.Join(root, tt.out), tt.force)
		if tt.ok != (err == nil) {
			t.Errorf("outputFile(%q, force %v) = %q, %v; want ok %v", tt.out, tt.force, got, err, tt.ok)
		}
		if err != nil && !errs.Is(err, errs.Usage) {
			t.Errorf("outputFile(%q): %v is not a usage error (exit 2)", tt.out, err)
		}
	}
}

// TestCheckOutputDir: phr open --save-attachments never writes into the
// vault folder, however the folder is named.
func TestCheckOutputDir(t *testing.T) {
	root := t.TempDir()
	vaultDir := filepath.Join(root, "vault")
	if err := os.MkdirAll(filepath.Join(vaultDir, "files"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(vaultDir, filepath.Join(root, "via")); err != nil {
		t.Fatal(err)
	}
	cfg := Config{VaultDir: vaultDir}
	for dir, ok := range map[string]bool{"vault": false, "vault/files": false, "via": false, "via/files": false, ".": true, "elsewhere": true} {
		if err := CheckOutputDir(cfg, filepath.Join(root, dir)); (err == nil) != ok {
			t.Errorf("CheckOutputDir(%q) = %v, want ok %v", dir, err, ok)
		}
	}
}

// TestCheckNewFile: the interface's forms refuse what outputFile refuses
// without force, in words that name no command-line flag, and say why.
func TestCheckNewFile(t *testing.T) {
	root := t.TempDir()
	vaultDir := filepath.Join(root, "vault")
	if err := os.Mkdir(vaultDir, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "old.age"), []byte("old"), 0o600)
	os.Symlink(vaultDir, filepath.Join(root, "via"))
	cfg := Config{VaultDir: vaultDir}
	tests := []struct{ out, want string }{
		{"new.age", ""},
		{"old.age", "already exists: choose another name (phr never replaces a file)"},
		{"vault/new.age", "inside the vault folder " + vaultDir + ": choose a file elsewhere"},
		{"via/new.age", "inside the vault folder " + vaultDir},
		{"nowhere/new.age", "does not exist: create it first"},
		{".", "is a folder"},
	}
	for _, tt := range tests {
		err := CheckNewFile(cfg, filepath.Join(root, tt.out))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckNewFile(%q) = %v, want nil", tt.out, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckNewFile(%q) = %v, want %q", tt.out, err, tt.want)
		case err != nil && (strings.Contains(err.Error(), "--") || !errs.Is(err, errs.Usage)):
			t.Errorf("CheckNewFile(%q) = %v: names a flag, or is not a usage error", tt.out, err)
		}
	}
}

// TestFreeName: the suggested name skips every existing file, a dangling
// symlink too.
func TestFreeName(t *testing.T) {
	dir := t.TempDir()
	if got := FreeName(dir, "phr-summary-2026-11-22", ".pdf"); got != filepath.Join(dir, "phr-summary-2026-11-22.pdf") {
		t.Fatalf("first name = %s", got)
	}
	os.WriteFile(filepath.Join(dir, "phr-summary-2026-11-22.pdf"), nil, 0o600)
	os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "phr-summary-2026-11-22-2.pdf"))
	if got := FreeName(dir, "phr-summary-2026-11-22", ".pdf"); got != filepath.Join(dir, "phr-summary-2026-11-22-3.pdf") {
		t.Fatalf("third name = %s", got)
	}
}
