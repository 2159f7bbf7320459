// Package archtest checks phr's import rules (docs/ARCHITECTURE.md) over
// every package of the module, so a shortcut across layers fails the tests.
package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/phrhealth/phr"

// Import groups, for the table below.
var (
	// The Charm modules of the interface. internal/cli may use fang (cobra's
	// styled help and errors) but no interface module.
	charmUI = []string{"charm.land/bubbletea/...", "charm.land/bubbles/...", "charm.land/lipgloss/...", "charm.land/huh/..."}
	age     = []string{"filippo.io/age/..."}
	sysUnix = []string{"golang.org/x/sys/..."}
	// types and pure functions the interface and the commands may use
	// beside internal/app.
	plainTypes = []string{"internal/record", "internal/errs", "internal/when", "internal/clock", "internal/safetext"}
)

// allowed is every package of the module and what it may import: packages
// of the module (relative paths) and modules outside the standard library
// (database/sql counts as outside). A pattern ending in "/..." matches the
// path and everything below it; one ending in "/*" matches one level below.
// A package missing from the table fails the test, so a new package comes
// with its rules (and a line in ARCHITECTURE.md).
var allowed = map[string][]string{
	"cmd/phr":       {"internal/cli", "tui", "internal/share", "internal/vault", "golang.org/x/term"},
	"cmd/phr-bench": {"internal/applehealth", "internal/record", "internal/sensitive"},

	"internal/cli": join(plainTypes, []string{"internal/app", "internal/audit", "internal/keyring", "internal/passphrase",
		"internal/seen", "internal/share", "internal/store", "internal/summary",
		"github.com/spf13/cobra", "github.com/spf13/pflag", "charm.land/fang/...",
		"github.com/muesli/mango-cobra", "github.com/muesli/roff", "golang.org/x/term"}),

	// x/sys: whether the viewer's folder is in memory (ramdir_linux.go).
	"internal/app": join(sysUnix, []string{"internal/agent", "internal/applehealth", "internal/archive", "internal/atomicfile", "internal/audit", "internal/clock", "internal/demo",
		"internal/errs", "internal/fhir", "internal/importer", "internal/keyring", "internal/passphrase",
		"internal/record", "internal/seen", "internal/sensitive", "internal/share", "internal/store",
		"internal/summary", "internal/vault", "internal/when"}),

	"internal/vault":     join(age, sysUnix, []string{"internal/atomicfile", "internal/clock", "internal/errs", "github.com/gofrs/flock"}),
	"internal/store":     {"internal/audit", "internal/errs", "internal/record", "internal/sqlitemem", "database/sql", "modernc.org/sqlite"},
	"internal/sqlitemem": {"modernc.org/libc", "modernc.org/sqlite/lib"},
	"internal/audit":     {"database/sql"},
	"internal/share": join(age, []string{"internal/errs", "internal/fhir", "internal/record", "internal/safetext", "internal/sensitive", "internal/when", "internal/qrcode",
		"github.com/mtibben/confusables", "golang.org/x/text/..."}),
	"internal/importer":           {"internal/fhir", "internal/record", "internal/sensitive", "internal/when"},
	"internal/applehealth":        {"internal/record"},
	"internal/sensitive":          {"internal/record", "golang.org/x/text/..."},
	"internal/passphrase":         {"github.com/trustelem/zxcvbn/...", "golang.org/x/text/..."},
	"internal/archive":            {"internal/audit", "internal/fhir", "internal/record", "internal/share", "internal/summary", "internal/when"},
	"internal/summary":            {"internal/qrcode", "internal/record", "internal/safetext", "internal/when", "codeberg.org/go-pdf/fpdf", "golang.org/x/image/..."},
	"internal/qrcode":             {"github.com/piglig/go-qr"},
	"internal/demo":               {"internal/record", "internal/when"},
	"internal/keyring":            {"github.com/zalando/go-keyring"},
	"internal/agent":              join(sysUnix, []string{"internal/clock"}),
	"internal/seen":               {"internal/atomicfile"},
	"internal/atomicfile":         sysUnix,
	"internal/atomicfile/faultfs": {"internal/atomicfile"},
	"internal/fhir":               {"internal/record", "internal/when", "github.com/google/uuid"},
	"internal/record":             nil,
	"internal/errs":               nil,
	"internal/when":               nil,
	"internal/clock":              nil,
	"internal/safetext":           nil, // a leaf on the standard library, so every layer can use it
	"internal/testkit":            nil, // helpers for tests only
	"internal/e2e":                nil, // tests only: they drive the built binary
	"internal/archtest":           nil,

	"tui": join(charmUI, plainTypes, []string{"internal/app", "internal/share", "tui/accessible", "tui/keys", "tui/screen", "tui/styles", "tui/components/*", "tui/screens/*"}),
	// The linear interface for screen readers: no Charm module at all, so
	// nothing can draw or move the cursor.
	"tui/accessible": join(plainTypes, []string{"internal/app", "internal/store", "internal/audit", "internal/share",
		"internal/summary", "internal/passphrase"}),
	"tui/styles":       {"charm.land/lipgloss/...", "charm.land/huh/..."},
	"tui/keys":         {"charm.land/bubbles/..."},
	"tui/screen":       join(charmUI, plainTypes, []string{"internal/app", "tui/keys", "tui/styles"}),
	"tui/components/*": join(charmUI, plainTypes, []string{"internal/passphrase", "tui/keys", "tui/styles", "tui/screen"}),
	// A screen never imports another screen or the root: it sends
	// screen.OpenMsg. Beside internal/app it may use the query types of
	// store, audit.Row, share's opened extract and passphrase's meter.
	"tui/screens/*": join(charmUI, plainTypes, []string{"internal/app", "internal/store", "internal/audit", "internal/share", "internal/summary",
		"internal/passphrase", "tui/keys", "tui/screen", "tui/styles", "tui/components/*"}),
}

