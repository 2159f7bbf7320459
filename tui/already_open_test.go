package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/app"
)

// TestSecondWindowSaysAlreadyOpen: while another phr has the record open
// for writing, the unlock screen says so before the passphrase is typed
// (it said so only after a passphrase and a wait).
func TestSecondWindowSaysAlreadyOpen(t *testing.T) {
	cfg := filledVault(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	u := start(t, cfg, 80, 24)
	scr := u.waitFor("Passphrase:")
	if flat := strings.Join(strings.Fields(scr), " "); !strings.Contains(flat, "phr is already open for this record in another window") {
		t.Fatalf("the second window does not say the record is open:\n%s", scr)
	}
	s.Close()
	// Free again: the next start asks without the warning.
	v := start(t, cfg, 80, 24)
	if scr := v.waitFor("Passphrase:"); strings.Contains(scr, "already open") {
		t.Fatalf("a free record is called open:\n%s", scr)
	}
}
