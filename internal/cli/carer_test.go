package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
)

// TestRunCarer calls the run functions of phr carer add, list and rm: a
// fingerprint that does not match refuses the carer (exit 4), one that
// matches adds them, the list shows them with it, rm removes them.
func TestRunCarer(t *testing.T) {
	ctx := context.Background()
	cfg, s := testVault(t)
	r, out, errOut := testRunner(cfg)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	rcp := id.Recipient().String()
	fp := app.RecipientFingerprint(rcp)

	other, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	wrong := app.RecipientFingerprint(other.Recipient().String())
	if err := r.runCarerAdd(ctx, s, carerAddOptions{Name: "Sam", Recipient: rcp, Fingerprint: &wrong}); !errs.Is(err, errs.Policy) {
		t.Fatalf("another key's fingerprint: %v", err)
	}
	if err := (carerAddOptions{Name: "Sam"}).check(); !errs.Is(err, errs.Usage) {
		t.Fatalf("no recipient: %v", err)
	}
	if err := r.runCarerAdd(ctx, s, carerAddOptions{Name: "Sam", Recipient: rcp, Relationship: "partner", Fingerprint: &fp, JSON: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "matches the one they read to you") {
		t.Errorf("stderr %q", errOut)
	}
	out.Reset()
	if err := r.runCarerList(ctx, s, true); err != nil {
		t.Fatal(err)
	}
	var cs []struct{ Name, Relationship, Fingerprint string }
	if err := json.Unmarshal(out.Bytes(), &cs); err != nil || len(cs) != 1 || cs[0].Name != "Sam" || cs[0].Relationship != "partner" || cs[0].Fingerprint != fp {
		t.Fatalf("carer list --json printed %q (%v)", out, err)
	}
	out.Reset()
	if err := r.runCarerRm(ctx, s, " Sam ", true); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out.String()) != `{"removed":"Sam"}` && !strings.Contains(out.String(), `"removed": "Sam"`) {
		t.Fatalf("carer rm --json printed %q", out)
	}
	out.Reset()
	errOut.Reset()
	if err := r.runCarerList(ctx, s, false); err != nil || out.Len() != 0 || !strings.Contains(errOut.String(), "no carers yet") {
		t.Fatalf("an empty list: %v, %q, %q", err, out, errOut)
	}
}
