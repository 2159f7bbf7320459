package share

import (
	"io"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/phrhealth/phr/internal/errs"
)

func TestRecipientFingerprint(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	h2, _ := age.GenerateHybridIdentity()
	for _, r := range []string{x.Recipient().String(), h.Recipient().String()} {
		fp, err := RecipientFingerprint(r)
		if err != nil {
			t.Fatal(err)
		}
		if len(fp) != 14 || fp[4] != '-' || fp[9] != '-' {
			t.Fatalf("fingerprint %q is not XXXX-XXXX-XXXX", fp)
		}
		for _, c := range strings.ReplaceAll(fp, "-", "") {
			if !strings.ContainsRune(fingerprintAlphabet, c) || strings.ContainsRune("01IO", c) {
				t.Fatalf("fingerprint %q has %q", fp, c)
			}
		}
		// The capitalised form read from a QR code gives the same fingerprint.
		up, err := RecipientFingerprint("  " + strings.ToUpper(r) + "\n")
		if err != nil || up != fp {
			t.Fatalf("upper case: %q, %v; want %q", up, err, fp)
		}
	}
	a, _ := RecipientFingerprint(h.Recipient().String())
	b, _ := RecipientFingerprint(h2.Recipient().String())
	if a == b {
		t.Fatalf("two keys share the fingerprint %s", a)
	}
	if _, err := RecipientFingerprint(h.String()); err == nil || strings.Contains(err.Error(), h.String()) {
		t.Fatalf("a secret key: %v", err)
	}
}

func TestFingerprintOfIsStable(t *testing.T) {
	// A fixed input keeps its fingerprint: carers compare it across versions.
	if got := fingerprintOf([]byte("phr-recipient:age1example")); got != fingerprintOf([]byte("phr-recipient:age1example")) || len(got) != 14 {
		t.Fatal(got)
	}
	if fingerprintOf([]byte("a")) == fingerprintOf([]byte("b")) {
		t.Fatal("different inputs, same fingerprint")
	}
}

func TestRecipientFromText(t *testing.T) {
	h, _ := age.GenerateHybridIdentity()
	r := h.Recipient().String()
	wrapped := ""
	for i := 0; i < len(r); i += 80 {
		wrapped += r[i:min(len(r), i+80)] + "\n"
	}
	cases := []struct {
		name, text string
		ok         bool
	}{
		{"plain", r, true},
		{"wrapped", wrapped, true},
		{"comments", "# phr carer key\n# sent 2026-11-22\n\n" + r + "\n", true},
		{"upper", strings.ToUpper(r), true},
		{"secret", "# created: now\n# public key: " + r + "\n" + h.String() + "\n", false},
		{"empty", "# nothing\n\n", false},
		{"damaged", r[:len(r)-3], false},
		{"garbage", "hello there", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := RecipientFromText(tc.text)
			if (err == nil) != tc.ok {
				t.Fatalf("err %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && got != r {
				t.Fatalf("got a different recipient")
			}
			if err != nil && strings.Contains(err.Error(), "AGE-SECRET") {
				t.Fatalf("the error echoes the secret: %v", err)
			}
		})
	}
}

func FuzzRecipientFromText(f *testing.F) {
	x, _ := age.GenerateX25519Identity()
	f.Add(x.Recipient().String())
	f.Add("# c\nage1\n")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := RecipientFromText(s)
		if err == nil {
			if _, err := RecipientFingerprint(r); err != nil {
				t.Fatalf("accepted %q but cannot fingerprint it: %v", r, err)
			}
		}
	})
}

func TestNeedsPassphrase(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	sr, err := age.NewScryptRecipient("correct-horse-lantern-meadow")
	if err != nil {
		t.Fatal(err)
	}
	sr.SetWorkFactor(10)
	seal := func(armored bool, r age.Recipient) string {
		var b strings.Builder
		var dst io.Writer = &b
		var aw io.WriteCloser
		if armored {
			aw = armor.NewWriter(&b)
			dst = aw
		}
		w, err := age.Encrypt(dst, r)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("hello"))
		w.Close()
		if aw != nil {
			aw.Close()
		}
		return b.String()
	}
	cases := []struct {
		name, file string
		want       bool
	}{
		{"passphrase", seal(false, sr), true},
		{"passphrase armored", seal(true, sr), true},
		{"key", seal(false, x.Recipient()), false},
		{"key armored", seal(true, x.Recipient()), false},
		{"not age", "hello -> scrypt ", false},
		{"empty", "", false},
	}
	for _, tc := range cases {
		if got := NeedsPassphrase(strings.NewReader(tc.file)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCheckFingerprint(t *testing.T) {
	const want = "K7QM-2XHD-9RTB"
	for _, c := range []struct {
		typed string
		kind  errs.Kind // 0: a match
		says  string
	}{
		{"K7QM-2XHD-9RTB", 0, ""},
		{"k7qm 2xhd 9rtb", 0, ""},
		{" K7QM2XHD9RTB\n", 0, ""},
		{"K7QM-2XHD-9RTC", errs.Policy, "K7QM-2XHD-9RTC is not this key's fingerprint: the third group differs"},
		{"K7QN-2XHD-9RTC", errs.Policy, "the first and third groups differ"},
		{"K7QM-2XHE-9RTB", errs.Policy, "the second group differs"},
		{"AAAA-BBBB-CCCC", errs.Policy, "no group matches"},
		{"K7QM-2XHD", errs.Usage, "12 characters, three groups of four such as K7QM-2XHD-9RTB; you typed 8"},
		{"K7QM-2XHD-9RTBX", errs.Usage, "you typed 13"},
		{"", errs.Usage, "you typed 0"},
		{"K7QM-2XH0-9RTB", errs.Usage, `"0" is not in a fingerprint`},
		{"K7QO-2XHD-9RTB", errs.Usage, `"O" is not in a fingerprint`},
		{"K7QM-2XHD-9RTБ", errs.Usage, `"Б" is not in a fingerprint`},
		{"K7QM\x1b[2J", errs.Usage, `"\x1b" is not in a fingerprint`},
	} {
		err := CheckFingerprint(want, c.typed)
		if c.kind == 0 {
			if err != nil {
				t.Errorf("%q: %v, want a match", c.typed, err)
			}
			continue
		}
		if err == nil || errs.KindOf(err) != c.kind || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%q: %v (kind %v), want kind %v saying %q", c.typed, err, errs.KindOf(err), c.kind, c.says)
		}
	}
	// A real key's fingerprint matches itself and not another key's.
	h, _ := age.GenerateHybridIdentity()
	fp, _ := RecipientFingerprint(h.Recipient().String())
	if err := CheckFingerprint(fp, strings.ToLower(fp)); err != nil {
		t.Fatal(err)
	}
	if err := CheckFingerprint(fp, want); errs.KindOf(err) != errs.Policy {
		t.Fatalf("another key's fingerprint: %v", err)
	}
}
