package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
)

// TestChangePassphrase changes the vault's passphrase from the interface:
// the current one first (a wrong one is refused), then a new one rated by
// the vault's policy (a weak one is refused) and confirmed. After the lock
// only the new one opens the record.
func TestChangePassphrase(t *testing.T) {
	const newPass = "plum-orbit-kettle-lantern-93"
	for _, size := range sizes {
		w, h := size[0], size[1]
		shot := func(t *testing.T, name, frame string) {
			t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) { golden.RequireEqual(t, frame) })
		}
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			cfg := filledVault(t)
			u := start(t, cfg, w, h)
			u.unlock()
			u.press(char('P'))
			shot(t, "current", u.waitFor("Current passphrase:"))
			u.typeText("not-my-passphrase")
			u.press(enter)
			shot(t, "wrong", u.waitFor("That is not your current passphrase"))
			u.typeText(testPass)
			u.press(enter)
			u.waitFor("Now the new one")
			// A weak one is refused at once.
			u.typeText("password")
			u.press(enter)
			u.waitFor("too weak")
			for range len("password") {
				u.press(backspace)
			}
			u.typeText(newPass)
			u.press(enter)
			u.typeText(newPass[:5])
			u.press(enter)
			u.waitFor("The two passphrases are different")
			u.typeText(newPass)
			shot(t, "new", u.waitFor("Type it again:"))
			u.press(enter)
			u.waitFor("Your passphrase is changed")
			if err := opens(cfg, testPass); !errs.Is(err, errs.Unlock) {
				t.Fatalf("the old passphrase after the change: %v", err)
			}
			if err := opens(cfg, newPass); err != nil {
				t.Fatalf("the new passphrase does not open the vault: %v", err)
			}
			u.press(ctrlL)
			u.waitFor("Your record is locked.")
			u.typeText(testPass)
			u.press(enter)
			u.waitFor("That passphrase does not open this vault")
			u.typeText(newPass)
			u.press(enter)
			u.waitFor("Home")
		})
	}
}

// opens tries a passphrase on the vault beside the interface.
func opens(cfg app.Config, pass string) error {
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(pass), NoKeyring: true}, app.ReadMostly)
	if err == nil {
		s.Close()
	}
	return err
}

// TestChangePassphraseEscAsks: esc with a passphrase typed asks first, and
// the screen keeps nothing once left.
func TestChangePassphraseEscAsks(t *testing.T) {
	u := start(t, filledVault(t), 80, 24)
	u.unlock()
	u.press(char('P'))
	u.waitFor("Current passphrase:")
	u.press(esc)
	u.waitFor("Home")
	u.press(char('P'))
	u.waitFor("Current passphrase:")
	u.typeText("abc")
	u.press(esc)
	u.waitFor("Discard what you typed?")
	u.press(enter) // Keep editing is focused
	s := u.waitFor("Current passphrase: •••")
	if strings.Contains(s, "abc") {
		t.Fatalf("the passphrase shows:\n%s", s)
	}
}
