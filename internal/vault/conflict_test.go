package vault

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/errs"
)

// TestChangedOnDisk replaces record.age behind the Vault's back: every
// change is refused with errs.Busy, the file is left as the other program
// made it, and the edits are kept in a conflict file.
func TestChangedOnDisk(t *testing.T) {
	cases := []struct {
		name   string
		change func(t *testing.T, dir string, v *Vault)
	}{
		{"older copy put back", func(t *testing.T, dir string, v *Vault) {
			b, _ := os.ReadFile(filepath.Join(dir, "record.age.1"))
			os.WriteFile(filepath.Join(dir, "record.age"), b, 0o600)
		}},
		{"same size and mtime", func(t *testing.T, dir string, v *Vault) {
			rec := filepath.Join(dir, "record.age")
			st, _ := os.Stat(rec)
			var buf bytes.Buffer
			// Same plaintext length gives the same ciphertext length.
			if err := encryptTo(&buf, []byte("v2-MINE"), v.id.Recipient()); err != nil {
				t.Fatal(err)
			}
			if int64(buf.Len()) != st.Size() {
				t.Fatalf("sizes differ: %d %d", buf.Len(), st.Size())
			}
			os.WriteFile(rec, buf.Bytes(), 0o600)
			if err := os.Chtimes(rec, st.ModTime(), st.ModTime()); err != nil {
				t.Fatal(err)
			}
			if st2, _ := os.Stat(rec); !st2.ModTime().Equal(st.ModTime()) || st2.Size() != st.Size() {
				t.Fatal("could not restore size and mtime")
			}
		}},
		{"touched only", func(t *testing.T, dir string, v *Vault) {
			future := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(dir, "record.age"), future, future)
		}},
		{"deleted", func(t *testing.T, dir string, v *Vault) {
			os.Remove(filepath.Join(dir, "record.age"))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
			opts := testOpts()
			opts.Clock = clock.Fixed(at)
			v, dir := newTestVault(t, []byte("v0"), opts)
			for _, s := range []string{"v1", "v2-mine"} {
				if err := v.WriteRecord([]byte(s)); err != nil {
					t.Fatal(err)
				}
			}
			c.change(t, dir, v)
			before := snapshot(t, dir)
			edits := []byte("v3 edits that must not be lost")
			err := v.WriteRecord(edits)
			wantKind(t, err, errs.Busy)
			name := "record.conflict-20260304T050607Z.age"
			mustContain(t, err, "changed on disk", name)
			after := snapshot(t, dir)
			if _, ok := after[name]; !ok {
				t.Fatalf("no %s", name)
			}
			delete(after, name)
			sameSnapshot(t, before, after)
			f, _ := os.Open(filepath.Join(dir, name))
			defer f.Close()
			r, err := OpenFile(f, v.id)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, edits) {
				t.Fatalf("conflict file holds %q, %v", got, err)
			}
			// A second attempt is refused too, into a second file.
			wantKind(t, v.WriteRecord(edits), errs.Busy)
			if m, _ := filepath.Glob(filepath.Join(dir, "record.conflict-*.age")); len(m) != 2 {
				t.Fatalf("conflict files %v", m)
			}
			v.bg.Wait() // a save removes the backup it pushed out after it returns
			if tmp := tempFiles(t, dir); len(tmp) != 0 {
				t.Fatalf("temporary files left: %v", tmp)
			}
		})
	}
}
