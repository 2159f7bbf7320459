package share

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// resign replaces the manifest bytes and signs again with key.
func resign(t *testing.T, x *Extract, key []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(x.manifestJSON, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	mj, _ := json.Marshal(m)
	sig, err := sign(key, mj, x.Bundle)
	if err != nil {
		t.Fatal(err)
	}
	y := &Extract{Manifest: x.Manifest, Bundle: x.Bundle, Signature: sig, manifestJSON: mj}
	plain, err := y.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

func TestOpenRefuses(t *testing.T) {
	k := newKeys(t)
	entries := sampleEntries()
	to := ToParty{Name: "Sam Carer", Recipient: k.x.Recipient().String()}
	x := buildFor(t, k, entries, to, nil)
	good := sealTo(t, x, k.x.Recipient(), false)
	withPrivate := sampleEntries()
	withPrivate[0].Sensitive = []record.Kind{record.Private}
	xs := buildFor(t, k, withPrivate, to, nil)
	plain, _ := x.MarshalJSON()
	otherKey, _ := NewSigningKey()

	future := buildFor(t, k, entries, to, func(p *BuildParams) { p.Created = now.Add(10 * time.Minute); p.Expires = expires })
	skewed := buildFor(t, k, entries, to, func(p *BuildParams) { p.Created = now.Add(4 * time.Minute) })

	flipIn := func(b []byte, old, new string) []byte {
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("no %q to change", old)
		}
		return bytes.Replace(bytes.Clone(b), []byte(old), []byte(new), 1)
	}
	randomBytes := make([]byte, 3000)
	rand.Read(randomBytes)
	tampered := bytes.Clone(good)
	tampered[len(tampered)-20] ^= 0x01
	var armoredGarbage bytes.Buffer
	aw := armor.NewWriter(&armoredGarbage)
	aw.Write(randomBytes)
	aw.Close()

	cases := []struct {
		name  string
		file  []byte
		id    age.Identity
		now   time.Time
		parts []string
	}{
		{"wrong key", good, k.other, now, []string{"not for this key"}},
		{"hybrid key on an X25519 extract", good, k.hybrid, now, []string{"not for this key"}},
		{"expired at the instant", good, k.x, expires, []string{"expired on 2026-11-29 14:00 UTC; ask Alice Example to send a new one"}},
		{"expired long ago", good, k.x, expires.Add(90 * 24 * time.Hour), []string{"expired on 2026-11-29 14:00 UTC"}},
		{"created in the future", sealTo(t, future, k.x.Recipient(), false), k.x, now, []string{"in the future", "check this computer's clock"}},
		{"manifest byte changed", encryptRaw(t, flipIn(plain, `"expires":"2026-11-29`, `"expires":"2027-11-29`), k.x.Recipient()), k.x, now, []string{"changed after it was signed"}},
		{"bundle byte changed", encryptRaw(t, flipIn(plain, "Penicillin allergy", "Penicillin allergx"), k.x.Recipient()), k.x, now, []string{"changed after it was signed"}},
		{"signature byte changed", encryptRaw(t, flipIn(plain, `"signature":"`, `"signature":"A`), k.x.Recipient()), k.x, now, []string{"changed after it was signed"}},
		{"valid extract re-encrypted to another key", encryptRaw(t, plain, k.other.Recipient()), k.other, now, []string{`not for this key: it was made for "Sam Carer"`}},
		{"valid extract re-encrypted to a hybrid key", encryptRaw(t, plain, k.hybrid.Recipient()), k.hybrid, now, []string{"not for this key"}},
		{"manifest re-signed by another key, re-encrypted elsewhere", encryptRaw(t, resign(t, x, otherKey, func(m map[string]any) {
			m["to"] = map[string]any{"name": "Eve", "recipient": k.other.Recipient().String()}
		}), k.other.Recipient()), k.other, now, []string{"changed after it was signed"}},
		{"payload tampered", tampered, k.x, now, []string{"damaged"}},
		{"truncated", good[:len(good)-30], k.x, now, []string{"damaged"}},
		{"random age file", encryptRaw(t, randomBytes, k.x.Recipient()), k.x, now, []string{"not a phr extract"}},
		{"age file of other JSON", encryptRaw(t, []byte(`{"manifest":{"format":"other"},"bundle":{},"signature":""}`), k.x.Recipient()), k.x, now, []string{"not a phr extract"}},
		{"age file of JSON null", encryptRaw(t, []byte(`null`), k.x.Recipient()), k.x, now, []string{"not a phr extract"}},
		{"newer version", encryptRaw(t, resign(t, x, k.sign, func(m map[string]any) { m["version"] = 2 }), k.x.Recipient()), k.x, now, []string{"format version 2", "update phr"}},
		{"valid for two years", encryptRaw(t, resign(t, x, k.sign, func(m map[string]any) {
			m["expires"] = now.AddDate(2, 0, 0).Format(time.RFC3339)
		}), k.x.Recipient()), k.x, now, []string{"more than 365 days"}},
		// The sender may make at most 365 days; the carer's side was once a
		// day more lenient (issue 16, item 7).
		{"valid for 366 days", encryptRaw(t, resign(t, x, k.sign, func(m map[string]any) {
			m["expires"] = now.Add(366 * 24 * time.Hour).Format(time.RFC3339)
		}), k.x.Recipient()), k.x, now, []string{"more than 365 days"}},
		{"valid for 365 days and 2 seconds", encryptRaw(t, resign(t, x, k.sign, func(m map[string]any) {
			m["expires"] = now.Add(365*24*time.Hour + 2*time.Second).Format(time.RFC3339)
		}), k.x.Recipient()), k.x, now, []string{"more than 365 days"}},
		{"expires before it was made", encryptRaw(t, resign(t, x, k.sign, func(m map[string]any) {
			m["expires"] = now.Add(-time.Hour).Format(time.RFC3339)
		}), k.x.Recipient()), k.x, now, []string{"damaged"}},
		{"control characters in the sender name", encryptRaw(t, resign(t, x, k.sign, func(m map[string]any) {
			m["from"].(map[string]any)["name"] = "Alice\x1b]0;pwned\x07"
		}), k.x.Recipient()), k.x, now, []string{"damaged"}},
		{"counts that do not match the bundle", encryptRaw(t, resign(t, x, k.sign, func(m map[string]any) {
			m["counts"].(map[string]any)["allergy"] = 2
		}), k.x.Recipient()), k.x, now, []string{"do not match its manifest"}},
		{"a sensitive kind the manifest hides", encryptRaw(t, resign(t, xs, k.sign, func(m map[string]any) {
			m["sensitive_included"] = []string{}
		}), k.x.Recipient()), k.x, now, []string{"do not match its manifest"}},
		{"plain JSON", plain, k.x, now, []string{"not a phr extract"}},
		{"garbage", randomBytes, k.x, now, []string{"not a phr extract"}},
		{"empty", nil, k.x, now, []string{"not a phr extract"}},
		{"armored garbage", armoredGarbage.Bytes(), k.x, now, []string{"not a phr extract"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pins := memPins{}
			op, err := Open(bytes.NewReader(tc.file), OpenParams{Identities: []age.Identity{tc.id}, Now: tc.now, Pins: pins})
			if op != nil {
				t.Fatal("opened")
			}
			wantKind(t, err, errs.Extract, tc.parts...)
			if len(pins) != 0 {
				t.Fatalf("a refused extract pinned its sender: %v", pins)
			}
			if strings.Contains(err.Error(), "Penicillin") || strings.Contains(err.Error(), "AGE-SECRET") {
				t.Fatalf("the error leaks contents: %v", err)
			}
		})
	}

	t.Run("within clock skew", func(t *testing.T) {
		if _, err := openWith(sealTo(t, skewed, k.x.Recipient(), false), k.x, memPins{}); err != nil {
			t.Fatalf("an extract 4 minutes ahead was refused: %v", err)
		}
	})
	t.Run("valid for exactly 365 days", func(t *testing.T) {
		longest := buildFor(t, k, entries, to, func(p *BuildParams) { p.Expires = now.Add(when.MaxExpiry) })
		if _, err := openWith(sealTo(t, longest, k.x.Recipient(), false), k.x, memPins{}); err != nil {
			t.Fatalf("the longest extract phr makes was refused: %v", err)
		}
	})
	t.Run("just before expiry", func(t *testing.T) {
		_, err := Open(bytes.NewReader(good), OpenParams{Identities: []age.Identity{k.x}, Now: expires.Add(-time.Second), Pins: memPins{}})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestSenderKeyChanged: a sender pinned on first open; a later extract that
// claims the same name (however spaced or cased) with another key is refused.
func TestSenderKeyChanged(t *testing.T) {
	k := newKeys(t)
	to := ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}
	pins := memPins{}
	first := sealTo(t, buildFor(t, k, sampleEntries()[:3], to, nil), k.x.Recipient(), false)
	if _, err := openWith(first, k.x, pins); err != nil {
		t.Fatal(err)
	}
	impostor := k
	impostor.sign, _ = NewSigningKey()
	for _, name := range []string{"Alice Example", "alice  example", "ALICE EXAMPLE"} {
		t.Run(name, func(t *testing.T) {
			x := buildFor(t, impostor, sampleEntries()[:3], to, func(p *BuildParams) { p.From = name })
			_, err := openWith(sealTo(t, x, k.x.Recipient(), false), k.x, pins)
			wantKind(t, err, errs.Extract, "WARNING", "different key")
			var sk *SenderKeyChangedError
			if !errors.As(err, &sk) || sk.Pinned == sk.Got || sk.Got != x.Manifest.From.PublicKey {
				t.Fatalf("want *SenderKeyChangedError, got %#v", err)
			}
			if strings.Count(err.Error(), "WARNING") != 1 {
				t.Fatalf("message repeated: %v", err)
			}
		})
	}
	// The manifest of a real extract changed and re-signed with another key:
	// refused by the pin (the signature itself is valid).
	x := buildFor(t, k, sampleEntries()[:3], to, nil)
	plain := resign(t, x, impostor.sign, func(m map[string]any) {
		m["expires"] = expires.Add(300 * 24 * time.Hour).Format(time.RFC3339)
		m["from"].(map[string]any)["public_key"] = base64.StdEncoding.EncodeToString([]byte(impostor.sign.Public().(ed25519.PublicKey)))
	})
	_, err := openWith(encryptRaw(t, plain, k.x.Recipient()), k.x, pins)
	if !isSenderChanged(err) {
		t.Fatalf("re-signed manifest: %v", err)
	}
	// The re-signed manifest with the original public key fails the signature.
	plain = resign(t, x, impostor.sign, func(m map[string]any) { m["expires"] = expires.Add(time.Hour).Format(time.RFC3339) })
	_, err = openWith(encryptRaw(t, plain, k.x.Recipient()), k.x, pins)
	wantKind(t, err, errs.Extract, "changed after it was signed")
}

func TestPassphraseRefusals(t *testing.T) {
	k := newKeys(t)
	pass := []byte("a long enough passphrase for tests")
	x := buildFor(t, k, sampleEntries()[:4], ToParty{Name: "passphrase", Recipient: PassphraseRecipient}, nil)
	var b bytes.Buffer
	if _, err := SealPassphrase(x, &b, pass, 10, false); err != nil {
		t.Fatal(err)
	}
	file := b.Bytes()
	keyFile := sealTo(t, buildFor(t, k, sampleEntries()[:4], ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil), k.x.Recipient(), false)
	plain, _ := x.MarshalJSON()

	openPass := func(data []byte, p []byte) error {
		_, err := Open(bytes.NewReader(data), OpenParams{Passphrase: p, Now: now, Pins: memPins{}})
		return err
	}
	wantKind(t, openPass(file, []byte("the wrong passphrase entirely")), errs.Extract, "passphrase does not open")
	wantKind(t, openPass(keyFile, pass), errs.Extract, "for a key, not a passphrase")
	_, err := openWith(file, k.x, memPins{})
	wantKind(t, err, errs.Extract, "protected by a passphrase")
	// A passphrase extract re-encrypted to a key names "scrypt", not that key.
	_, err = openWith(encryptRaw(t, plain, k.x.Recipient()), k.x, memPins{})
	wantKind(t, err, errs.Extract, "not for this key")
	// A key extract re-encrypted with a passphrase names the key, not "scrypt".
	keyPlain, _ := buildFor(t, k, sampleEntries()[:2], ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil).MarshalJSON()
	r, _ := age.NewScryptRecipient(string(pass))
	r.SetWorkFactor(10)
	var rb bytes.Buffer
	w, _ := age.Encrypt(&rb, r)
	w.Write(keyPlain)
	w.Close()
	wantKind(t, openPass(rb.Bytes(), pass), errs.Extract, "not for this key")

	// A work factor above 2^20 is refused before any derivation.
	for _, logN := range []string{"21", "22", "30", "99999999999999999999"} {
		t.Run("work factor "+logN, func(t *testing.T) {
			crafted := withWorkFactor(t, file, logN)
			start := time.Now()
			err := openPass(crafted, pass)
			if d := time.Since(start); d > 50*time.Millisecond {
				t.Fatalf("refusal took %v", d)
			}
			wantKind(t, err, errs.Extract, "more passphrase work than phr allows")
		})
	}
	// The same file at 2^10 still opens (the edit itself is sound).
	if err := openPass(withWorkFactor(t, file, "10"), pass); err != nil {
		t.Fatalf("work factor 10: %v", err)
	}
}

// withWorkFactor rewrites the scrypt stanza's work factor in an age header.
func withWorkFactor(t *testing.T, file []byte, logN string) []byte {
	t.Helper()
	lines := bytes.SplitN(file, []byte("\n"), 3)
	f := bytes.Fields(lines[1])
	if len(f) != 4 || string(f[1]) != "scrypt" {
		t.Fatalf("unexpected stanza %q", lines[1])
	}
	f[3] = []byte(logN)
	lines[1] = bytes.Join(f, []byte(" "))
	return bytes.Join(lines, []byte("\n"))
}

func TestOpenParams(t *testing.T) {
	k := newKeys(t)
	cases := []OpenParams{
		{Now: now, Pins: memPins{}},
		{Identities: []age.Identity{k.x}, Passphrase: []byte("x"), Now: now, Pins: memPins{}},
	}
	for _, p := range cases {
		_, err := Open(bytes.NewReader(nil), p)
		wantKind(t, err, errs.Usage)
	}
	if _, err := Open(bytes.NewReader(nil), OpenParams{Identities: []age.Identity{k.x}, Pins: memPins{}}); err == nil {
		t.Fatal("opened without a clock")
	}
}

// TestPinNameFoldsLookAlikes: names that only look like a pinned one fold
// to the same pin; names that are really different do not.
func TestPinNameFoldsLookAlikes(t *testing.T) {
	base := PinName("Ada Lovelace")
	for _, tc := range []struct {
		name, in string
		same     bool
	}{
		{"same", "Ada Lovelace", true},
		{"case and spaces", "  ADA   lovelace ", true},
		{"Cyrillic A", "\u0410da Lovelace", true},
		{"Cyrillic a, e, o", "Ad\u0430 L\u043ev\u0435lace", true},
		{"Greek omicron", "Ada L\u03bfvelace", true},
		{"fullwidth letters", "\uff21\uff44\uff41 \uff2c\uff4f\uff56\uff45\uff4c\uff41\uff43\uff45", true},
		{"combining grapheme joiner", "Ad\u034fa Lovelace", true},
		{"combining dot below", "Ada\u0323 Lovelace", true},
		{"precomposed accent", "Adá Lovelace", true},
		{"capital I for l", "Ada LoveIace", true},
		{"digit 1 for l", "Ada Love1ace", true},
		{"rn for m", "Ada Lovelace", true},
		{"no-break space", "Ada\u00a0Lovelace", true},
		{"ideographic space", "Ada\u3000Lovelace", true},
		{"zero width space", "Ada\u200bLovelace", false}, // one word: another name (and refused as unclean anyway)
		{"another name", "Ada Byron", false},
		{"one letter more", "Adam Lovelace", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PinName(tc.in) == base; got != tc.same {
				t.Fatalf("PinName(%q) = %q, base %q: same = %v, want %v", tc.in, PinName(tc.in), base, got, tc.same)
			}
		})
	}
}

// TestConfusableSenderRefused: once "Alice Example" is pinned, an extract
// from another key under a look-alike name is refused exactly like the
// same name; --accept-new-key (AcceptNewKey) replaces the pin on purpose,
// after which the old key is the stranger.
func TestConfusableSenderRefused(t *testing.T) {
	k := newKeys(t)
	to := ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}
	pins := memPins{}
	if _, err := openWith(sealTo(t, buildFor(t, k, sampleEntries()[:2], to, nil), k.x.Recipient(), false), k.x, pins); err != nil {
		t.Fatal(err)
	}
	impostor := k
	impostor.sign, _ = NewSigningKey()
	for _, name := range []string{"\u0410lice Example", "Alice Ex\u0430mple", "\uff21lice Example", "Al\u0456ce Example", "AIice Example", "Alice\u034f Example"} {
		t.Run(name, func(t *testing.T) {
			x := buildFor(t, impostor, sampleEntries()[:2], to, func(p *BuildParams) { p.From = name })
			op, err := openWith(sealTo(t, x, k.x.Recipient(), false), k.x, pins)
			if !isSenderChanged(err) {
				t.Fatalf("look-alike %q with another key: opened=%v err=%v", name, op != nil, err)
			}
			wantKind(t, err, errs.Extract, "WARNING", "looks the same", "--accept-new-key", KeyFingerprint(x.Manifest.From.PublicKey))
		})
	}
	// A genuinely new key, accepted on purpose.
	x := buildFor(t, impostor, sampleEntries()[:2], to, nil)
	data := sealTo(t, x, k.x.Recipient(), false)
	op, err := Open(bytes.NewReader(data), OpenParams{Identities: []age.Identity{k.x}, Now: now, Pins: pins, AcceptNewKey: true})
	if err != nil {
		t.Fatal(err)
	}
	if op.FirstFromSender || op.ReplacedKey == "" || op.ReplacedKey == x.Manifest.From.PublicKey {
		t.Fatalf("accepted: first=%v replaced=%q", op.FirstFromSender, op.ReplacedKey)
	}
	if _, err := openWith(data, k.x, pins); err != nil {
		t.Fatalf("the accepted key is not remembered: %v", err)
	}
	old := sealTo(t, buildFor(t, k, sampleEntries()[:2], to, nil), k.x.Recipient(), false)
	if _, err := openWith(old, k.x, pins); !isSenderChanged(err) {
		t.Fatalf("the replaced key still opens: %v", err)
	}
}

// TestLegacyPinsStillHold: a sender pinned by an earlier phr (under the
// old folded name) stays pinned: their key opens, another key is refused.
func TestLegacyPinsStillHold(t *testing.T) {
	k := newKeys(t)
	to := ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}
	x := buildFor(t, k, sampleEntries()[:2], to, nil)
	pins := memPins{"alice example": x.Manifest.From.PublicKey}
	op, err := openWith(sealTo(t, x, k.x.Recipient(), false), k.x, pins)
	if err != nil || op.FirstFromSender {
		t.Fatalf("legacy pin: first=%v err=%v", op != nil && op.FirstFromSender, err)
	}
	if pins[PinName("Alice Example")] != x.Manifest.From.PublicKey {
		t.Fatal("the legacy pin was not carried over")
	}
	impostor := k
	impostor.sign, _ = NewSigningKey()
	pins = memPins{"alice example": x.Manifest.From.PublicKey}
	y := buildFor(t, impostor, sampleEntries()[:2], to, nil)
	if _, err := openWith(sealTo(t, y, k.x.Recipient(), false), k.x, pins); !isSenderChanged(err) {
		t.Fatalf("legacy pin, another key: %v", err)
	}
}
