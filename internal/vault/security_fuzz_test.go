package vault

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"
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

// FuzzDamagedRecord writes arbitrary bytes as record.age of a real vault:
// reading it must fail cleanly (or succeed on a valid file) and never change
// any file in the folder.
func FuzzDamagedRecord(f *testing.F) {
	dir := filepath.Join(f.TempDir(), "vault")
	v, err := Create(dir, []byte("correct-horse-lantern-meadow-violin"), []byte("seed"), Options{ScryptLog2: 10})
	if err != nil {
		f.Fatal(err)
	}
	v.Close()
	good, _ := os.ReadFile(filepath.Join(dir, recordName))
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(append(bytes.Clone(good), 'x'))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := filepath.Join(dir, recordName)
		if err := os.WriteFile(rec, data, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := Open(dir, Options{})
		if err != nil {
			return
		}
		defer v.Close()
		if err := v.UnlockPassphrase([]byte("correct-horse-lantern-meadow-violin")); err != nil {
			return
		}
		if plain, err := v.ReadRecord(); err == nil && !bytes.Equal(plain, []byte("seed")) {
			t.Fatalf("a damaged record read as %q", plain)
		}
		if after, _ := os.ReadFile(rec); !bytes.Equal(after, data) {
			t.Fatal("reading changed record.age")
		}
	})
}
