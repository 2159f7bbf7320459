package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/phrhealth/phr/internal/errs"
)

// outputFile checks a file a command is asked to write (an extract, a
// printout, a carer's key): never inside the vault folder, however the path
// or the folder is reached (symlinks are followed), because a file written
// there could replace identity.age or record.age and lose the vault; and
// never over an existing file unless force. It returns the absolute path.
// Every writer of a file the person names goes through it.
func outputFile(cfg Config, out string, force bool) (string, error) {
	abs, err := filepath.Abs(strings.TrimSpace(out))
	if err != nil {
		return "", errs.New(errs.Usage, "--out %q: %v", out, err)
	}
	if cfg.VaultDir != "" {
		if vd, err := filepath.Abs(cfg.VaultDir); err == nil && within(abs, vd) {
			return "", errs.New(errs.Usage, "--out %q is inside the vault folder %s: choose a file elsewhere (a file written there could replace the vault's own)", out, vd)
		}
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return "", errs.New(errs.Usage, "--out %q: the folder %s does not exist: create it first, or choose another", out, filepath.Dir(abs))
	}
	// Lstat: a symlink, even a dangling one, is an existing file.
	fi, err := os.Lstat(abs)
	switch {
	case err == nil && fi.IsDir():
		return "", errs.New(errs.Usage, "--out %q is a folder: name a file", out)
	case err == nil && fi.Mode()&os.ModeSymlink != 0:
		if st, serr := os.Stat(abs); serr == nil && st.IsDir() {
			return "", errs.New(errs.Usage, "--out %q is a folder: name a file", out)
		}
		fallthrough
	case err == nil:
		if !force {
			return "", errs.New(errs.Usage, "%s already exists: choose another name, or add --force to replace it", out)
		}
	}
	return abs, nil
}

// CheckOutputDir refuses a folder a command is asked to write files into
// (phr open --save-attachments) when it is the vault folder or inside it,
// symlinks followed, as outputFile does for a file.
func CheckOutputDir(cfg Config, dir string) error {
	abs, err := filepath.Abs(strings.TrimSpace(dir))
	if err != nil {
		return errs.New(errs.Usage, "%q: %v", dir, err)
	}
	if cfg.VaultDir != "" {
		if vd, err := filepath.Abs(cfg.VaultDir); err == nil && within(abs, vd) {
			return errs.New(errs.Usage, "%q is inside the vault folder %s: choose a folder elsewhere", dir, vd)
		}
	}
	return nil
}

// within reports whether path is dir or inside it, following the symlinks
// of what exists: the path itself, else its folder.
func within(path, dir string) bool {
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	if r, err := filepath.EvalSymlinks(path); err == nil {
		path = r
	} else if r, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		path = filepath.Join(r, filepath.Base(path))
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// shortTitle quotes at most the first 60 characters of a title for a
// message: the title itself may be what is too long.
func shortTitle(t string) string {
	r := []rune(t)
	if len(r) > 60 {
		return fmt.Sprintf("%q…", string(r[:60]))
	}
	return fmt.Sprintf("%q", t)
}
