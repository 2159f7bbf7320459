package tui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
)

// letterVault makes a vault with one document and its attached letter.
func letterVault(t *testing.T, body string) app.Config {
	t.Helper()
	cfg := testConfig(t)
	ctx := context.Background()
	s, err := app.Init(ctx, cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	letter := filepath.Join(t.TempDir(), "letter.txt")
	os.WriteFile(letter, []byte(body), 0o600)
	if _, err := s.Add(ctx, []record.Entry{{Category: record.Document, Title: "Discharge letter", Date: "2026-11-01"}}, []string{letter}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return cfg
}

// openLetter goes from home to the letter's details.
func (u *ui) openLetter() string {
	u.t.Helper()
	u.unlock()
	for range 8 { // Documents is the ninth category
		u.press(down)
	}
	u.press(enter)
	u.waitFor("Discharge letter")
	u.press(enter)
	return u.waitFor("Attachment", "v views the file")
}

// TestViewAndSaveAttachment opens an attached letter in a viewer from a
// private folder in memory (removed once the viewer is done), and saves a
// copy only after saying it is not encrypted.
func TestViewAndSaveAttachment(t *testing.T) {
	if !app.InMemory("/dev/shm") {
		t.Skip("no tmpfs at /dev/shm")
	}
	body := "Dear Ada, you were seen today. Please rest for a fortnight.\n"
	cfg := letterVault(t, body)
	home := t.TempDir()
	t.Setenv("HOME", home)
	ram, err := os.MkdirTemp("/dev/shm", "phr-test-*")
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { os.RemoveAll(ram) })
	os.Chmod(ram, 0o700)
	t.Setenv("XDG_RUNTIME_DIR", ram)
	// The viewer copies what it was given where the test can read it.
	seen := filepath.Join(t.TempDir(), "seen.txt")
	script := filepath.Join(t.TempDir(), "viewer.sh")
	os.WriteFile(script, []byte("#!/bin/sh\ncat \"$1\" > "+seen+"\nls -ld \"$(dirname \"$1\")\" >> "+seen+"\n"), 0o700)
	t.Setenv("PHR_VIEWER", script)

	u := start(t, cfg, 80, 24)
	detail := u.openLetter()
	// The entry's id is random: the frame keeps its place only.
	detail = regexp.MustCompile(`Id( +)[a-z2-7]{10}`).ReplaceAllString(detail, "Id${1}xxxxxxxxxx")
	t.Run("detail", func(t *testing.T) { golden.RequireEqual(t, detail) })
	u.press(char('v'))
	// $PHR_VIEWER is waited for: its copy is gone as soon as it exits.
	u.waitFor("Viewed letter.txt; phr removed the copy it made for the viewer.")
	got, _ := os.ReadFile(seen)
	if !strings.HasPrefix(string(got), body) || !strings.Contains(string(got), "drwx------") {
		t.Fatalf("the viewer saw %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(ram, "phr-view-*")); len(left) != 0 {
		t.Fatalf("the viewer's copy is still there: %v", left)
	}

	u.press(char('x'))
	ask := u.waitFor("Save a copy of letter.txt?", "not encrypted")
	// The home folder's name is random: keep the frame's width.
	ask = regexp.MustCompile(`It will be \S+ *║`).ReplaceAllStringFunc(ask, func(m string) string {
		return fmt.Sprintf("%-*s║", len([]rune(m))-1, "It will be ~/letter.txt")
	})
	t.Run("save", func(t *testing.T) { golden.RequireEqual(t, ask) })
	u.press(enter) // Cancel is focused
	u.waitFor("v views the file")
	if _, err := os.Stat(filepath.Join(home, "letter.txt")); err == nil {
		t.Fatal("cancel saved a copy")
	}
	u.press(char('x'))
	u.waitFor("Save a copy of letter.txt?")
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(enter)
	u.waitFor("Saved a copy")
	if b, err := os.ReadFile(filepath.Join(home, "letter.txt")); err != nil || string(b) != body {
		t.Fatalf("the saved copy: %q, %v", b, err)
	}
}

// TestViewWithoutPrivateFolder: with no private folder in memory, v puts
// nothing on disk and points to saving a copy.
func TestViewWithoutPrivateFolder(t *testing.T) {
	cfg := letterVault(t, "a letter\n")
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("PHR_VIEWER", "/bin/false")
	u := start(t, cfg, 100, 30)
	u.openLetter()
	u.press(char('v'))
	u.waitFor("no private in-memory folder", "press x to save a copy")
}

// TestViewWithSystemViewer opens the letter with the system's viewer
// (xdg-open), which hands the file over and returns at once, so phr cannot
// know when the viewer is done: the copy stays in the private folder in
// memory, the status and the details say so until the lock, the lock
// removes it and says so, and so does quitting. A copy left by a phr that
// was killed is removed when phr is next unlocked.
func TestViewWithSystemViewer(t *testing.T) {
	if !app.InMemory("/dev/shm") {
		t.Skip("no tmpfs at /dev/shm")
	}
	cfg := letterVault(t, "Dear Ada, rest for a fortnight.\n")
	ram, err := os.MkdirTemp("/dev/shm", "phr-test-*")
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { os.RemoveAll(ram) })
	os.Chmod(ram, 0o700)
	t.Setenv("XDG_RUNTIME_DIR", ram)
	t.Setenv("PHR_VIEWER", "")
	// A stale copy of a phr that was killed (its process has ended).
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip(err)
	}
	stale := filepath.Join(ram, "phr-view-"+strconv.Itoa(dead.Process.Pid)+"-1")
	os.Mkdir(stale, 0o700)
	os.WriteFile(filepath.Join(stale, "old-letter.txt"), []byte("an old letter\n"), 0o600)
	// xdg-open as the desktop's: it notes what it was given and returns.
	bin := t.TempDir()
	seen := filepath.Join(t.TempDir(), "seen.txt")
	os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\necho \"$1\" > "+seen+"\n"), 0o700)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	copies := func() []string {
		m, _ := filepath.Glob(filepath.Join(ram, "phr-view-*", "*"))
		return m
	}

	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, cfg, w, h)
			u.openLetter()
			if _, err := os.Stat(stale); !os.IsNotExist(err) {
				t.Fatalf("the killed phr's copy is still there after the unlock: %v", err)
			}
			u.press(char('v'))
			u.waitFor("phr cannot tell when the viewer is done")
			detail := u.waitFor("open in your viewer")
			detail = regexp.MustCompile(`Id( +)[a-z2-7]{10}`).ReplaceAllString(detail, "Id${1}xxxxxxxxxx")
			t.Run("open", func(t *testing.T) { golden.RequireEqual(t, detail) })
			given, _ := os.ReadFile(seen)
			if c := copies(); len(c) != 1 || strings.TrimSpace(string(given)) != c[0] {
				t.Fatalf("the viewer was given %q; the copies are %v", given, c)
			}
			// Leaving the details and coming back still says so.
			u.press(esc)
			u.waitFor("Documents · 1")
			u.press(enter)
			u.waitFor("open in your viewer")
			// The lock removes the copy, and says so.
			u.press(ctrlL)
			// "Locked" shows once the session let go: the copy is gone by then.
			locked := u.waitFor("Your record is locked.", "made for your viewer is removed", "Passphrase:")
			t.Run("locked", func(t *testing.T) { golden.RequireEqual(t, locked) })
			if c := copies(); len(c) != 0 {
				t.Fatalf("the lock left %v", c)
			}
			// Quitting removes a copy as well.
			u.openLetter()
			if strings.Contains(u.screen(), "open in your viewer") {
				t.Fatal("the details still say the file is open after the lock")
			}
			u.press(char('v'))
			u.waitFor("open in your viewer")
			if c := copies(); len(c) != 1 {
				t.Fatalf("the copies: %v", c)
			}
			u.tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
			u.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
			if c := copies(); len(c) != 0 {
				t.Fatalf("quitting left %v", c)
			}
		})
	}
}
