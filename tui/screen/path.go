package screen

import (
	"os"
	"path/filepath"
	"strings"
)

// ExpandHome reads "~/" at the start of a path a person typed into a form
// as their home folder, as a shell would have done on the command line.
func ExpandHome(p string) string {
	p = strings.TrimSpace(p)
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, rest)
		}
	}
	return p
}
