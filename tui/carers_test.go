package tui

import (
	"bytes"
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
			// The key's fingerprint is not shown while the person is asked to
			// type what the carer reads out, so it cannot simply be copied.
			ask := u.waitFor("Check that this key is Kim Lee's", "XXXX-XXXX-XXXX")
			shot(t, "check_carer", ask)
			if strings.Contains(ask, want) {
				t.Fatalf("the fingerprint %s is on screen while it is asked for:\n%s", want, ask)
			}
			// A fingerprint that is not the key's is refused, naming the
			// group that differs, and nothing is added.
			u.typeText(wrongGroup(want, 1))
			u.press(enter)
			refused := u.waitFor("second group differs", "not added")
			shot(t, "mismatch_carer", refused)
			if cs := carerNames(t, cfg); strings.Contains(cs, "Kim Lee") {
				t.Fatalf("a mismatched key was stored: %s", cs)
			}
			// Side by side, tab shows the fingerprint to compare by eye.
			u.press(tea.KeyPressMsg{Code: tea.KeyTab})
			check := u.waitFor("fingerprint is", "Add Kim Lee")
			shot(t, "compare_carer", check)
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
	u.waitFor("Check that this key is Ann's")
	// Read out over the phone and typed as heard: case, spaces and
	// dashes do not matter. A character no fingerprint has is named.
	u.typeText("O")
	u.press(enter)
	u.waitFor(`"O" is not in a fingerprint`)
	u.press(tea.KeyPressMsg{Code: tea.KeyBackspace})
	u.typeText(strings.ToLower(strings.ReplaceAll(want, "-", " ")))
	u.press(enter)
	u.waitFor("Added Ann as a carer: the fingerprint they read matches their key.")
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

// wrongGroup returns fp with one character of group g (0, 1 or 2) changed.
func wrongGroup(fp string, g int) string {
	b := []byte(fp)
	i := 5*g + 1
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// carerNames lists the carers stored in the vault, read beside the
// interface (which holds the vault for writing).
func carerNames(t *testing.T, cfg app.Config) string {
	t.Helper()
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.Carers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

// TestAddCarerProblemInert: the add-carer screen's problem quotes the key
// file's name, which came from outside (a file the carer sent); a bidi
// override in it reaches the screen inert.
func TestAddCarerProblemInert(t *testing.T) {
	cfg := filledVault(t)
	big := filepath.Join(t.TempDir(), "ann\u202etxt.key")
	os.WriteFile(big, bytes.Repeat([]byte("x"), 1<<20), 0o600)
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('h'))
	u.waitFor("Sam Carter", "What you shared")
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
	u.typeText(big)
	time.Sleep(formStep)
	u.press(enter)
	u.waitFor("too large to be a carer's key")
	inert(t, "add carer", u.rawFrame())
}
