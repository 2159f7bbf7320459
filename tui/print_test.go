package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
)

// TestPrintFromTheInterface writes a summary and an emergency card from the
// interface alone (home's w), with the sensitive entries left out as the
// form offers first, and an archive; each lands in the file typed and in the
// audit log, and nothing sensitive is in the printouts.
func TestPrintFromTheInterface(t *testing.T) {
	cfg := filledVault(t)
	dir := t.TempDir()
	summaryFile, cardFile, archiveFile := filepath.Join(dir, "visit.html"), filepath.Join(dir, "card.pdf"), filepath.Join(dir, "all.tar.age")
	t.Run("interface", func(t *testing.T) {
		u := start(t, cfg, 100, 30)
		u.unlock()

		u.press(char('w'))
		form := u.waitFor("Print or keep your record", "What to write")
		t.Run("print_100x30", func(t *testing.T) { golden.RequireEqual(t, form) })
		u.press(enter) // a summary
		u.waitFor("Format")
		u.press(enter) // HTML
		u.waitFor("Sensitive entries")
		u.press(enter) // leave them out
		u.waitFor("Write it to", "NOT encrypted", "phr-summary-2026-11-22.html")
		u.typeText(summaryFile)
		u.waitFor("visit.html")
		u.press(enter)
		u.waitFor("Wrote a plaintext summary, not encrypted", "Home")

		u.press(char('w'))
		u.waitFor("What to write")
		u.press(down)
		u.press(enter) // a card
		u.waitFor("Format")
		u.press(down)
		u.press(enter) // PDF
		u.waitFor("Paper", "US Letter")
		u.press(down)
		u.press(enter) // US Letter
		u.waitFor("Card layout")
		u.press(enter) // wallet
		u.press(enter) // no QR code
		u.waitFor("Sensitive entries")
		u.press(enter)
		u.waitFor("Write it to")
		u.typeText(cardFile)
		u.waitFor("card.pdf")
		u.press(enter)
		u.waitFor("Wrote a plaintext card, not encrypted", "Home")

		u.press(char('w'))
		u.waitFor("What to write")
		u.press(down)
		u.press(down)
		u.press(enter) // an archive
		u.waitFor("Write it to", "encrypted to your vault key", "phr-archive-2026-11-22.tar.age")
		u.typeText(archiveFile)
		u.waitFor("all.tar.age")
		u.press(enter)
		u.waitFor("Wrote an archive encrypted to your vault key", "Home")

	})
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// What the gate holds back from the same summary, to look for.
	res, err := s.Summary(context.Background(), app.SummaryRequest{ExcludeSensitive: true, Format: app.FormatText, Out: app.Stdout})
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(summaryFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "<h1>Health summary") {
		t.Errorf("the summary is not the summary:\n%.300s", html)
	}
	for _, f := range res.Excluded {
		if strings.Contains(string(html), f.Title) {
			t.Errorf("the summary holds sensitive %q", f.Title)
		}
	}
	if pdf, err := os.ReadFile(cardFile); err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("card.pdf: %v", err)
	} else if !strings.Contains(string(pdf), "/MediaBox [0 0 612.00 792.00]") {
		t.Error("card.pdf is not on the US Letter paper chosen")
	}
	if st, err := os.Stat(archiveFile); err != nil || st.Size() == 0 {
		t.Errorf("archive: %v", err)
	}
	trail, err := s.AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range trail.Rows {
		actions = append(actions, r.Action)
	}
	all := strings.Join(actions, " ")
	for _, a := range []string{"summary", "card", "archive"} {
		if !strings.Contains(all, a) {
			t.Errorf("no %s in the audit log: %s", a, all)
		}
	}
}

// TestPrintNeverReplacesAFile: the printout form suggests a name no file
// has yet (a second summary the same day gets -2), and refuses an existing
// name as it is typed, in words that name no command-line flag (issue 16,
// item 3: in the interface, a new unique name).
func TestPrintNeverReplacesAFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	cfg := filledVault(t)
	taken := filepath.Join(home, "phr-summary-2026-11-22.html")
	if err := os.WriteFile(taken, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('w'))
	u.waitFor("What to write")
	u.press(enter) // a summary
	u.waitFor("Format")
	u.press(enter) // HTML
	u.waitFor("Sensitive entries")
	u.press(enter)
	u.waitFor("Write it to", "phr-summary-2026-11-22-2.html")
	u.typeText(taken)
	u.press(enter)
	scr := u.waitFor("already exists: choose another name (phr never replaces a file)")
	if strings.Contains(scr, "--force") {
		t.Fatalf("the interface names a command-line flag:\n%s", scr)
	}
	if b, _ := os.ReadFile(taken); string(b) != "mine" {
		t.Fatalf("the existing file was replaced")
	}
}

// TestPrintAsksBeforeDiscarding: esc leaves the print form at once while
// nothing is chosen; after a choice or a name typed it asks first, with
// "Keep editing" focused, and the form keeps what was chosen.
func TestPrintAsksBeforeDiscarding(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	u := start(t, filledVault(t), 80, 24)
	u.unlock()
	u.press(char('w'))
	u.waitFor("What to write")
	u.press(esc) // nothing chosen: closes
	u.waitFor("› Home")
	u.press(char('w'))
	u.waitFor("What to write")
	u.press(enter) // a summary
	u.waitFor("Format")
	u.press(down) // PDF
	u.waitFor("> PDF")
	u.press(esc)
	ask := u.waitFor("Discard your choices?", "Keep editing")
	t.Run("ask", func(t *testing.T) { golden.RequireEqual(t, ask) })
	u.press(enter) // Keep editing
	u.waitFor("Format", "> PDF")
	u.press(esc)
	u.waitFor("Discard your choices?")
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(enter)
	u.waitFor("› Home")
}
