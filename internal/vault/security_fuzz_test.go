package vault

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/errs"
)

// FuzzOpenFile feeds arbitrary bytes to phr's one open path for age files
// (vaults and extracts). It must never panic, and must refuse an oversized
// scrypt work factor before deriving anything.
func FuzzOpenFile(f *testing.F) {
	id, _ := age.GenerateX25519Identity()
	pw, _ := age.NewScryptIdentity("correct-horse-lantern-meadow-violin")
	var good bytes.Buffer
	w, _ := age.Encrypt(&good, id.Recipient())
	w.Write([]byte("hello"))
	w.Close()
	f.Add(good.Bytes())
	f.Add([]byte("age-encryption.org/v1\n-> scrypt c2FsdA 30\nAAAA\n--- AAAA\n"))
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := OpenFile(bytes.NewReader(data), id, pw)
		if err == nil {
			io.Copy(io.Discard, io.LimitReader(r, 1<<20))
		}
	})
}

// snapFolder records every file and folder under dir (content, mode and
// modification time), to show that reading changed nothing.
func snapFolder(t testing.TB, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, err := d.Info()
		if err != nil {
			t.Fatal(err)
		}
		var data []byte
		if info.Mode().IsRegular() {
			data, _ = os.ReadFile(p)
		}
		m[p] = fmt.Sprintf("%v %d %x", info.Mode(), info.ModTime().UnixNano(), sha256.Sum256(data))
		return nil
	})
	return m
}

func sameFolder(t *testing.T, before, after map[string]string) {
	t.Helper()
	if !maps.Equal(before, after) {
		t.Fatalf("reading changed the vault folder:\nbefore %v\nafter  %v", before, after)
	}
}

// fuzzVault makes a vault with backups and an attachment, at a low work
// factor, and returns its folder.
func fuzzVault(f *testing.F) string {
	dir := filepath.Join(f.TempDir(), "vault")
	v, err := Create(dir, []byte(fuzzPass), []byte("seed"), Options{ScryptLog2: 10})
	if err != nil {
		f.Fatal(err)
	}
	defer v.Close()
	if err := v.LockForWriting(); err != nil {
		f.Fatal(err)
	}
	if _, err := v.ReadRecord(); err != nil {
		f.Fatal(err)
	}
	for _, p := range []string{"one", "two"} {
		if err := v.WriteRecord([]byte(p)); err != nil {
			f.Fatal(err)
		}
	}
	if _, _, _, err := v.PutAttachment(bytes.NewReader([]byte("a letter"))); err != nil {
		f.Fatal(err)
	}
	return dir
}

const fuzzPass = "correct-horse-lantern-meadow-violin"

// FuzzReadRecord writes arbitrary bytes as record.age of a real, unlocked
// vault (with backups and an attachment): reading it must fail cleanly,
// naming record.age, or return exactly what was saved; never panic; and
// never change, create or remove any file in the folder, record.age
// included.
func FuzzReadRecord(f *testing.F) {
	dir := fuzzVault(f)
	rec := filepath.Join(dir, recordName)
	good, _ := os.ReadFile(rec)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(append(bytes.Clone(good), 'x'))
	f.Add([]byte{})
	f.Add([]byte("age-encryption.org/v1\n"))
	// Unlock once: scrypt is slow under the fuzzer's instrumentation, and
	// ReadRecord reads record.age afresh each time.
	v, err := Open(dir, Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer v.Close()
	if err := v.UnlockPassphrase([]byte(fuzzPass)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(rec, data, 0o600); err != nil {
			t.Fatal(err)
		}
		before := snapFolder(t, dir)
		plain, err := v.ReadRecord()
		// The seeds were made by another process's vault when fuzzing:
		// only this vault's own file may read, and then as saved.
		if err == nil && !bytes.Equal(plain, []byte("two")) {
			t.Fatalf("a damaged record read as %q", plain)
		}
		if err != nil && !strings.Contains(err.Error(), "record.age") {
			t.Fatalf("the error does not name the file: %v", err)
		}
		sameFolder(t, before, snapFolder(t, dir))
	})
}

// scryptLogRe finds the work factor of scrypt stanzas, to keep the fuzzer
// from asking for gigabytes (the cap, 2^22, is tested in kdf_test.go).
var scryptLogRe = regexp.MustCompile(`scrypt\s+\S+\s+0*(\d+)`)

// FuzzUnlock writes arbitrary bytes as identity.age, and also offers them as
// a vault key from the keyring: unlocking must fail cleanly (wrong
// passphrase, or a damaged identity.age) or succeed only with the real
// file, never panic, and never change, create or remove any file.
func FuzzUnlock(f *testing.F) {
	dir := fuzzVault(f)
	idPath := filepath.Join(dir, identityName)
	good, _ := os.ReadFile(idPath)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(append(bytes.Clone(good), '\n'))
	f.Add([]byte("AGE-SECRET-KEY-PQ-1QQQQ"))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA 30\nAAAA\n--- AAAA\n"))
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, m := range scryptLogRe.FindAllSubmatch(data, -1) {
			if n, err := strconv.Atoi(string(m[1])); err != nil || n > 16 {
				return
			}
		}
		if bytes.Contains(data, []byte("BEGIN AGE")) {
			return // armor could hide a costly work factor from the check above
		}
		if err := os.WriteFile(idPath, data, 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.WriteFile(idPath, good, 0o600)
		before := snapFolder(t, dir)
		v, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		err = v.UnlockPassphrase([]byte(fuzzPass))
		if err == nil {
			// Reading with whatever key it held fails cleanly or works.
			v.ReadRecord()
		}
		if err != nil && errs.KindOf(err) != errs.Unlock && !strings.Contains(err.Error(), "identity.age") {
			t.Fatalf("a failure that neither says wrong passphrase nor names identity.age: %v", err)
		}
		v.Close()
		v, err = Open(dir, Options{})
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		if err := v.UnlockIdentity(string(data)); err == nil {
			// UnlockIdentity checks the key against record.age's header.
			if _, rerr := v.ReadRecord(); rerr != nil {
				t.Fatalf("%q unlocked as a vault key, then: %v", data, rerr)
			}
		} else if strings.Contains(err.Error(), string(data)) && len(data) > 8 {
			t.Fatalf("the error quotes the key it was given: %v", err)
		}
		v.Close()
		sameFolder(t, before, snapFolder(t, dir))
	})
}
