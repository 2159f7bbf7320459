package tui

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// lockedBuffer is the program's output, read while it is written.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// linear drives phr --accessible through its stdin, one answer at a time.
type linear struct {
	t    *testing.T
	in   io.WriteCloser
	out  *lockedBuffer
	seen int // output before this was answered already
}

// waitFor waits until the output since the last answer shows every one of
// wants, and returns it.
func (l *linear) waitFor(wants ...string) string {
	l.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		s := l.out.String()[l.seen:]
		all := true
		for _, w := range wants {
			all = all && strings.Contains(s, w)
		}
		if all {
			return s
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("the output never showed %q; since the last answer it is:\n%s", wants, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// send types a line.
func (l *linear) send(line string) {
	l.t.Helper()
	l.seen = len(l.out.String())
	if _, err := io.WriteString(l.in, line+"\n"); err != nil {
		l.t.Fatal(err)
	}
}

// choose waits for a numbered choice and types its number.
func (l *linear) choose(label string) {
	l.t.Helper()
	s := l.waitFor(label, "Type a number")
	m := regexp.MustCompile(`(?m)^(\d+)\. ` + regexp.QuoteMeta(label)).FindStringSubmatch(s)
	if m == nil {
		l.t.Fatalf("no numbered choice %q in:\n%s", label, s)
	}
	l.send(m[1])
}

// TestAccessibleModeThroughTheBinary runs a whole visit in accessible mode
// through the real binary with ACCESSIBLE set: unlock, open a category, add
// a medication with its dose, frequency and route, find it, read the audit
// log, lock, unlock again, quit. The
// output is plain lines: no escape sequence at all (so no cursor movement),
// no box drawing, a heading line for every screen, every choice numbered;
// and the entry is in the record, written by the same use case as the full
// interface's.
func TestAccessibleModeThroughTheBinary(t *testing.T) {
	cfg := filledVault(t)
	bin := buildPHR(t)
	home := t.TempDir()
	passFile := filepath.Join(home, "pass")
	if err := os.WriteFile(passFile, []byte(testPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--passphrase-file", passFile)
	cmd.Env = []string{"HOME=" + home, "PHR_VAULT=" + cfg.VaultDir, "ACCESSIBLE=1", "TERM=xterm-256color", "PATH=" + os.Getenv("PATH")}
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	l := &linear{t: t, in: in, out: out}

	l.waitFor("== Home ==")
	l.choose("Medications: 6 entries")
	l.waitFor("== Medications: 6 entries ==")
	l.choose("Add an entry to Medications")
	l.waitFor("== Add to Medications ==", "Medicine")
	l.send("Aspirin")
	l.waitFor("Dose")
	l.send("75 mg")
	l.waitFor("How often")
	l.send("once a day")
	l.waitFor("Taken")
	l.send("by mouth")
	l.waitFor("Started")
	l.send("31 February 2024") // refused, with an example
	l.waitFor("✗ ", "Started")
	l.send("1 March 2024")
	l.waitFor("Stopped")
	l.send("")
	l.choose("not given")
	for _, q := range []string{"Notes", "Tags", "Type the numbers to tick"} {
		l.waitFor(q)
		answer := ""
		if q == "Notes" {
			answer = "with food"
		}
		l.send(answer)
	}
	l.waitFor("Attach a file")
	l.send("")
	l.waitFor("✓ Added Aspirin.", "== Medications: 7 entries ==", "2024-03-01, Aspirin, 75 mg by mouth once a day")
	l.choose("Back")
	l.choose("Search the whole record")
	l.waitFor("== Search ==", "Search for: ")
	l.send("aspirin")
	l.waitFor(`== Search results: 1 match for "aspirin" ==`)
	l.choose("2024-03-01, Aspirin")
	l.waitFor("== Details: Aspirin ==", "Dose: 75 mg", "How often: once a day", "Notes: with food")
	l.choose("Back")
	l.choose("Audit log")
	l.waitFor("== Audit log ==", "each chained to the one before")
	l.choose("Back")
	l.choose("Lock")
	l.waitFor("== Locked ==", "Passphrase: ")
	l.send("not-the-passphrase-at-all")
	l.waitFor("✗ ", "Passphrase: ")
	l.send(testPass)
	l.waitFor("Your record is open.", "== Home ==")
	l.choose("Quit")
	select {
	case <-done:
		if waitErr != nil {
			t.Fatalf("phr --accessible ended with %v:\n%s", waitErr, out.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("phr --accessible did not end after quit:\n%s", out.String())
	}

	all := out.String()
	if strings.ContainsRune(all, '\x1b') {
		t.Errorf("the output holds escape sequences (cursor movement, colour):\n%q", all)
	}
	for _, r := range all {
		if r >= 0x2500 && r <= 0x259f {
			t.Errorf("the output holds box drawing (%q):\n%s", r, all)
			break
		}
	}
	if n := strings.Count(all, "\n== "); n < 12 {
		t.Errorf("only %d heading lines:\n%s", n, all)
	}
	if !regexp.MustCompile(`(?m)^23\. Lock$`).MatchString(all) {
		t.Errorf("the home choices are not numbered:\n%s", all)
	}

	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es, err := s.List(context.Background(), store.Filter{Categories: []record.Category{record.Medication}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range es {
		found = found || (e.Title == "Aspirin" && e.Date == "2024-03-01" && e.Dose == "75 mg" && e.Frequency == "once a day" && e.Route == "by mouth")
	}
	if !found {
		t.Fatalf("the entry added in accessible mode is not in the record: %v", es)
	}
}
