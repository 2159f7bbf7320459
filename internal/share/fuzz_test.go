package share

import (
	"bytes"
	"testing"

	"filippo.io/age"
)

// FuzzOpen feeds mangled extracts to Open: it must never panic, only refuse.
// Seeds are real extracts (binary, armored, passphrase) and near misses.
func FuzzOpen(f *testing.F) {
	k := newKeys(f)
	entries := sampleEntries()
	x := buildFor(f, k, entries, ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil)
	plain, _ := x.MarshalJSON()
	f.Add(sealTo(f, x, k.x.Recipient(), false))
	f.Add(sealTo(f, x, k.x.Recipient(), true))
	f.Add(sealTo(f, buildFor(f, k, entries[:2], ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil), k.x.Recipient(), false))
	px := buildFor(f, k, entries[:3], ToParty{Name: "passphrase", Recipient: PassphraseRecipient}, nil)
	var pb bytes.Buffer
	if _, err := SealPassphrase(px, &pb, []byte("fuzz passphrase"), 10, false); err != nil {
		f.Fatal(err)
	}
	f.Add(pb.Bytes())
	f.Add(encryptRaw(f, []byte(`{"manifest":{"format":"phr-extract","version":1},"bundle":{},"signature":""}`), k.x.Recipient()))
	f.Add(plain)
	f.Add([]byte("age-encryption.org/v1\n-> X25519 \n---"))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []OpenParams{
			{Identities: []age.Identity{k.x}},
			{Passphrase: []byte("fuzz passphrase"), scryptCap: 12},
		} {
			p.Now, p.Pins = now, memPins{}
			op, err := Open(bytes.NewReader(data), p)
			if err == nil && (op == nil || len(op.Entries) == 0) {
				t.Fatal("opened without entries")
			}
		}
	})
}
