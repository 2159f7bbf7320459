package tui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// history is the pane with the lines scrolled above it.
func (s *tmuxSession) history() string {
	out, _ := s.tmux("capture-pane", "-p", "-S", "-400", "-t", s.name)
	return string(out)
}

// seen waits until the pane, with the lines scrolled above it, shows want.
func (s *tmuxSession) seen(want string) string {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		h := s.history()
		if strings.Contains(h, want) {
			return h
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the pane never showed %q; it shows:\n%s", want, h)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// answer waits for a prompt ending the pane and types a line.
func (s *tmuxSession) answer(prompt, line string) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.HasSuffix(strings.TrimRight(s.history(), "\n "), strings.TrimRight(prompt, " ")) {
		if time.Now().After(deadline) {
			s.t.Fatalf("no prompt %q at the end of:\n%s", prompt, s.history())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if line != "" {
		s.text(line)
	}
	s.keys("Enter")
}

// pick waits for a numbered choice starting with label, after the last
// heading, and types its number.
func (s *tmuxSession) pick(label string) {
	s.t.Helper()
	re := regexp.MustCompile(`(?m)^(\d+)\. ` + regexp.QuoteMeta(label))
	deadline := time.Now().Add(20 * time.Second)
	for {
		h := s.history()
		if i := strings.LastIndex(h, "\n== "); i >= 0 {
			h = h[i:]
		}
		if m := re.FindAllStringSubmatch(h, -1); m != nil && strings.HasSuffix(strings.TrimRight(h, "\n "), ":") {
			s.answer(":", m[len(m)-1][1])
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no choice %q in:\n%s", label, s.history())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestTmuxAccessibleMode runs accessible mode on a real terminal, from no
// vault at all: the welcome with a passphrase typed without echo, a
// medication with its dose and frequency, three weights with "add another
// reading", and the chart told as text. Every byte phr wrote to the
// terminal is plain text: no escape sequence (no cursor movement, no
// colour) and no box drawing.
func TestTmuxAccessibleMode(t *testing.T) {
	needTmux(t)
	bin := buildPHR(t)
	home := t.TempDir()
	raw := filepath.Join(t.TempDir(), "raw")
	s := startTmuxIn(t, home, raw, bin, "--accessible")
	s.seen("== Welcome ==")
	s.pick("Type my own passphrase")
	s.answer("Passphrase:", testPass)
	s.seen("acceptable")
	s.answer("The same passphrase again:", testPass)
	s.pick("No: ask for my passphrase each time")
	s.seen("Your vault is ready.")
	if strings.Contains(s.history(), testPass) {
		t.Fatalf("the passphrase was echoed:\n%s", s.history())
	}
	s.pick("Medications: 0 entries")
	s.pick("Add an entry to Medications")
	for _, a := range [][2]string{{"Medicine", "Amoxicillin"}, {"Dose", "500 mg"}, {"How often", "three times a day"},
		{"Taken", "by mouth"}, {"Started", "1 March 2024"}, {"Stopped", ""}} {
		s.seen(a[0])
		s.answer(":", a[1])
	}
	s.pick("not given")
	for range 4 { // notes, tags, sensitive kinds, a file
		s.answer(":", "")
	}
	s.seen("Amoxicillin, 500 mg by mouth three times a day")
	s.pick("Back")
	s.pick("Measurements: 0 entries")
	s.pick("Add an entry to Measurements")
	for i, w := range [][2]string{{"2024-01-05", "84"}, {"2024-03-20", "82.5"}, {"2024-09-01", "80"}} {
		title := "Weight"
		if i > 0 {
			title = "" // another reading keeps it
		}
		s.seen("Reading")
		s.answer(":", title)
		s.answer(":", w[0])
		s.answer(":", w[1])
		s.pick("kg")
		for range 4 {
			s.answer(":", "")
		}
		for deadline := time.Now().Add(30 * time.Second); strings.Count(s.history(), "✓ Added Weight.") <= i; {
			if time.Now().After(deadline) {
				t.Fatalf("reading %d was not added:\n%s", i+1, s.history())
			}
			time.Sleep(100 * time.Millisecond)
		}
		if i < 2 {
			s.pick("Add another reading of Weight")
		}
	}
	s.pick("Back")
	s.pick("Back")
	s.pick("Charts of measurements and results")
	s.pick("Weight, 3 readings")
	scr := s.seen("3 readings from 2024-01-05 to 2024-09-01, in kg.")
	for _, want := range []string{"lowest 80 on 2024-09-01, highest 84 on 2024-01-05", "2024-09-01: 80 kg", "2024-03-20: 82.5 kg", "2024-01-05: 84 kg"} {
		if !strings.Contains(s.history(), want) {
			t.Fatalf("the chart does not say %q:\n%s", want, scr)
		}
	}
	s.pick("Back")
	s.pick("Back")
	s.pick("Quit")
	time.Sleep(500 * time.Millisecond)

	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	if i := strings.IndexRune(string(b), '\x1b'); i >= 0 {
		t.Errorf("phr wrote an escape sequence at byte %d: %q", i, b[max(0, i-40):min(len(b), i+40)])
	}
	for _, r := range string(b) {
		if r >= 0x2500 && r <= 0x259f {
			t.Errorf("phr drew a box (%q)", r)
			break
		}
	}
	sess, err := app.Open(context.Background(), app.Config{VaultDir: filepath.Join(home, "vault")},
		app.Unlock{Passphrase: []byte(testPass), NoKeyring: true}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	es, err := sess.List(context.Background(), store.Filter{Categories: []record.Category{record.Medication, record.Measurement}})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 4 {
		t.Fatalf("%d entries, want a medication and three weights: %+v", len(es), es)
	}
}
