package archtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestThirdPartyTableIsTrue checks docs/THIRD_PARTY.md's table of Go modules
// against the modules compiled into phr (go list -deps ./cmd/phr): every
// module in the binary is listed at its version, and nothing else is.
func TestThirdPartyTableIsTrue(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root := "../.."
	cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}", "./cmd/phr")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var inBinary []string
	for l := range strings.Lines(string(out)) {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(inBinary, l) {
			inBinary = append(inBinary, l)
		}
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "THIRD_PARTY.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "| module | version | licence |")
	if !ok {
		t.Fatal("docs/THIRD_PARTY.md has no module table")
	}
	var listed []string
	for l := range strings.Lines(table) {
		cells := strings.Split(strings.TrimSpace(l), "|")
		if len(cells) != 5 {
			if len(listed) > 0 {
				break
			}
			continue
		}
		m, v, lic := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2]), strings.TrimSpace(cells[3])
		if strings.HasPrefix(m, "---") {
			continue
		}
		if lic == "" {
			t.Errorf("%s has no licence in the table", m)
		}
		listed = append(listed, m+" "+v)
	}
	for _, m := range inBinary {
		if !slices.Contains(listed, m) {
			t.Errorf("docs/THIRD_PARTY.md does not list %s, which is in the binary", m)
		}
	}
	for _, m := range listed {
		if !slices.Contains(inBinary, m) {
			t.Errorf("docs/THIRD_PARTY.md lists %s, which is not in the binary", m)
		}
	}
}
