package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/applehealth"
	"github.com/phrhealth/phr/internal/record"
)

// shotAt compares a frame with its golden file, named for the terminal's
// size.
func shotAt(t *testing.T, name string, w, h int, frame string) {
	t.Helper()
	t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) { golden.RequireEqual(t, frame) })
}

// fits fails when a frame is taller or wider than the terminal.
func fits(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(frame, "\n"), "\n")
	if len(lines) > h {
		t.Errorf("%d lines on a screen of %d:\n%s", len(lines), h, frame)
	}
	for _, l := range lines {
		if n := len([]rune(l)); n > w {
			t.Errorf("a line of %d on a screen %d wide: %q", n, w, l)
		}
	}
}

// TestPrintSizes: the print form at 60x20, 80x24 and 120x40, its first
// question and its last with a long file name typed.
func TestPrintSizes(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	cfg := filledVault(t)
	for _, size := range sizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, cfg, w, h)
			u.unlock()
			u.press(char('w'))
			first := u.waitFor("Print or keep your record", "What to write")
			fits(t, first, w, h)
			shotAt(t, "print", w, h, first)
			u.press(enter) // a summary
			u.waitFor("Format")
			u.press(enter) // HTML
			sensitive := u.waitFor("Sensitive entries", "Leave them out")
			fits(t, sensitive, w, h)
			shotAt(t, "print_sensitive", w, h, sensitive)
			u.press(enter) // leave them out
			u.waitFor("Write it to")
			u.typeText("~/Documents/health/for-the-appointment-with-the-new-consultant.html")
			last := u.waitFor("new-consultant.html")
			fits(t, last, w, h)
			shotAt(t, "print_file", w, h, last)
		})
	}
}

// TestImportSizes: the import screen at 60x20, 80x24 and 120x40, with a
// long path typed, the question which device to keep, and the report.
func TestImportSizes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports")
	os.Mkdir(dir, 0o700)
	p := filepath.Join(dir, "export.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := applehealth.GenerateZip(f, applehealth.GenOptions{Days: 10, HeartRate: 24, Seed: 4}, nil); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, size := range sizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, filledVault(t), w, h)
			u.unlock()
			u.press(char('f'))
			u.waitFor("Import a file or folder")
			u.typeText("~/Downloads/apple-health-export-from-the-old-phone-before-the-move.zip")
			typed := u.waitFor("before-the-move.zip")
			fits(t, typed, w, h)
			shotAt(t, "import", w, h, typed)
			for range len("~/Downloads/apple-health-export-from-the-old-phone-before-the-move.zip") {
				u.press(backspace)
			}
			u.typeText(p)
			u.press(enter)
			ask := u.waitFor("Which to keep?")
			fits(t, ask, w, h)
			shotAt(t, "import_choose", w, h, ask)
			u.press(enter)
			// The status line comes a message after the report: wait for both.
			done := u.waitFor("export.zip (apple-health)", "enter or esc: back", "Imported 144 entries")
			fits(t, done, w, h)
			shotAt(t, "import_done", w, h, done)
		})
	}
}

// TestConflictSizes: the changed-on-disk dialog at 60x20, 80x24 and
// 120x40, after a save the record's replacement refused.
func TestConflictSizes(t *testing.T) {
	for _, size := range sizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			cfg := filledVault(t)
			u := start(t, cfg, w, h)
			u.unlock()
			rec := filepath.Join(cfg.VaultDir, "record.age")
			fi, _ := os.Stat(rec)
			old, err := os.ReadFile(rec + ".1")
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(rec, old, 0o600)
			os.Chtimes(rec, fi.ModTime(), fi.ModTime())
			u.openListAt(10)
			u.waitFor("Notes ·")
			u.press(char('a'))
			u.waitFor("Add to Notes")
			u.fillEntryForm("Written while a sync tool swapped the file", "")
			dialog := u.waitFor("phr did not write over it", "Load the newer record")
			fits(t, dialog, w, h)
			shotAt(t, "conflict", w, h, dialog)
		})
	}
}

// openListAt opens the home menu's n-th category.
func (u *ui) openListAt(n int) {
	u.t.Helper()
	for range n {
		u.press(down)
	}
	u.press(enter)
}

// TestDetailSizes: an entry whose title, values and notes are longer than
// the screen is wide, at 60x20, 80x24 and 120x40: values wrap under their
// own column, and what does not fit says how much is below; ↓ reaches the
// end of the notes.
func TestDetailSizes(t *testing.T) {
	for _, size := range sizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			cfg := testConfig(t)
			s, err := app.Init(context.Background(), cfg, []byte(testPass))
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Add(context.Background(), []record.Entry{{Category: record.Medication,
				Title: "Co-amoxiclav 500 mg/125 mg tablets, prescribed after the dental abscess in the lower jaw",
				Date:  "2026-10-03", End: "2026-10-10", Status: "completed", Dose: "1 tablet", Frequency: "three times a day, with food, for seven days",
				Route: "by mouth",
				Notes: "Finish the whole course even when the swelling goes down. Stop and ring the practice at once if a rash, " +
					"swollen lips or wheezing start. Diarrhoea is common; drink plenty. It may stop the pill working: use condoms " +
					"until seven days after the last tablet. The dentist will see me again on the 17th to check the tooth has settled " +
					"and to talk about whether it needs a root canal or to come out."}}, nil)
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			u := start(t, cfg, w, h)
			u.unlock()
			u.openList(record.Medication)
			u.press(enter)
			frame := u.waitFor("Details", "Co-amoxiclav")
			fits(t, frame, w, h)
			// Ids are random: the golden frame holds a placeholder.
			shotAt(t, "detail", w, h, strings.ReplaceAll(frame, res[0].Entry.ID, strings.Repeat("x", len(res[0].Entry.ID))))
			for range 30 {
				u.press(down)
			}
			if end := u.waitFor("come out."); !strings.Contains(end, "more above") && strings.Contains(frame, "more below") {
				t.Fatalf("the end of the notes does not say what is above:\n%s", end)
			}
		})
	}
}
