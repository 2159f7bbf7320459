// Package archtest checks phr's import rules (docs/ARCHITECTURE.md) with
// go list, so a shortcut across layers fails the tests.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/phrhealth/phr"

// imports returns the direct imports of every package matching pattern.
func imports(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}:{{join .Imports \" \"}}", pattern).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pattern, err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, ":")
		m[pkg] = strings.Fields(deps)
	}
	return m
}

func TestImportRules(t *testing.T) {
	all := imports(t, module+"/...")
	for pkg, deps := range all {
		rel := strings.TrimPrefix(pkg, module+"/")
		for _, d := range deps {
			drel := strings.TrimPrefix(d, module+"/")
			switch {
			case strings.HasPrefix(rel, "internal/") && (drel == "tui" || strings.HasPrefix(d, "charm.land/bubbletea") ||
				strings.HasPrefix(d, "charm.land/bubbles") || strings.HasPrefix(d, "charm.land/huh")):
				t.Errorf("%s imports %s: internal packages know nothing of the interface", rel, d)
			case d == "filippo.io/age" || strings.HasPrefix(d, "filippo.io/age/"):
				if rel != "internal/vault" && rel != "internal/share" {
					t.Errorf("%s imports %s: only internal/vault and internal/share use age", rel, d)
				}
			case d == "modernc.org/libc" || strings.HasPrefix(d, "modernc.org/libc/") || strings.HasPrefix(d, "modernc.org/sqlite/lib"):
				if rel != "internal/sqlitemem" {
					t.Errorf("%s imports %s: only internal/sqlitemem reaches below database/sql", rel, d)
				}
			case drel == "internal/sqlitemem":
				if rel != "internal/store" {
					t.Errorf("%s imports %s: only internal/store uses the serialize seam", rel, d)
				}
			case d == "database/sql" || strings.HasPrefix(d, "modernc.org/sqlite"):
				if rel != "internal/store" && rel != "internal/audit" {
					t.Errorf("%s imports %s: only internal/store and internal/audit touch SQL", rel, d)
				}
			case (rel == "tui" || rel == "internal/cli") && (drel == "internal/vault" || drel == "internal/importer" ||
				drel == "internal/audit" && rel == "internal/cli"):
				t.Errorf("%s imports %s: the interface and the commands go through internal/app", rel, drel)
			}
		}
	}
}