func join(groups ...[]string) []string { return slices.Concat(groups...) }

// matches reports whether the import path p matches pattern.
func matches(pattern, p string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return p == base || strings.HasPrefix(p, base+"/")
	}
	if base, ok := strings.CutSuffix(pattern, "/*"); ok {
		return path.Dir(p) == base
	}
	return p == pattern
}

// rulesFor returns the table's entry for the package rel.
func rulesFor(rel string) ([]string, bool) {
	if r, ok := allowed[rel]; ok {
		return r, true
	}
	if r, ok := allowed[path.Dir(rel)+"/*"]; ok {
		return r, true
	}
	return nil, false
}

// checked says whether an import is one the table rules on: a package of
// the module, anything outside the standard library, or database/sql.
func checked(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return strings.HasPrefix(imp, module+"/") || strings.Contains(first, ".") || matches("database/sql/...", imp)
}

// imports returns the direct imports of every package of the module, read
// from the import lines of its files that are not tests (for every
// platform, so a file for Windows or macOS is checked too). Reading the
// files here, rather than asking go list, lets go test see which files the
// result depends on, so a cached pass never hides a new import. A folder
// holding only tests counts as a package without imports.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root := "../.."
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("the module root: %v", err)
	}
	m := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		pkg := module + "/" + filepath.ToSlash(rel)
		if _, ok := m[pkg]; !ok {
			m[pkg] = nil
		}
		if strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			ip, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if !slices.Contains(m[pkg], ip) {
				m[pkg] = append(m[pkg], ip)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the module's imports: %v", err)
	}
	return m
}

// TestImportRules checks every import of every package against allowed.
func TestImportRules(t *testing.T) {
	all := imports(t)
	if len(all) < 20 {
		t.Fatalf("go list found only %d packages", len(all))
	}
	for pkg, deps := range all {
		rel := strings.TrimPrefix(pkg, module+"/")
		rules, ok := rulesFor(rel)
		if !ok {
			t.Errorf("%s is not in the import table: add its allowed imports to internal/archtest and a line to docs/ARCHITECTURE.md", rel)
			continue
		}
		for _, d := range deps {
			if !checked(d) {
				continue
			}
			drel := strings.TrimPrefix(d, module+"/")
			if !slices.ContainsFunc(rules, func(p string) bool { return matches(p, drel) }) {
				t.Errorf("%s imports %s, which docs/ARCHITECTURE.md does not allow", rel, drel)
			}
		}
	}
}

// TestTableMatchesSomething: every entry of the table names a package that
// exists, so the table does not keep rules for packages long gone.
func TestTableMatchesSomething(t *testing.T) {
	all := imports(t)
	for key := range allowed {
		found := false
		for pkg := range all {
			rel := strings.TrimPrefix(pkg, module+"/")
			if rel == key || strings.HasSuffix(key, "/*") && matches(key, rel) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("the import table has an entry for %s, which is no package of the module", key)
		}
	}
}

// TestMatches pins the pattern rules the table relies on.
func TestMatches(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"charm.land/bubbles/...", "charm.land/bubbles/v2/key", true},
		{"charm.land/bubbles/...", "charm.land/bubbles", true},
		{"charm.land/bubbles/...", "charm.land/bubbletea/v2", false},
		{"tui/screens/*", "tui/screens/list", true},
		{"tui/screens/*", "tui/screens", false},
		{"tui/screens/*", "tui/screens/list/sub", false},
		{"internal/store", "internal/store", true},
		{"internal/store", "internal/storex", false},
	} {
		if got := matches(c.pattern, c.path); got != c.want {
			t.Errorf("matches(%q, %q) = %v", c.pattern, c.path, got)
		}
	}
	for imp, want := range map[string]bool{"fmt": false, "database/sql": true, "database/sql/driver": true,
		"modernc.org/libc": true, module + "/internal/store": true, "golang.org/x/term": true} {
		if checked(imp) != want {
			t.Errorf("checked(%q) = %v", imp, !want)
		}
	}
}

// TestSanitiserAtEveryEdge: the packages that put the record's text on a
// terminal use internal/safetext (the table keeps it a leaf on the
// standard library): the commands, the summary, and every screen that
// handles entries (directly or through tui/components/entry, which renders
// entry rows through it). A missing import is a display edge that prints
// outside text raw.
func TestSanitiserAtEveryEdge(t *testing.T) {
	all := imports(t)
	const safetext = module + "/internal/safetext"
	has := func(pkg, dep string) bool { return slices.Contains(all[pkg], dep) }
	for _, rel := range []string{"internal/cli", "internal/summary", "tui", "tui/accessible", "tui/components/entry", "tui/screens/viewer"} {
		if !has(module+"/"+rel, safetext) {
			t.Errorf("%s does not import internal/safetext: it prints outside text", rel)
		}
	}
	// Edit forms put the person's own values into huh's text inputs, which
	// drop control characters themselves; the value must stay exact so that
	// saving an unchanged form keeps the record as it was.
	forms := map[string]bool{"tui/screens/profile": true}
	for pkg := range all {
		rel := strings.TrimPrefix(pkg, module+"/")
		if strings.HasPrefix(rel, "tui/screens/") && !forms[rel] && has(pkg, module+"/internal/record") &&
			!has(pkg, safetext) && !has(pkg, module+"/tui/components/entry") {
			t.Errorf("%s handles entries but imports neither internal/safetext nor tui/components/entry", rel)
		}
	}
}
