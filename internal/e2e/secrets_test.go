package e2e

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/testkit"
)

// vaultKey decrypts identity.age the way age -d would and returns the vault
// key (AGE-SECRET-KEY-PQ-1...).
func vaultKey(t *testing.T, dir string) string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "identity.age"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(f, id)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "AGE-SECRET-KEY-") {
			return strings.TrimSpace(line)
		}
	}
	t.Fatal("no key in identity.age")
	return ""
}

// signingKey reads the ed25519 signing key kept in the record.
func signingKey(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	s, err := app.Open(ctx, app.Config{VaultDir: dir, Keyring: app.NewMemoryKeyring()}, app.Unlock{Passphrase: []byte(pass), DeferAudit: true}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k, ok, err := s.Store().Setting(ctx, "signing.ed25519")
	if err != nil || !ok || k == "" {
		t.Fatalf("no signing key: %v", err)
	}
	return k
}

// TestSecretsNeverPrinted runs every failing path it can reach (wrong
// passphrases from a file and a command, a broken passphrase command,
// secret keys pasted where a recipient belongs, a vault key given as a
// passphrase, garbage and wrong key files, weak new passphrases, damaged
// vault files, no keyring for remember and keygen) and a few successful
// ones, and checks that no output, stdout or stderr, holds the passphrase,
// a tried passphrase, the vault key, the signing key, a carer's secret key,
// a share passphrase or a canary from the record's notes, raw or in hex, nor
// any "AGE-SECRET-KEY" at all, nor a panic.
func TestSecretsNeverPrinted(t *testing.T) {
	requireE2E(t)
	r := newRunner(t)
	work := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(work, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Secrets, assembled at run time.
	canary := "CANARY" + "x7Qp2Lw9"
	wrongPass := "lantern-" + "WRONGk4Tz" + "-meadow-violin-correct"
	weakPass := "Wk" + "9shortZ"
	sharePass := "glacier-omelette-" + "SHAREr8Nq" + "-pepper-walnut"
	r.must("add", "note", "--title", "letter from the clinic", "--note", "notes "+canary)
	r.must("add", "condition", "--title", "Depression", "--code", "icd10|F32.1", "--note", "more "+canary)
	carerKey := filepath.Join(work, "carer.key")
	recipient := strings.TrimSpace(r.must("keygen", "--out", carerKey))
	carerSecret := ""
	if b, err := os.ReadFile(carerKey); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "AGE-SECRET-KEY-") {
				carerSecret = strings.TrimSpace(line)
			}
		}
	}
	if carerSecret == "" || !strings.HasPrefix(recipient, "age1") {
		t.Fatalf("keygen: recipient %q, key file without a key", recipient)
	}
	r.must("carer", "add", "Sam", "--recipient", recipient)
	extract := filepath.Join(work, "for-sam.age")
	r.must("export", "--to", "Sam", "--category", "note", "--out", extract)
	shareFile := write("share.txt", sharePass+"\n")
	pwExtract := filepath.Join(work, "pw.age")
	r.must("export", "--share-passphrase-file", shareFile, "--category", "note", "--out", pwExtract)

	secrets := map[string]string{
		"passphrase":       pass,
		"tried passphrase": wrongPass,
		"weak passphrase":  weakPass,
		"share passphrase": sharePass,
		"vault key":        vaultKey(t, r.dir),
		"signing key":      signingKey(t, r.dir),
		"carer key":        carerSecret,
		"record canary":    canary,
	}

	wrongFile := write("wrong.txt", wrongPass+"\n")
	weakFile := write("weak.txt", weakPass+"\n")
	keyAsPass := write("key-as-pass.txt", secrets["vault key"]+"\n")
	garbageKey := write("garbage.key", "# a note\n"+wrongPass+"\nAGE-SECRET-KEY-1"+strings.Repeat("Q", 58)+"\n")
	otherKeyFile := filepath.Join(work, "other.key")
	r.must("keygen", "--out", otherKeyFile)
	binaryPass := write("binary.txt", "\x00\xff\xfe"+wrongPass+"\n")
	garbageExtract := write("garbage.age", "age-encryption.org/v1\n-> X25519 "+wrongPass+"\n--- AAAA\n")

	// Vaults with a damaged file, copies of the real one.
	damaged := func(name, file string, content []byte) string {
		d := filepath.Join(work, name)
		testkit.CopyDir(t, r.dir, d)
		if err := os.WriteFile(filepath.Join(d, file), content, 0o600); err != nil {
			t.Fatal(err)
		}
		return d
	}
	rec, _ := os.ReadFile(filepath.Join(r.dir, "record.age"))
	badRecord := damaged("bad-record", "record.age", append(bytes.Clone(rec[:len(rec)/2]), []byte(canary)...))
	badIdentity := damaged("bad-identity", "identity.age", []byte("age-encryption.org/v1\n-> scrypt "+wrongPass+" 10\n--- x\n"))
	other, otherPass := newVaultIn(t, t.TempDir(), filepath.Join(t.TempDir(), "other"))
	_ = otherPass
	foreignRecord, _ := os.ReadFile(filepath.Join(other, "record.age"))
	foreign := damaged("foreign-record", "record.age", foreignRecord)

	type tc struct {
		name string
		env  []string
		dir  string
		args []string
		// ok: the command is expected to succeed (its output is checked
		// all the same).
		ok bool
		// showsRecord: the command prints entries by design, so the record
		// canary may appear (never a key or passphrase).
		showsRecord bool
		// stdin is typed into the command (accessible mode's passphrase
		// question); its exit code is not checked, only what it says.
		stdin string
	}
	cases := []tc{
		{name: "wrong passphrase file", args: []string{"list", "--passphrase-file", wrongFile}},
		{name: "wrong passphrase file, a change", args: []string{"add", "note", "--title", "x", "--passphrase-file", wrongFile}},
		{name: "passphrase file with binary bytes", args: []string{"list", "--passphrase-file", binaryPass}},
		{name: "vault key given as the passphrase", args: []string{"list", "--passphrase-file", keyAsPass}},
		{name: "wrong passphrase command", env: []string{"PHR_PASSPHRASE_FILE=", "PHR_PASSPHRASE_COMMAND=cat " + wrongFile}, args: []string{"list"}},
		{name: "broken passphrase command that printed a passphrase", env: []string{"PHR_PASSPHRASE_FILE=", "PHR_PASSPHRASE_COMMAND=cat " + wrongFile + "; exit 1"}, args: []string{"list"}},
		{name: "passphrase command printing the real one and failing", env: []string{"PHR_PASSPHRASE_FILE=", "PHR_PASSPHRASE_COMMAND=echo " + pass + "; exit 2"}, args: []string{"list"}},
		{name: "passphrase command killed", env: []string{"PHR_PASSPHRASE_FILE=", "PHR_PASSPHRASE_COMMAND=echo " + pass + "; kill -9 $$"}, args: []string{"list"}},
		{name: "carer secret key pasted as a recipient", args: []string{"carer", "add", "Eve", "--recipient", carerSecret}},
		{name: "vault key pasted as a recipient", args: []string{"carer", "add", "Eve", "--recipient", secrets["vault key"]}},
		{name: "a passphrase pasted as a recipient", args: []string{"carer", "add", "Eve", "--recipient", wrongPass}},
		{name: "weak new passphrase", args: []string{"passwd", "--new-passphrase-file", weakFile}},
		{name: "weak share passphrase", args: []string{"export", "--share-passphrase-file", weakFile, "--category", "note", "--out", filepath.Join(work, "weak.age")}},
		{name: "sensitive entries not confirmed", args: []string{"export", "--to", "Sam", "--category", "condition", "--out", filepath.Join(work, "c.age")}},
		{name: "weak passphrase at init", env: []string{"PHR_VAULT=" + filepath.Join(work, "new-vault")}, args: []string{"init", "--passphrase-file", weakFile}},
		{name: "open with a garbage key file", args: []string{"open", extract, "--identity", garbageKey}},
		{name: "open with another carer's key", args: []string{"open", extract, "--identity", otherKeyFile}},
		{name: "open with the vault key as the identity", env: []string{"PHR_IDENTITY=" + keyAsPass}, args: []string{"open", extract}},
		{name: "open a garbage extract", args: []string{"open", garbageExtract, "--identity", carerKey}},
		{name: "open a passphrase extract with the wrong passphrase", args: []string{"open", pwExtract, "--share-passphrase-file", wrongFile}},
		{name: "open a passphrase extract with a key", args: []string{"open", pwExtract, "--identity", carerKey}},
		{name: "damaged record.age", dir: badRecord, args: []string{"list"}},
		{name: "damaged identity.age", dir: badIdentity, args: []string{"list"}},
		{name: "record.age of another vault", dir: foreign, args: []string{"list"}},
		{name: "restore over a damaged record", dir: badRecord, args: []string{"doctor"}},
		{name: "remember without a keyring", args: []string{"remember"}},
		{name: "keygen without a keyring", args: []string{"keygen"}},
		{name: "forget without a keyring", args: []string{"forget"}},
		{name: "unknown id", args: []string{"show", "nosuchid00"}},
		{name: "bad date", args: []string{"add", "note", "--title", "t", "--date", "2024-13-45"}},
		{name: "audit", args: []string{"audit", "--json"}, ok: true},
		{name: "doctor", args: []string{"doctor", "--read-data"}, ok: true},
		{name: "shares", args: []string{"shares", "--json"}, ok: true},
		{name: "carers", args: []string{"carer", "list", "--json"}, ok: true},
		{name: "export dry run", args: []string{"export", "--to", "Sam", "--category", "note", "--dry-run", "--json"}, ok: true, showsRecord: true},
		{name: "profile", args: []string{"profile", "--json"}, ok: true},
		{name: "archive to a weak passphrase", args: []string{"archive", "--archive-passphrase-file", weakFile, "--out", filepath.Join(work, "weak.tar.age")}},
		{name: "archive to its own passphrase", args: []string{"archive", "--archive-passphrase-file", shareFile, "--out", filepath.Join(work, "a.tar.age")}, ok: true},
		{name: "accessible mode, wrong passphrases typed", env: []string{"PHR_PASSPHRASE_FILE="}, args: []string{"--accessible"},
			stdin: wrongPass + "\n" + weakPass + "\n" + secrets["vault key"] + "\n"},
		{name: "accessible mode, a weak new passphrase typed", args: []string{"--accessible"},
			stdin: "21\n" + pass + "\n1\n" + weakPass + "\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rr := r
			if c.dir != "" {
				rr.dir = c.dir
			}
			rr.extraEnv = c.env
			cmd := rr.cmd(c.args...)
			cmd.Stdin = strings.NewReader(c.stdin)
			res := runCmd(t, cmd)
			if c.ok && res.code != 0 {
				t.Errorf("exit %d: %s", res.code, res.stderr)
			}
			if !c.ok && res.code == 0 && c.stdin == "" {
				t.Errorf("expected a failure: %s%s", res.stdout, res.stderr)
			}
			out := res.stdout + res.stderr
			for what, s := range secrets {
				if what == "record canary" && c.showsRecord {
					continue
				}
				if strings.Contains(out, s) || strings.Contains(strings.ToLower(out), hex.EncodeToString([]byte(s))) {
					t.Errorf("the output holds the %s:\n%s", what, out)
				}
			}
			if secretKeyRe.MatchString(out) {
				t.Errorf("the output holds a secret key:\n%s", out)
			}
			if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
				t.Errorf("a panic:\n%s", out)
			}
			if !c.ok && c.stdin == "" && !strings.HasPrefix(res.stderr, "phr: ") {
				t.Errorf("a failure should be one line starting phr: %q", res.stderr)
			}
			t.Logf("exit %d: %s", res.code, firstLine(res.stderr))
		})
	}
}

var secretKeyRe = regexp.MustCompile(`(?i)AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]{20,}`)
