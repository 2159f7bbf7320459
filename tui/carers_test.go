package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"filippo.io/age"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
)

// kimKey is a public X25519 recipient whose secret was thrown away: a fixed
// key keeps the fingerprint in the golden frames the same on every run.
const kimKey = "age1fvge0lp4cwctmxkgs4nsakrsfplr6shzn3lespccajajwqy83fhqm8rvgr"

// TestAddCarerByPaste adds a carer with a pasted key from the carers
// screen, checks the fingerprint shown before anything is stored, then
// removes the carer with "Keep" focused.
func TestAddCarerByPaste(t *testing.T) {
	cfg := filledVault(t)
	want := app.RecipientFingerprint(kimKey)
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		shot := func(t *testing.T, name, frame string) {
			t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) { golden.RequireEqual(t, frame) })
		}
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, cfg, w, h)
			u.unlock()
			u.press(char('h'))
			shot(t, "carers", u.waitFor("Sam Carter", "What you shared"))
			u.press(char('a'))
			shot(t, "add_carer", u.waitFor("┃ Their name"))
			u.typeText("Kim Lee")
			u.waitFor("Kim Lee")
			u.press(enter)
			u.waitFor("┃ Who they are to you")
			u.typeText("daughter")
			u.waitFor("daughter")
			u.press(enter)
			u.waitFor("┃ Their key")
			u.press(enter) // paste
			u.waitFor("┃ Paste their key")
			// A terminal pastes in one piece (bracketed paste), here broken
			// over two lines as a narrow mail reader would.
			u.tm.Send(tea.PasteMsg{Content: kimKey[:30] + "\n" + kimKey[30:]})
			u.waitFor(kimKey[:20])
			u.press(enter)
			check := u.waitFor("fingerprint is", "Add Kim Lee")
			shot(t, "check_carer", check)
			if !strings.Contains(check, want) {
				t.Fatalf("the check does not show the fingerprint %s:\n%s", want, check)
			}
			u.press(tea.KeyPressMsg{Code: tea.KeyRight})
			u.press(enter)
			u.waitFor("Added Kim Lee")
			list := u.waitFor("Kim Lee (daughter)")
			if !strings.Contains(list, want) {
				t.Fatalf("the carers list does not show the fingerprint:\n%s", list)
			}
			// Remove: the safe choice is focused; enter keeps the carer.
			u.press(char('d'))
			shot(t, "remove_carer", u.waitFor("Remove Kim Lee?", "Keep Kim Lee"))
			u.press(enter)
			u.waitFor("Kim Lee (daughter)")
			u.press(char('d'))
			u.waitFor("Remove Kim Lee?")
			u.press(char('y'))
			u.waitFor("Removed Kim Lee")
			// The list reloads just after the message: Kim Lee must go.
			if s := u.waitGone("Kim Lee ("); !strings.Contains(s, "Sam Carter") {
				t.Fatalf("Sam Carter went too:\n%s", s)
			}
		})
	}
}

// TestAddCarerFromFile reads a post-quantum key from the file the carer
// sent; a file holding a secret key is refused without showing it.
func TestAddCarerFromFile(t *testing.T) {
	cfg := filledVault(t)
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "ann-key.txt")
	secretFile := filepath.Join(dir, "ann-secret.txt")
	os.WriteFile(keyFile, []byte("# from phr keygen\n"+id.Recipient().String()+"\n"), 0o600)
	os.WriteFile(secretFile, []byte(id.String()+"\n"), 0o600)
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('h'))
	// The carers screen's own line, not a name the home screen may show
	// too: a key sent before the screen is open reaches the home screen.
	u.waitFor("Sam Carter", "What you shared")
	fill := func(file string) {
		u.press(char('a'))
		u.waitFor("┃ Their name")
		u.typeText("Ann")
		u.waitFor("Ann")
		u.press(enter)
		u.waitFor("┃ Who they are to you")
		u.press(enter)
		u.waitFor("┃ Their key")
		u.press(down)
		u.waitFor("> Read it from a file")
		time.Sleep(formStep)
		u.press(enter)
		u.waitFor("┃ The file with their key")
		u.typeText(file)
		u.waitFor(filepath.Base(file))
		time.Sleep(formStep)
		u.press(enter)
	}
	fill(secretFile)
	s := u.waitFor("secret key", "┃ Their name")
	if strings.Contains(s, "AGE-SECRET-KEY") {
		t.Fatalf("the secret key is on screen:\n%s", s)
	}
	u.press(esc) // what was typed is thrown away only when asked to
	u.waitFor("Discard what you typed?", "› [ Keep editing ]")
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(enter)
	u.waitFor("Sam Carter", "What you shared")
	fill(keyFile)
	want := app.RecipientFingerprint(id.Recipient().String())
	u.waitFor("fingerprint is", want)
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(enter)
	u.waitFor("Added Ann")
	u.waitFor("Ann, post-quantum key " + want)

	s2, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err == nil {
		defer s2.Close()
		cs, _ := s2.Carers(context.Background())
		for _, c := range cs {
			if c.Name == "Ann" && c.Recipient != id.Recipient().String() {
				t.Fatal("the stored key differs from the file's")
			}
		}
	}
}
