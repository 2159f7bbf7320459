package app

import (
	"context"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

// TestCarerNameAnExtractCanCarry: a carer's name with a control or
// invisible character is refused when the carer is added (exit 2), not at
// the first share, when the extract refuses it; plain names in any script
// are kept.
func TestCarerNameAnExtractCanCarry(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, recipient, err := share.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	for name, ok := range map[string]bool{
		"Zoë Ångström":              true,
		"Сэм 李":                     true,
		"Sam\x1b]52;c;ZXZpbA==\x07": false,
		"Sam\u202eevil":             false,
		"S\u200bam":                 false,
		"Sam\nFrom: the doctor":     false,
		"Sa\u0085m":                 false,
	} {
		_, err := s.AddCarer(ctx, name, recipient, "")
		if ok != (err == nil) || (err != nil && !errs.Is(err, errs.Usage)) {
			t.Errorf("AddCarer(%q) = %v, want ok %v (or a usage error)", name, err, ok)
		}
	}
}

// TestProfileNameAnExtractCanCarry: the profile's name is every extract's
// sender, so a name typed with control or invisible characters is refused
// when it is set (once it was kept, and every share then failed).
func TestProfileNameAnExtractCanCarry(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, ok := range map[string]bool{
		"Ada Lovelace":            true,
		"Zoë Ångström":            true,
		"Ada\x1b]52;c;ZXZpbA==\a": false,
		"Ada\u202e Lovelace":      false,
		"A\u200bda":               false,
	} {
		err := s.SetProfile(ctx, record.Profile{Name: name})
		if ok != (err == nil) || (err != nil && !errs.Is(err, errs.Usage)) {
			t.Errorf("SetProfile(%q) = %v, want ok %v (or a usage error)", name, err, ok)
		}
	}
}
