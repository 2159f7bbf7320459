package vault

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
)

// TestRoundTrip saves and reads back records from 0 bytes to 32 MiB (the
// SECURITY-TESTS.md range), at exact multiples of age's 64 KiB chunk and one
// byte either side.
func TestRoundTrip(t *testing.T) {
	const k64 = 64 << 10
	sizes := []int{0, 1, 100, k64 - 1, k64, k64 + 1, 2*k64 - 1, 2 * k64, 2*k64 + 1, 3 << 20, 5<<20 + 7,
		16<<20 - 1, 16<<20 + 1, 32<<20 - 1, 32 << 20}
	v, dir := newTestVault(t, nil, testOpts())
	if got := readBack(t, dir); len(got) != 0 {
		t.Fatalf("new vault with nil record read back %d bytes", len(got))
	}
	if _, err := v.ReadRecord(); err != nil {
		t.Fatal(err)
	}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			plain := randBytes(t, n)
			if err := v.WriteRecord(plain); err != nil {
				t.Fatalf("WriteRecord: %v", err)
			}
			if got := readBack(t, dir); !bytes.Equal(got, plain) {
				t.Fatalf("read back %d bytes, want %d identical", len(got), n)
			}
			if got, err := v.ReadRecord(); err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("same Vault read back differs (err %v)", err)
			}
		})
	}
}

func TestCreateRefusesAndOpen(t *testing.T) {
	_, dir := newTestVault(t, []byte("x"), testOpts())
	if ok, err := Exists(dir); !ok || err != nil {
		t.Fatalf("Exists = %v, %v", ok, err)
	}
	_, err := Create(dir, testPass, []byte("y"), testOpts())
	wantKind(t, err, errs.Usage)
	mustContain(t, err, "already exists")

	empty := t.TempDir()
	_, err = Open(empty, testOpts())
	wantKind(t, err, errs.Usage)
	mustContain(t, err, "no vault in "+empty+": run phr init (or pass --vault)")

	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o600)
	_, err = Create(other, testPass, nil, testOpts())
	wantKind(t, err, errs.Usage)
	mustContain(t, err, "not empty")

	_, err = Create(t.TempDir(), nil, nil, testOpts())
	wantKind(t, err, errs.Usage)
	_, err = Create(t.TempDir(), testPass, nil, Options{ScryptLog2: 23})
	wantKind(t, err, errs.Usage)
}

func TestBackupsRotateKeepingThree(t *testing.T) {
	v, dir := newTestVault(t, []byte("v0"), testOpts())
	if b := v.Backups(); len(b) != 0 {
		t.Fatalf("new vault has backups %v", b)
	}
	wantBackups := [][]int{{1}, {1, 2}, {1, 2, 3}, {1, 2, 3}, {1, 2, 3}}
	for i := 1; i <= 5; i++ {
		if err := v.WriteRecord([]byte(fmt.Sprintf("v%d", i))); err != nil {
			t.Fatal(err)
		}
		if got := v.Backups(); fmt.Sprint(got) != fmt.Sprint(wantBackups[i-1]) {
			t.Fatalf("after save %d backups %v, want %v", i, got, wantBackups[i-1])
		}
		for n := 1; n <= len(v.Backups()); n++ {
			ct, _ := os.ReadFile(filepath.Join(dir, backupName(n)))
			plain, err := decryptAll(ct, v.id)
			if err != nil || string(plain) != fmt.Sprintf("v%d", i-n) {
				t.Fatalf("after save %d, record.age.%d holds %q (%v), want v%d", i, n, plain, err, i-n)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "record.age.4")); !os.IsNotExist(err) {
		t.Fatalf("record.age.4 exists")
	}
	// A save that does not rotate keeps the backups as they are.
	before := snapshot(t, dir)
	if err := v.WriteRecord([]byte("v6"), false); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, dir)
	for n := 1; n <= 3; n++ {
		if !bytes.Equal(before[backupName(n)].Data, after[backupName(n)].Data) {
			t.Errorf("a save without rotation changed record.age.%d", n)
		}
	}
	if got := readBack(t, dir); string(got) != "v6" {
		t.Fatalf("read %q", got)
	}
	v.bg.Wait() // a save removes the backup it pushed out after it returns
	if tmp := tempFiles(t, dir); len(tmp) != 0 {
		t.Fatalf("temporary files left: %v", tmp)
	}
}

func TestModesAndSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes on Windows")
	}
	root := t.TempDir()
	real := filepath.Join(root, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	v, err := Create(link, testPass, []byte("a"), testOpts())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for i := range 4 {
		if err := v.WriteRecord([]byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, _, err := v.PutAttachment(strings.NewReader("scan")); err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase([]byte("another long passphrase here")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v %v", st.Mode(), err)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o700 {
		t.Errorf("vault folder mode %v, want 0700", st.Mode().Perm())
	}
	if st, _ := os.Stat(filepath.Join(real, "files")); st.Mode().Perm() != 0o700 {
		t.Errorf("files folder mode %v, want 0700", st.Mode().Perm())
	}
	n := 0
	filepath.Walk(real, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n++
			if info.Mode().Perm() != 0o600 {
				t.Errorf("%s mode %v, want 0600", p, info.Mode().Perm())
			}
		}
		return nil
	})
	if n < 7 { // identity, record, 3 backups, lock, one attachment
		t.Errorf("only %d files in the vault", n)
	}
}

func TestDefaultScryptWorkFactor(t *testing.T) {
	if testing.Short() {
		t.Skip("runs scrypt at 2^18")
	}
	v, dir := newTestVault(t, []byte("x"), Options{})
	v.Close()
	b, err := os.ReadFile(filepath.Join(dir, "identity.age"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^-> scrypt [A-Za-z0-9+/]+ 18$`).Match(b) {
		t.Fatalf("identity.age stanza is not scrypt 18:\n%s", b[:min(len(b), 120)])
	}
	if got := readBack(t, dir); string(got) != "x" {
		t.Fatalf("read %q", got)
	}
}

func TestWriteRecordRefusesWithoutPreconditions(t *testing.T) {
	_, dir := newTestVault(t, []byte("x"), testOpts())
	v, err := Open(dir, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	before := snapshot(t, dir)
	if err := v.WriteRecord([]byte("new")); err == nil {
		t.Fatal("saved without lock or key")
	}
	// The Vault from Create still holds the lock in this test, so take it
	// after closing that one.
	v2 := openUnlocked(t, dir, testOpts())
	if err := v2.WriteRecord([]byte("new")); err == nil {
		t.Fatal("saved without the lock")
	}
	sameSnapshot(t, before, snapshot(t, dir))
}

func TestSaveRefusesUnloadedRecord(t *testing.T) {
	v, dir := newTestVault(t, []byte("x"), testOpts())
	v.Close()
	v2 := openUnlocked(t, dir, testOpts())
	if err := v2.LockForWriting(); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	err := v2.WriteRecord([]byte("new"))
	mustContain(t, err, "never read")
	sameSnapshot(t, before, snapshot(t, dir))
	v3, _ := Open(dir, testOpts())
	defer v3.Close()
	if _, err := v3.ReadRecord(); err == nil {
		t.Fatal("read a record while locked")
	}
}

// TestRetiredBackup checks the rotation's extra link: the oldest backup is
// dropped, the three kept are the three previous versions, and no
// temporary file is left once the save's background removal is done (or
// the vault is closed).
func TestRetiredBackup(t *testing.T) {
	v, dir := newTestVault(t, []byte("v0"), testOpts())
	for i := 1; i <= 5; i++ {
		if err := v.WriteRecord([]byte{'v', byte('0' + i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if tmp := tempFiles(t, dir); len(tmp) != 0 {
		t.Fatalf("temporary files left after Close: %v", tmp)
	}
	w := openUnlocked(t, dir, testOpts())
	for n, want := range map[int]string{1: "v4", 2: "v3", 3: "v2"} {
		b, err := w.ReadBackup(n)
		if err != nil || string(b) != want {
			t.Errorf("backup %d = %q, %v; want %q", n, b, err, want)
		}
	}
}
