package share

import (
	"bytes"
	"errors"
	"testing"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/errs"
)

func TestSealRefuses(t *testing.T) {
	k := newKeys(t)
	x := buildFor(t, k, sampleEntries()[:3], ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil)
	px := buildFor(t, k, sampleEntries()[:3], ToParty{Name: "passphrase", Recipient: PassphraseRecipient}, nil)
	altered := *x
	altered.Bundle = bytes.Replace(bytes.Clone(x.Bundle), []byte("Penicillin"), []byte("Penicillix"), 1)
	pass := []byte("a long enough passphrase")
	cases := []struct {
		name string
		run  func(w *bytes.Buffer) error
		kind errs.Kind
	}{
		{"no recipient", func(w *bytes.Buffer) error { _, err := Seal(x, w, nil, false); return err }, errs.Usage},
		{"two recipients", func(w *bytes.Buffer) error {
			_, err := Seal(x, w, []age.Recipient{k.x.Recipient(), k.other.Recipient()}, false)
			return err
		}, errs.Usage},
		{"a recipient the manifest does not name", func(w *bytes.Buffer) error {
			_, err := Seal(x, w, []age.Recipient{k.other.Recipient()}, false)
			return err
		}, errs.Failed},
		{"a passphrase extract sealed to a key", func(w *bytes.Buffer) error {
			_, err := Seal(px, w, []age.Recipient{k.x.Recipient()}, false)
			return err
		}, errs.Failed},
		{"a key extract sealed with a passphrase", func(w *bytes.Buffer) error { _, err := SealPassphrase(x, w, pass, 10, false); return err }, errs.Failed},
		{"empty passphrase", func(w *bytes.Buffer) error { _, err := SealPassphrase(px, w, nil, 10, false); return err }, errs.Usage},
		{"work factor too small", func(w *bytes.Buffer) error { _, err := SealPassphrase(px, w, pass, 9, false); return err }, errs.Failed},
		{"work factor above what open accepts", func(w *bytes.Buffer) error { _, err := SealPassphrase(px, w, pass, 21, false); return err }, errs.Failed},
		{"an extract changed after signing", func(w *bytes.Buffer) error {
			_, err := Seal(&altered, w, []age.Recipient{k.x.Recipient()}, false)
			return err
		}, errs.Failed},
		{"an extract not built", func(w *bytes.Buffer) error {
			_, err := Seal(&Extract{}, w, []age.Recipient{k.x.Recipient()}, false)
			return err
		}, errs.Failed},
		{"a failing writer", func(*bytes.Buffer) error {
			_, err := Seal(x, failWriter{}, []age.Recipient{k.x.Recipient()}, false)
			return err
		}, errs.Failed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var w bytes.Buffer
			err := tc.run(&w)
			if err == nil || errs.KindOf(err) != tc.kind {
				t.Fatalf("err = %v (kind %d), want kind %d", err, errs.KindOf(err), tc.kind)
			}
			if w.Len() != 0 {
				t.Fatal("wrote bytes before refusing")
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
