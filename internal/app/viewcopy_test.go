package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestViewCopyLifetime: a copy made for a viewer is named among the open
// copies until it is removed, and Close (lock, quit) removes every one.
func TestViewCopyLifetime(t *testing.T) {
	ram := t.TempDir() // ViewCopy writes where PrivateViewDir said
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	letter := filepath.Join(t.TempDir(), "letter.txt")
	os.WriteFile(letter, []byte("Dear Ada\n"), 0o600)
	ids, err := s.Add(ctx, []record.Entry{{Category: record.Document, Title: "Letter", Date: "2026-11-01"}}, []string{letter})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.Entry(ctx, ids[0].Entry.ID)
	if err != nil || len(e.Attachments) != 1 {
		t.Fatalf("the entry: %+v, %v", e, err)
	}
	a := e.Attachments[0]
	p1, remove1, err := s.ViewCopy(a, ram)
	if err != nil {
		t.Fatal(err)
	}
	p2, _, err := s.ViewCopy(a, ram)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.ViewCopies(); len(got) != 2 || got[0] != a.ID || got[1] != a.ID {
		t.Fatalf("open copies %v, want two of %s", got, a.ID)
	}
	remove1()
	if _, err := os.Stat(p1); !os.IsNotExist(err) {
		t.Fatalf("the removed copy is still there: %v", err)
	}
	if got := s.ViewCopies(); len(got) != 1 {
		t.Fatalf("open copies after one was removed: %v", got)
	}
	if b, err := os.ReadFile(p2); err != nil || string(b) != "Dear Ada\n" {
		t.Fatalf("the other copy: %q, %v", b, err)
	}
	s.Close()
	if left, _ := filepath.Glob(filepath.Join(ram, "*")); len(left) != 0 {
		t.Fatalf("Close left %v", left)
	}
}

// TestSweepViewCopies removes the copies of a phr that no longer runs and
// leaves a running one's, this process's included, and anything else.
func TestSweepViewCopies(t *testing.T) {
	if !processRuns(os.Getpid()) {
		t.Skip("this system cannot tell which processes run")
	}
	// A process that ran and ended: its id is free (barring reuse, which
	// leaves its folder, the safe way).
	c := exec.Command("true")
	if err := c.Run(); err != nil {
		t.Skip(err)
	}
	dead := c.Process.Pid
	if processRuns(dead) {
		t.Skip("the ended process's id was taken again")
	}
	dir := t.TempDir()
	mk := func(name string) string {
		p := filepath.Join(dir, name)
		os.Mkdir(p, 0o700)
		os.WriteFile(filepath.Join(p, "letter.txt"), []byte("Dear Ada\n"), 0o600)
		return p
	}
	gone := mk(viewDirPrefix + strconv.Itoa(dead) + "-123")
	mine := mk(viewDirPrefix + strconv.Itoa(os.Getpid()) + "-456")
	parent := mk(viewDirPrefix + strconv.Itoa(os.Getppid()) + "-789")
	other := mk("phr-agent")
	odd := mk(viewDirPrefix + "x-1")
	if n := SweepViewCopies(dir); n != 1 {
		t.Fatalf("swept %d folders, want 1", n)
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Fatalf("the dead phr's copy is still there: %v", err)
	}
	for _, p := range []string{mine, parent, other, odd} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
	if SweepViewCopies("") != 0 {
		t.Fatal("swept with no folder")
	}
}
