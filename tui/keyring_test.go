package tui

import (
	"context"
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
)

// TestKeyringFromTheInterface keeps the vault key in the keyring from the
// interface (phr remember), and takes it out again (phr forget), each
// time with the choice that changes nothing focused: after the first, the
// vault opens from the keyring alone; after the second, it does not.
func TestKeyringFromTheInterface(t *testing.T) {
	for _, size := range sizes {
		w, h := size[0], size[1]
		shot := func(t *testing.T, name, frame string) {
			t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) { golden.RequireEqual(t, frame) })
		}
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			cfg := filledVault(t)
			fromKeyring := func() error {
				s, err := app.Open(context.Background(), cfg, app.Unlock{}, app.ReadMostly)
				if err == nil {
					s.Close()
				}
				return err
			}
			u := start(t, cfg, w, h)
			u.unlock()
			u.press(char('K'))
			shot(t, "off", u.waitFor("phr asks for your passphrase each time it starts.", "Keep asking"))
			u.press(enter) // Keep asking is focused
			u.waitFor("Home")
			if fromKeyring() == nil {
				t.Fatal("the keyring opens the vault after Keep asking")
			}
			u.press(char('K'))
			u.waitFor("Keep asking")
			u.press(tea.KeyPressMsg{Code: tea.KeyRight})
			u.press(enter)
			u.waitFor("The vault key is in this computer's keyring")
			if err := fromKeyring(); err != nil {
				t.Fatalf("the keyring does not open the vault: %v", err)
			}
			u.press(char('K'))
			shot(t, "on", u.waitFor("Take it out", "Keep it there"))
			u.press(tea.KeyPressMsg{Code: tea.KeyRight})
			u.press(enter)
			u.waitFor("The vault key is out of the keyring")
			if fromKeyring() == nil {
				t.Fatal("the keyring still opens the vault")
			}
		})
	}
}
