package e2e

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stanzaTypes reads an age file's header (binary, not armored) and returns
// the type of each recipient stanza.
func stanzaTypes(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() || sc.Text() != "age-encryption.org/v1" {
		t.Fatalf("%s is not a binary age file", path)
	}
	var types []string
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "---") {
			break
		}
		if strings.HasPrefix(line, "-> ") {
			types = append(types, strings.Fields(line)[1])
		}
	}
	return types
}

// TestFileHeaders: identity.age holds exactly one recipient, the
// passphrase's scrypt stanza; record.age and an extract for a post-quantum
// carer hold only the hybrid ML-KEM-768+X25519 stanza (no classic X25519
// one an attacker with a future quantum computer could unwrap); a
// passphrase extract holds exactly one scrypt stanza.
func TestFileHeaders(t *testing.T) {
	requireE2E(t)
	r := newRunner(t)
	r.must("add", "note", "--title", "one")
	work := t.TempDir()
	recipient := strings.TrimSpace(r.must("keygen", "--out", filepath.Join(work, "carer.key")))
	if !strings.HasPrefix(recipient, "age1pq1") {
		t.Fatalf("keygen made %q, not a hybrid recipient", recipient)
	}
	r.must("carer", "add", "Sam", "--recipient", recipient)
	r.must("export", "--to", "Sam", "--category", "note", "--out", filepath.Join(work, "sam.age"))
	os.WriteFile(filepath.Join(work, "share.txt"), []byte("glacier-omelette-tundra-pepper-walnut\n"), 0o600)
	r.must("export", "--share-passphrase-file", filepath.Join(work, "share.txt"), "--category", "note", "--out", filepath.Join(work, "pw.age"))
	for path, want := range map[string]string{
		filepath.Join(r.dir, "identity.age"): "scrypt",
		filepath.Join(r.dir, "record.age"):   "mlkem768x25519",
		filepath.Join(r.dir, "record.age.1"): "mlkem768x25519",
		filepath.Join(work, "sam.age"):       "mlkem768x25519",
		filepath.Join(work, "pw.age"):        "scrypt",
	} {
		got := stanzaTypes(t, path)
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s: recipient stanzas %v, want exactly one %s", filepath.Base(path), got, want)
		}
	}
}
