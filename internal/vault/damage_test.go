package vault

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/testkit"
)

// damagedVault makes a vault whose record is about size bytes, with two
// backups, closed. It returns the folder and record.age's bytes.
func damagedVault(t *testing.T, size int) (string, []byte) {
	t.Helper()
	v, dir := newTestVault(t, randBytes(t, size), testOpts())
	for i := 0; i < 2; i++ {
		if err := v.WriteRecord(randBytes(t, size)); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	ct, err := os.ReadFile(filepath.Join(dir, "record.age"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, ct
}

func TestDamagedRecord(t *testing.T) {
	const size = 200 << 10
	dir0, ct := damagedVault(t, size)
	type damage struct {
		name string
		f    func([]byte) []byte
	}
	var cases []damage
	add := func(name string, f func([]byte) []byte) { cases = append(cases, damage{name, f}) }
	add("zero length", func([]byte) []byte { return nil })
	add("garbage appended", func(b []byte) []byte { return append(bytes.Clone(b), "garbage"...) })
	add("one byte appended", func(b []byte) []byte { return append(bytes.Clone(b), 0) })
	add("not age", func([]byte) []byte { return []byte("SQLite format 3\x00") })
	for _, cut := range []int{1, 20, 100, 64 << 10, 64<<10 + 1, 128 << 10, 128<<10 - 1, len(ct) / 2, len(ct) - 1, len(ct) - 16} {
		add(fmt.Sprintf("truncated to %d", cut), func(b []byte) []byte { return bytes.Clone(b[:cut]) })
	}
	for _, at := range []int{0, 10, 40, 200, 400, len(ct) / 3, len(ct) / 2, len(ct) - 40, len(ct) - 1} {
		for _, bit := range []byte{0x01, 0x80} {
			add(fmt.Sprintf("bit %#x flipped at %d", bit, at), func(b []byte) []byte {
				c := bytes.Clone(b)
				c[at] ^= bit
				return c
			})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := copyDir(t, dir0)
			bad := c.f(ct)
			if err := os.WriteFile(filepath.Join(dir, "record.age"), bad, 0o600); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			v := openUnlocked(t, dir, testOpts())
			plain, err := v.ReadRecord()
			if plain != nil {
				t.Fatalf("returned %d bytes of a damaged record", len(plain))
			}
			wantKind(t, err, errs.Failed)
			mustContain(t, err, "record.age.1, record.age.2", "phr restore")
			if err := v.LockForWriting(); err != nil {
				t.Fatal(err)
			}
			if err := v.WriteRecord([]byte("x")); err == nil {
				t.Fatal("saved over a record that could not be read")
			}
			v.Close()
			after := snapshot(t, dir)
			delete(after, "lock") // taking the lock writes the pid into it
			delete(before, "lock")
			sameSnapshot(t, before, after)
		})
	}
}

func TestRestore(t *testing.T) {
	dir, ct := damagedVault(t, 1000)
	b1, _ := os.ReadFile(filepath.Join(dir, "record.age.1"))
	b2, _ := os.ReadFile(filepath.Join(dir, "record.age.2"))
	bad := bytes.Clone(ct[:len(ct)/2])
	os.WriteFile(filepath.Join(dir, "record.age"), bad, 0o600)

	v := openUnlocked(t, dir, testOpts())
	if _, err := v.ReadRecord(); err == nil {
		t.Fatal("read a damaged record")
	}
	if err := v.Restore(1); err == nil {
		t.Fatal("restored without the lock")
	}
	if err := v.LockForWriting(); err != nil {
		t.Fatal(err)
	}
	wantKind(t, v.Restore(0), errs.Usage)
	wantKind(t, v.Restore(3), errs.Usage) // no record.age.3 yet
	if err := v.Restore(1); err != nil {
		t.Fatalf("Restore(1): %v", err)
	}
	now, _ := os.ReadFile(filepath.Join(dir, "record.age"))
	if !bytes.Equal(now, b1) {
		t.Fatal("record.age is not record.age.1")
	}
	aside, _ := filepath.Glob(filepath.Join(dir, "record.damaged-*.age"))
	if len(aside) != 1 {
		t.Fatalf("damaged files %v", aside)
	}
	if got, _ := os.ReadFile(aside[0]); !bytes.Equal(got, bad) {
		t.Fatal("the damaged record was not kept as it was")
	}
	if got := v.Backups(); fmt.Sprint(got) != "[1 2]" {
		t.Fatalf("backups %v", got)
	}
	// The record must be read again before a save.
	if err := v.WriteRecord([]byte("x")); err == nil {
		t.Fatal("saved without reading the restored record")
	}
	if _, err := v.ReadRecord(); err != nil {
		t.Fatalf("restored record: %v", err)
	}
	// A damaged backup is refused while unlocked, and nothing changes.
	os.WriteFile(filepath.Join(dir, "record.age.2"), b2[:40], 0o600)
	before := snapshot(t, dir)
	err := v.Restore(2)
	mustContain(t, err, "record.age.2", "damaged too")
	sameSnapshot(t, before, snapshot(t, dir))
	// Restoring twice keeps both damaged files.
	if err := v.Restore(1); err != nil {
		t.Fatal(err)
	}
	if aside, _ := filepath.Glob(filepath.Join(dir, "record.damaged-*.age")); len(aside) != 2 {
		t.Fatalf("damaged files %v", aside)
	}
}

func TestWrongPassphraseTouchesNothing(t *testing.T) {
	dir, _ := damagedVault(t, 100)
	v, err := Open(dir, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	before := snapshot(t, dir)
	for i := range 50 {
		err := v.UnlockPassphrase([]byte(fmt.Sprintf("wrong passphrase number %d", i)))
		wantKind(t, err, errs.Unlock)
		if err.Error() != "wrong passphrase for the vault in "+dir {
			t.Fatalf("message %q", err)
		}
	}
	wantKind(t, v.UnlockPassphrase(nil), errs.Unlock)
	if _, err := v.ReadRecord(); err == nil {
		t.Fatal("read with no key")
	}
	sameSnapshot(t, before, snapshot(t, dir))
}

func TestIdentityFileProblems(t *testing.T) {
	dir0, _ := damagedVault(t, 100)
	id0, _ := os.ReadFile(filepath.Join(dir0, "identity.age"))
	cases := []struct {
		name   string
		change func(dir string)
		kind   errs.Kind
		want   string
	}{
		{"missing after open", func(dir string) { os.Remove(filepath.Join(dir, "identity.age")) }, errs.Failed, "identity.age is missing"},
		{"truncated", func(dir string) { os.WriteFile(filepath.Join(dir, "identity.age"), id0[:len(id0)-10], 0o600) }, errs.Failed, "identity.age in " + "DIR" + " is damaged"},
		{"payload bit flip", func(dir string) {
			c := bytes.Clone(id0)
			c[len(c)-5] ^= 1
			os.WriteFile(filepath.Join(dir, "identity.age"), c, 0o600)
		}, errs.Failed, "is damaged"},
		{"garbage", func(dir string) { os.WriteFile(filepath.Join(dir, "identity.age"), []byte("hello"), 0o600) }, errs.Failed, "is damaged"},
		{"empty", func(dir string) { os.WriteFile(filepath.Join(dir, "identity.age"), nil, 0o600) }, errs.Failed, "is damaged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyDir(t, dir0)
			v, err := Open(dir, testOpts())
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			c.change(dir)
			before := snapshot(t, dir)
			err = v.UnlockPassphrase(testPass)
			wantKind(t, err, c.kind)
			mustContain(t, err, strings.ReplaceAll(c.want, "DIR", dir))
			if errs.Is(err, errs.Unlock) || strings.Contains(err.Error(), "wrong passphrase") {
				t.Fatalf("a damaged identity reads as a wrong passphrase: %v", err)
			}
			sameSnapshot(t, before, snapshot(t, dir))
		})
	}
	t.Run("missing before open", func(t *testing.T) {
		dir := copyDir(t, dir0)
		os.Remove(filepath.Join(dir, "identity.age"))
		_, err := Open(dir, testOpts())
		wantKind(t, err, errs.Failed)
		mustContain(t, err, "identity.age is missing")
		_, err = Create(dir, testPass, nil, testOpts())
		wantKind(t, err, errs.Usage)
		if _, err := os.Stat(filepath.Join(dir, "identity.age")); !os.IsNotExist(err) {
			t.Fatal("Create made a new identity over an existing record")
		}
	})
}

func TestUnlockIdentityAndPassphraseChange(t *testing.T) {
	v, dir := newTestVault(t, []byte("rec"), testOpts())
	key := v.IdentityString()
	if !strings.HasPrefix(key, "AGE-SECRET-KEY-PQ-1") {
		t.Fatalf("identity string has prefix %.20s", key)
	}
	newPass := []byte("a completely different passphrase")
	if err := v.ChangePassphrase(newPass); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if v.IdentityString() != "" {
		t.Fatal("Close kept the key")
	}

	w, _ := Open(dir, testOpts())
	defer w.Close()
	wantKind(t, w.UnlockPassphrase(testPass), errs.Unlock)
	if err := w.UnlockPassphrase(newPass); err != nil {
		t.Fatalf("new passphrase: %v", err)
	}
	if w.IdentityString() != key {
		t.Fatal("the passphrase change made a new key")
	}

	k, _ := Open(dir, testOpts())
	defer k.Close()
	if err := k.UnlockIdentity(key + "\n"); err != nil {
		t.Fatalf("UnlockIdentity: %v", err)
	}
	if got, err := k.ReadRecord(); err != nil || string(got) != "rec" {
		t.Fatalf("read %q, %v", got, err)
	}

	other, _ := newTestVault(t, nil, testOpts())
	for _, bad := range []string{other.IdentityString(), "", "AGE-SECRET-KEY-PQ-1XXXX", "hello"} {
		x, _ := Open(dir, testOpts())
		err := x.UnlockIdentity(bad)
		wantKind(t, err, errs.Unlock)
		if bad != "" && strings.Contains(err.Error(), bad) {
			t.Fatal("the error quotes the key")
		}
		x.Close()
	}
}

// copyDir copies the vault folder src to a new temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "vault")
	testkit.CopyDir(t, src, dst)
	return dst
}
