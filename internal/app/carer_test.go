package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
)

func TestDefaultShareFile(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	want := []string{"phr-share-2026-11-22.age", "phr-share-2026-11-22-2.age", "phr-share-2026-11-22-3.age"}
	for _, w := range want {
		got := DefaultShareFile(dir, now)
		if filepath.Base(got) != w {
			t.Fatalf("got %s, want %s", filepath.Base(got), w)
		}
		if err := os.WriteFile(got, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A dangling link takes the name too: the share must not write through it.
	os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "phr-share-2026-11-22-4.age"))
	if got := filepath.Base(DefaultShareFile(dir, now)); got != "phr-share-2026-11-22-5.age" {
		t.Fatalf("after a link: %s", got)
	}
}

func TestCarerKeyFromFile(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "key.txt")
	os.WriteFile(good, []byte("# from phr keygen\n"+id.Recipient().String()+"\n"), 0o600)
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte(id.String()+"\n"), 0o600)
	big := filepath.Join(dir, "big.txt")
	os.WriteFile(big, []byte(strings.Repeat("a", maxKeyFile+1)), 0o600)

	r, fp, err := CarerKeyFromFile(good)
	if err != nil || r != id.Recipient().String() || fp != RecipientFingerprint(r) || fp == "" {
		t.Fatalf("good file: %q %q %v", r, fp, err)
	}
	for _, p := range []string{secret, big, filepath.Join(dir, "missing.txt")} {
		_, _, err := CarerKeyFromFile(p)
		if err == nil {
			t.Fatalf("%s accepted", p)
		}
		if strings.Contains(err.Error(), "AGE-SECRET-KEY") {
			t.Fatalf("the error shows the secret: %v", err)
		}
	}
	if RecipientFingerprint("not a key") != "" {
		t.Fatal("a fingerprint for text that is not a key")
	}
}

func TestLockAfterLimits(t *testing.T) {
	cases := []struct {
		in    string
		ok    bool
		words string
	}{
		{"1s", false, ""}, {"29s", false, ""}, {"30s", true, "30 seconds"}, {"5m", true, "5 minutes"},
		{"90m", true, "1 hour 30 minutes"}, {"24h", true, "24 hours"}, {"25h", false, ""}, {"off", true, "off"},
		{"1m1s", true, "1 minute 1 second"}, {"soon", false, ""},
	}
	for _, tc := range cases {
		d, err := ParseLockAfter(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v", tc.in, err)
			continue
		}
		if tc.ok && DurationWords(d) != tc.words {
			t.Errorf("%s: %q, want %q", tc.in, DurationWords(d), tc.words)
		}
	}
}

func TestLockAfterFlag(t *testing.T) {
	if d, err := ParseLockAfterFlag("2s"); err != nil || d != 2*time.Second {
		t.Fatalf("2s for one run: %v %v", d, err)
	}
	if _, err := ParseLockAfterFlag("25h"); err == nil {
		t.Fatal("25h accepted")
	}
	if _, err := ParseLockAfter("2s"); err == nil || !strings.Contains(err.Error(), "30s") {
		t.Fatalf("2s kept: %v", err)
	}
}

func TestPrivateViewDir(t *testing.T) {
	shm := "/dev/shm"
	if !inMemory(shm) {
		t.Skip("no tmpfs at /dev/shm on this machine")
	}
	ram, err := os.MkdirTemp(shm, "phr-test-*")
	if err != nil {
		t.Skip(err)
	}
	defer os.RemoveAll(ram)
	os.Chmod(ram, 0o700)
	open, _ := os.MkdirTemp(shm, "phr-test-*")
	defer os.RemoveAll(open)
	os.Chmod(open, 0o755)
	env := func(v string) func(string) string { return func(string) string { return v } }
	cases := []struct {
		name, dir, want string
	}{
		{"ram 0700", ram, ram}, {"unset", "", ""}, {"relative", "run/user", ""},
		{"readable by others", open, ""}, {"missing", filepath.Join(ram, "gone"), ""},
	}
	if !inMemory(t.TempDir()) {
		cases = append(cases, struct{ name, dir, want string }{"on disk", t.TempDir(), ""})
	}
	for _, tc := range cases {
		if got := PrivateViewDir(env(tc.dir)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"letter.pdf": "letter.pdf", "../../etc/passwd": "passwd", `C:\Users\x\scan.png`: "scan.png",
		"a\x1b[2Jb.txt": "a_[2Jb.txt", "": "attachment", "..": "attachment", ".hidden": "hidden",
		"r\u202eevil.txt": "r_evil.txt",
	} {
		if got := safeFileName(in); got != want {
			t.Errorf("safeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}
