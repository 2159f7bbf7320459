package tui

import (
	"strings"
	"testing"
)

// TestAuditInWords: the audit screen shows each row as who did what, when
// (it showed the action's code and its JSON), and enter opens a row with
// everything it holds; esc goes back to the log.
func TestAuditInWords(t *testing.T) {
	u := start(t, filledVault(t), 100, 30)
	u.unlock()
	u.press(char('l'))
	log := u.waitFor("The log holds")
	for _, want := range []string{"You opened the record with the passphrase.", "You filled the record with the made-up demo patient",
		"You created the vault."} {
		if !strings.Contains(log, want) {
			t.Fatalf("the log does not say %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, `{"via"`) {
		t.Fatalf("the log shows JSON:\n%s", log)
	}
	u.press(down)
	u.press(enter)
	row := u.waitFor("Row 2 of the audit log")
	for _, want := range []string{"When", "Sunday 22 November 2026 at 10:00", "Who", "You", "What", "Stored as", `import {"demo":true`} {
		if !strings.Contains(row, want) {
			t.Fatalf("the open row lacks %q:\n%s", want, row)
		}
	}
	u.press(esc)
	u.waitFor("The log holds")
	u.waitGone("Row 2 of the audit log")
}
