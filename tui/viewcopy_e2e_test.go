package tui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/app"
)

// TestTmuxClosedTerminalRemovesViewCopy opens an attached letter with the
// system's viewer through the real binary, then closes the terminal (tmux
// kills the session: SIGHUP), as a person closes the window instead of
// quitting. phr ends as on ctrl+c and removes the copy it made for the
// viewer; before, the copy stayed in $XDG_RUNTIME_DIR until logout.
func TestTmuxClosedTerminalRemovesViewCopy(t *testing.T) {
	needTmux(t)
	if !app.InMemory("/dev/shm") {
		t.Skip("no tmpfs at /dev/shm")
	}
	bin := buildPHR(t)
	x := newExchange(t, bin)
	ram, err := os.MkdirTemp("/dev/shm", "phr-test-*")
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { os.RemoveAll(ram) })
	os.Chmod(ram, 0o700)
	// The tmux server started below inherits these.
	t.Setenv("XDG_RUNTIME_DIR", ram)
	t.Setenv("PHR_VIEWER", "")
	fake := t.TempDir()
	os.WriteFile(filepath.Join(fake, "xdg-open"), []byte("#!/bin/sh\nexit 0\n"), 0o700)
	t.Setenv("PATH", fake+string(os.PathListSeparator)+os.Getenv("PATH"))
	copies := func() []string {
		m, _ := filepath.Glob(filepath.Join(ram, "phr-view-*", "*"))
		return m
	}

	p := startTmuxIn(t, x.patient, "", bin)
	p.waitFor("Passphrase", 10*time.Second)
	p.text(testPass)
	p.keys("Enter")
	p.waitFor("Home", 30*time.Second)
	for range 8 { // Documents is the ninth category
		p.keys("Down")
	}
	p.keys("Enter")
	p.waitFor("Discharge letter", 10*time.Second)
	p.keys("Enter")
	p.waitFor("v views the file", 10*time.Second)
	p.keys("v")
	p.waitFor("open in your viewer", 10*time.Second)
	if c := copies(); len(c) != 1 {
		t.Fatalf("the copies for the viewer: %v", c)
	}
	if out, err := p.tmux("kill-session", "-t", p.name); err != nil {
		t.Fatalf("tmux kill-session: %v\n%s", err, out)
	}
	for end := time.Now().Add(10 * time.Second); len(copies()) > 0 && time.Now().Before(end); {
		time.Sleep(100 * time.Millisecond)
	}
	if c := copies(); len(c) != 0 {
		t.Fatalf("closing the terminal left the copy %v", c)
	}
}
