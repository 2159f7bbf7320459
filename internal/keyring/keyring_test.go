package keyring

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

const key = "AGE-SECRET-KEY-PQ-1TESTTESTTESTTESTTESTTESTTESTTESTTESTTESTTESTTESTTESTTESTTE"

const childEnv = "PHR_KEYRING_TEST_CHILD"

// These tests swap go-keyring's global provider, so none runs in parallel.

func TestMockRoundTrip(t *testing.T) {
	gokeyring.MockInit()
	k := System()
	acct := Account("/tmp/vault")
	if _, err := k.Get(acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on empty keyring: %v", err)
	}
	if err := k.Delete(acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete on empty keyring: %v", err)
	}
	if err := k.Set(acct, key); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(acct); err != nil || got != key {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if _, err := k.Get(Account("/tmp/other")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another vault's account: %v", err)
	}
	if err := k.Delete(acct); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
}

func TestMockFailures(t *testing.T) {
	defer gokeyring.MockInit()
	cases := []error{
		errors.New(`exec: "dbus-launch": executable file not found in $PATH`),
		errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"),
		gokeyring.ErrUnsupportedPlatform,
		gokeyring.ErrSetDataTooBig,
	}
	for _, e := range cases {
		t.Run(e.Error(), func(t *testing.T) {
			gokeyring.MockInitWithError(e)
			k := System()
			_, getErr := k.Get("a")
			for op, err := range map[string]error{"get": getErr, "set": k.Set("a", key), "delete": k.Delete("a")} {
				if err == nil || errors.Is(err, ErrNotFound) {
					t.Fatalf("%s: %v, want a wrapped failure distinct from ErrNotFound", op, err)
				}
				if !errors.Is(err, e) || !strings.Contains(err.Error(), "system keyring") {
					t.Errorf("%s: %v does not wrap %v with context", op, err, e)
				}
				if strings.Contains(err.Error(), key) {
					t.Errorf("%s: the secret is in the error", op)
				}
			}
		})
	}
	gokeyring.MockInitWithError(gokeyring.ErrNotFound)
	if _, err := System().Get("a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("not found maps to %v", err)
	}
}

func TestAccount(t *testing.T) {
	abs, _ := filepath.Abs("rel")
	cases := map[string]string{
		"rel":                            "vault:" + abs,
		filepath.Join(abs, "x", ".."):    "vault:" + abs,
		abs + string(filepath.Separator): "vault:" + abs,
	}
	for in, want := range cases {
		if got := Account(in); got != want {
			t.Errorf("Account(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSecretService stores, reads and deletes a secret in the real keyring.
// It runs when PHR_E2E=1 (then a missing keyring is a failure) or when a
// session bus is reachable; otherwise it is skipped. On Debian:
//
//	apt-get install -y dbus gnome-keyring
//	env HOME=$(mktemp -d) dbus-run-session -- sh -c \
//	  'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; PHR_E2E=1 go test ./internal/keyring/'
func TestSecretService(t *testing.T) {
	e2e := os.Getenv("PHR_E2E") == "1"
	if !e2e && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Skip("no session bus (DBUS_SESSION_BUS_ADDRESS unset): set PHR_E2E=1 under dbus-run-session with gnome-keyring to run")
	}
	if !e2e {
		if _, err := exec.LookPath("gnome-keyring-daemon"); err != nil {
			t.Skip("session bus but no gnome-keyring-daemon: set PHR_E2E=1 to require the real keyring")
		}
	}
	// The other tests replace go-keyring's provider with its mock for the
	// rest of the process, so the real keyring is used from a fresh one.
	if os.Getenv(childEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSecretService$", "-test.v")
		cmd.Env = append(os.Environ(), childEnv+"=1")
		if _, err := exec.LookPath("dbus-run-session"); err == nil {
			// A private session bus and a throwaway, unlocked keyring in a
			// fresh HOME, so an existing login keyring cannot get in the way.
			home := t.TempDir()
			cmd = exec.Command("dbus-run-session", "--", "sh", "-c",
				`echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"`,
				os.Args[0], "-test.run=^TestSecretService$", "-test.v")
			cmd.Env = append(os.Environ(), childEnv+"=1", "HOME="+home, "XDG_RUNTIME_DIR="+home, "XDG_DATA_HOME="+home+"/data")
		}
		out, err := cmd.CombinedOutput()
		t.Logf("real keyring test:\n%s", out)
		if err != nil {
			t.Fatalf("real keyring test failed: %v", err)
		}
		return
	}
	k := System()
	acct := Account(filepath.Join(t.TempDir(), "vault")) + "-" + time.Now().Format("150405.000000000")
	if err := k.Set(acct, key); err != nil {
		t.Fatalf("Set in the real keyring: %v", err)
	}
	defer k.Delete(acct)
	got, err := k.Get(acct)
	if err != nil || got != key {
		t.Fatalf("Get = %d characters, %v", len(got), err)
	}
	if err := k.Delete(acct); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := k.Get(acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
}
