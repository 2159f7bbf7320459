package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRealKeyring runs the real binary against a real Secret Service
// (gnome-keyring in a private D-Bus session with a throwaway HOME):
// phr init, phr remember, then phr list with no passphrase source at all;
// phr forget, then phr list must fail with exit 3. It skips when dbus or
// gnome-keyring is missing, unless PHR_E2E=1, where that is a failure.
func TestRealKeyring(t *testing.T) {
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("PHR_E2E") == "1" {
				t.Fatalf("PHR_E2E=1 but %s is missing: apt-get install dbus gnome-keyring", tool)
			}
			t.Skipf("%s is missing (apt-get install dbus gnome-keyring); set PHR_E2E=1 to require it", tool)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "phr")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/phr")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build phr: %v\n%s", err, out)
	}
	pass := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(pass, []byte("correct-horse-lantern-meadow-violin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `set -u
echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$PHR" init --passphrase-file "$PASS" >/dev/null || exit 10
"$PHR" add note --title "kept in a real keyring" --passphrase-file "$PASS" >/dev/null || exit 11
"$PHR" remember --passphrase-file "$PASS" || exit 12
"$PHR" list < /dev/null || exit 13
"$PHR" forget || exit 14
"$PHR" list < /dev/null
[ $? -eq 3 ] || exit 15
echo done
`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script)
	home := filepath.Join(dir, "home")
	os.MkdirAll(home, 0o700)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR="+dir, "PHR_VAULT="+filepath.Join(dir, "vault"), "PHR="+bin, "PASS="+pass,
		"PHR_PASSPHRASE_FILE=", "PHR_PASSPHRASE_COMMAND=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("real keyring session failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "kept in a real keyring") || !strings.Contains(string(out), "done") {
		t.Fatalf("phr list did not open the vault from the keyring:\n%s", out)
	}
	if strings.Contains(string(out), "AGE-SECRET-KEY") {
		t.Fatal("the vault key was printed")
	}
}
