package tui

import (
	"os"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/applehealth"
)

// TestImportFromTheInterface imports a generated Apple Health export.zip
// from the interface alone (home's f): the path typed, the progress bar
// while it reads, the question which device to keep where two measured
// the same readings (the watch chosen), then the report with the sources
// kept and the sensitive marks; the record then holds the readings.
func TestImportFromTheInterface(t *testing.T) {
	cfg := filledVault(t)
	p := filepath.Join(t.TempDir(), "export.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := applehealth.GenerateZip(f, applehealth.GenOptions{Days: 10, HeartRate: 24, Seed: 4}, nil); err != nil {
		t.Fatal(err)
	}
	f.Close()
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('f'))
	form := u.waitFor("Import a file or folder", "File or folder:")
	t.Run("import_100x30", func(t *testing.T) { golden.RequireEqual(t, form) })
	u.typeText(p)
	u.press(enter)
	ask := u.waitFor("Two devices measured the same readings", "Which to keep?", "› Each day, the one that counted most")
	t.Run("import_choose_100x30", func(t *testing.T) { golden.RequireEqual(t, ask) })
	u.press(down)
	u.waitFor("› Only Jane’s Apple Watch")
	u.press(enter)
	done := u.waitFor("export.zip (apple-health)", "Steps from", "kept only Jane’s Apple Watch, as chosen",
		"marked sensitive: sexual and reproductive health", "enter or esc: back", "✓ Imported 142 entries")
	t.Run("import_done_100x30", func(t *testing.T) { golden.RequireEqual(t, done) })
	u.press(enter)
	u.waitFor("Home")
	u.press(char('s'))
	u.waitFor("Search:")
	u.typeText("steps")
	u.waitFor("Steps")
}

// TestImportAsksBeforeDiscarding: esc leaves the import screen at once
// while no path is typed; with one typed it asks first, "Keep editing"
// focused, and keeps the path.
func TestImportAsksBeforeDiscarding(t *testing.T) {
	u := start(t, filledVault(t), 80, 24)
	u.unlock()
	u.press(char('f'))
	u.waitFor("File or folder:")
	u.press(esc)
	u.waitFor("› Home")
	u.press(char('f'))
	u.waitFor("File or folder:")
	u.typeText("~/Documents/gp-records.xml")
	u.waitFor("File or folder: ~/Documents/gp-records.xml")
	u.press(esc)
	u.waitFor("Discard the path you typed?", "› [ Keep editing ]")
	u.press(enter)
	u.waitFor("File or folder: ~/Documents/gp-records.xml")
	u.press(esc)
	u.waitFor("Discard the path you typed?")
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(enter)
	u.waitFor("› Home")
}
