package tui

import (
	"os/exec"
	"strings"
	"testing"
)

// TestScreensStayApart enforces the layout: a screen imports no other
// screen and not the root, components import no screen, and nothing under
// tui reaches below internal/app except for types (record, store, audit,
// share, passphrase, when, errs).
func TestScreensStayApart(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	const mod = "github.com/phrhealth/phr/"
	forbidden := []string{mod + "internal/vault", mod + "internal/keyring", "database/sql", "modernc.org/sqlite"}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, imports := f[0], f[1:]
		isScreen := strings.HasPrefix(pkg, mod+"tui/screens/")
		isComponent := strings.HasPrefix(pkg, mod+"tui/components/")
		for _, imp := range imports {
			switch {
			case (isScreen || isComponent) && imp == mod+"tui":
				t.Errorf("%s imports the root package", pkg)
			case isScreen && strings.HasPrefix(imp, mod+"tui/screens/"):
				t.Errorf("%s imports another screen, %s: send screen.OpenMsg instead", pkg, imp)
			case isComponent && strings.HasPrefix(imp, mod+"tui/screens/"):
				t.Errorf("%s imports a screen, %s", pkg, imp)
			}
			for _, bad := range forbidden {
				if imp == bad {
					t.Errorf("%s imports %s: go through internal/app", pkg, imp)
				}
			}
		}
	}
}
