package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

// TestRunKeygen calls phr keygen's run function: a key in the keyring,
// its recipient shown again the same, a key in a file, and --show with
// --out refused.
func TestRunKeygen(t *testing.T) {
	cfg, _ := testVault(t)
	r, out, errOut := testRunner(cfg)
	var first, again struct{ Recipient, Fingerprint, Key string }
	if err := r.runKeygen(cfg, keygenOptions{JSON: true}); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &first); err != nil || !strings.HasPrefix(first.Recipient, "age1") || first.Key != "keyring" || first.Fingerprint == "" {
		t.Fatalf("keygen --json printed %q (%v)", out, err)
	}
	out.Reset()
	if err := r.runKeygen(cfg, keygenOptions{Show: true, JSON: true}); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &again); err != nil || again != first {
		t.Fatalf("keygen --show printed %q (%v), want %+v", out, err, first)
	}
	out.Reset()
	file := filepath.Join(t.TempDir(), "key.txt")
	if err := r.runKeygen(cfg, keygenOptions{Out: file}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the key file: %v %v", st, err)
	}
	if rcp := strings.TrimSpace(out.String()); !strings.HasPrefix(rcp, "age1") || rcp == first.Recipient {
		t.Fatalf("keygen --out printed %q", rcp)
	}
	if !strings.Contains(errOut.String(), "its fingerprint is ") {
		t.Errorf("no fingerprint on stderr: %q", errOut)
	}
	if err := r.runKeygen(cfg, keygenOptions{Show: true, Out: file}); !errs.Is(err, errs.Usage) {
		t.Fatalf("--show with --out: %v", err)
	}
}
