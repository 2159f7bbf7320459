package share

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/qrcode"
)

func TestParseRecipient(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	xs, hs := x.Recipient().String(), h.Recipient().String()
	good := []struct {
		name, in, want string
		hybrid         bool
	}{
		{"x25519", xs, xs, false},
		{"x25519 with spaces", "  " + xs + "\n", xs, false},
		{"x25519 upper case", strings.ToUpper(xs), xs, false},
		{"hybrid", hs, hs, true},
		{"hybrid upper case (from a QR code)", strings.ToUpper(hs), hs, true},
	}
	for _, tc := range good {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseRecipient(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if s, _ := recipientString(r); s != tc.want || isHybrid(r) != tc.hybrid {
				t.Fatalf("got %q hybrid=%v", s, isHybrid(r))
			}
		})
	}
	bad := []struct{ name, in, says string }{
		{"empty", "", "no recipient given"},
		{"secret key", x.String(), "secret key"},
		{"hybrid secret key", h.String(), "secret key"},
		{"ssh key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB", "not an age recipient"},
		{"damaged x25519", xs[:len(xs)-3] + "qqq", "damaged"},
		{"truncated hybrid", hs[:len(hs)-100], "damaged"},
		{"mixed case", xs[:10] + strings.ToUpper(xs[10:]), "damaged"},
		{"other words", "age1 is what I was told", "damaged"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRecipient(tc.in)
			wantKind(t, err, errs.Usage, tc.says, "a recipient starts with age1 (from `phr keygen` or age-keygen)")
			if tc.in != "" && strings.Contains(err.Error(), tc.in) {
				t.Fatal("the error echoes the input")
			}
		})
	}
}

func TestKeygen(t *testing.T) {
	id, rcpt, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "AGE-SECRET-KEY-PQ-1") || len(id) != 77 || !strings.HasPrefix(rcpt, "age1pq1") || len(rcpt) != 1959 {
		t.Fatalf("identity %d chars, recipient %q... %d chars", len(id), rcpt[:10], len(rcpt))
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "carer.key")
	if err := WriteIdentityFile(path, id); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v (%v)", fi.Mode(), err)
	}
	before, _ := os.ReadFile(path)
	// Never overwrite.
	id2, _, _ := NewIdentity()
	wantKind(t, WriteIdentityFile(path, id2), errs.Usage, "already exists")
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the key file changed")
	}
	// The file reads back (comments and all), and its key opens what was sealed to rcpt.
	parsed, err := ParseIdentity(string(before))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := IdentityRecipient(parsed); got != rcpt {
		t.Fatal("the file's key has another recipient")
	}
	if !strings.Contains(string(before), "# public key: "+rcpt) {
		t.Fatal("no public key comment")
	}
	// A file that is not a key is refused without being written.
	wantKind(t, WriteIdentityFile(filepath.Join(dir, "x"), "not a key"), errs.Usage)
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Fatal("wrote a file for a bad key")
	}
}

func TestParseIdentity(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	ageKeygen := "# created: 2026-01-01T00:00:00Z\n# public key: " + x.Recipient().String() + "\n" + x.String() + "\n"
	for _, in := range []string{x.String(), h.String(), ageKeygen, "\r\n" + h.String() + "\r\n"} {
		if _, err := ParseIdentity(in); err != nil {
			t.Errorf("ParseIdentity: %v", err)
		}
	}
	for _, in := range []string{"", "# only a comment\n", x.Recipient().String(), "AGE-SECRET-KEY-1QQQ", x.String() + "\n" + h.String()} {
		_, err := ParseIdentity(in)
		wantKind(t, err, errs.Usage)
		if strings.Contains(err.Error(), "AGE-SECRET-KEY-1") {
			t.Fatalf("the error shows key material: %v", err)
		}
	}
	if ids, err := ParseIdentities(x.String() + "\n" + h.String()); err != nil || len(ids) != 2 {
		t.Fatalf("ParseIdentities: %d, %v", len(ids), err)
	}
}

// TestQR draws recipients as the code of the capitalised recipient, at the
// sizes QR's doc comment gives (qrcode's own test decodes its drawings).
func TestQR(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	cases := []struct {
		name  string
		rcpt  string
		lines int
		cols  int
	}{
		{"x25519", x.Recipient().String(), 19, 37},
		{"hybrid", h.Recipient().String(), 65, 129},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := QR(tc.rcpt, &b); err != nil {
				t.Fatal(err)
			}
			code, err := qrcode.Encode(strings.ToUpper(tc.rcpt))
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != code.Text() {
				t.Fatal("QR drew something other than the capitalised recipient's code")
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if len(lines) != tc.lines || len([]rune(lines[0])) != tc.cols {
				t.Fatalf("%d lines of %d columns, want %d of %d", len(lines), len([]rune(lines[0])), tc.lines, tc.cols)
			}
			if r, err := ParseRecipient(strings.ToUpper(tc.rcpt)); err != nil {
				t.Fatal(err)
			} else if s, _ := recipientString(r); s != tc.rcpt {
				t.Fatal("the capitalised recipient reads back differently")
			}
		})
	}
	wantKind(t, QR("nonsense", &bytes.Buffer{}), errs.Usage)
}
