package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

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
	u.waitFor("Opened letter.txt from a private folder in memory")
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
