package vault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"filippo.io/age"
	_ "modernc.org/sqlite"
)

type sqliteSerializer interface {
	Serialize() ([]byte, error)
	Deserialize([]byte) error
}

// memoryDB opens a private in-memory SQLite database on one pinned
// connection.
func memoryDB(t *testing.T) (*sql.DB, *sql.Conn) {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return db, conn
}

func rawSerializer(conn *sql.Conn, f func(sqliteSerializer) error) error {
	return conn.Raw(func(dc any) error {
		s, ok := dc.(sqliteSerializer)
		if !ok {
			return errors.New("driver cannot serialize")
		}
		return f(s)
	})
}

// TestLeaveWithYourData proves a person can read their record without phr:
// the age library alone decrypts identity.age with the passphrase, then
// record.age with that identity, and SQLite opens the bytes.
func TestLeaveWithYourData(t *testing.T) {
	ctx := context.Background()
	_, conn := memoryDB(t)
	for _, q := range []string{
		`create table entries (id integer primary key, title text, note text)`,
		`insert into entries (title, note) values ('Penicillin allergy', 'rash, 2019'), ('Asthma', 'since childhood')`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var plain []byte
	if err := rawSerializer(conn, func(s sqliteSerializer) (err error) { plain, err = s.Serialize(); return }); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(plain, []byte("SQLite format 3\x00")) {
		t.Fatal("not a serialized SQLite database")
	}
	v, dir := newTestVault(t, plain, testOpts())
	if err := v.WriteRecord(plain); err != nil {
		t.Fatal(err)
	}
	v.Close()

	// From here on: the age library and SQLite only.
	sid, err := age.NewScryptIdentity(string(testPass))
	if err != nil {
		t.Fatal(err)
	}
	idFile, _ := os.Open(filepath.Join(dir, "identity.age"))
	defer idFile.Close()
	r, err := age.Decrypt(idFile, sid)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := age.ParseIdentities(r)
	if err != nil {
		t.Fatal(err)
	}
	recFile, _ := os.Open(filepath.Join(dir, "record.age"))
	defer recFile.Close()
	r, err = age.Decrypt(recFile, ids...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	_, conn2 := memoryDB(t)
	if err := rawSerializer(conn2, func(s sqliteSerializer) error { return s.Deserialize(got) }); err != nil {
		t.Fatal(err)
	}
	var n int
	var title string
	if err := conn2.QueryRowContext(ctx, `select count(*), min(title) from entries`).Scan(&n, &title); err != nil {
		t.Fatal(err)
	}
	if n != 2 || title != "Asthma" {
		t.Fatalf("read %d rows, first %q", n, title)
	}
	// The backup is a plain age file too.
	b1, _ := os.Open(filepath.Join(dir, "record.age.1"))
	defer b1.Close()
	if r, err := age.Decrypt(b1, ids...); err != nil {
		t.Fatal(err)
	} else if _, err := io.ReadAll(r); err != nil {
		t.Fatal(err)
	}
}

// TestAgeCommand opens a vault with the reference age command (1.3 or later
// for the post-quantum key): `age -d -j batchpass identity.age` with
// AGE_PASSPHRASE gives the key file, then `age -d -i KEY record.age` the
// SQLite bytes. It runs when `age` and `age-plugin-batchpass` are on PATH
// (build them with go install filippo.io/age/cmd/...@v1.3.2) or PHR_E2E=1.
func TestAgeCommand(t *testing.T) {
	ageBin, err := exec.LookPath("age")
	if err == nil {
		_, err = exec.LookPath("age-plugin-batchpass")
	}
	if err != nil {
		if os.Getenv("PHR_E2E") == "1" {
			t.Fatalf("PHR_E2E=1 but the age command is missing: %v", err)
		}
		t.Skip("age and age-plugin-batchpass not on PATH")
	}
	plain := []byte("SQLite format 3\x00 pretend database")
	v, dir := newTestVault(t, plain, testOpts())
	v.Close()
	keyFile := filepath.Join(t.TempDir(), "key.txt")
	cmd := exec.Command(ageBin, "-d", "-j", "batchpass", "-o", keyFile, filepath.Join(dir, "identity.age"))
	cmd.Env = append(os.Environ(), "AGE_PASSPHRASE="+string(testPass))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("age -d identity.age: %v\n%s", err, out)
	}
	out, err := exec.Command(ageBin, "-d", "-i", keyFile, filepath.Join(dir, "record.age")).Output()
	if err != nil {
		t.Fatalf("age -d record.age: %v", err)
	}
	if !bytes.Equal(out, plain) {
		t.Fatal("age decrypted different bytes")
	}
}
