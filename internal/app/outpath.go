package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/errs"
)

// outputFile checks a file a command is asked to write (an extract, a
// printout, a carer's key): never inside the vault folder, however the path
// or the folder is reached (symlinks are followed), because a file written
// there could replace identity.age or record.age and lose the vault; and
// never over an existing file unless force. It returns the absolute path.
// Every writer of a file the person names goes through it, and the
// interface's forms through CheckNewFile.
func outputFile(cfg Config, out string, force bool) (string, error) {
	return checkOutput(cfg, out, force, wording{name: "--out " + strconv.Quote(out), file: out, exists: "choose another name, or add --force to replace it"})
}

// CheckNewFile is outputFile's check for the interface, which never
// replaces a file: its forms call it as the person types a name, so the
// refusal shows at once, in words that name no command-line flag.
func CheckNewFile(cfg Config, out string) error {
	// The form shows the path just above: the message need not repeat it.
	_, err := checkOutput(cfg, out, false, wording{name: "that file", file: "that file", exists: "choose another name (phr never replaces a file)"})
	return err
}

// wording is how checkOutput's messages name the path (name, and file
// when it exists already) and what they advise then (exists).
type wording struct{ name, file, exists string }

// checkOutput is outputFile's rules, in the caller's words.
func checkOutput(cfg Config, out string, force bool, w wording) (string, error) {
	name := w.name
	abs, err := filepath.Abs(strings.TrimSpace(out))
	if err != nil {
		return "", errs.New(errs.Usage, "%s: %v", name, err)
	}
	if cfg.VaultDir != "" {
		if vd, err := filepath.Abs(cfg.VaultDir); err == nil && within(abs, vd) {
			return "", errs.New(errs.Usage, "%s is inside the vault folder %s: choose a file elsewhere (a file written there could replace the vault's own)", name, vd)
		}
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return "", errs.New(errs.Usage, "%s: the folder %s does not exist: create it first, or choose another", name, filepath.Dir(abs))
	}
	// Lstat: a symlink, even a dangling one, is an existing file.
	fi, err := os.Lstat(abs)
	switch {
	case err == nil && fi.IsDir():
		return "", errs.New(errs.Usage, "%s is a folder: name a file", name)
	case err == nil && fi.Mode()&os.ModeSymlink != 0:
		if st, serr := os.Stat(abs); serr == nil && st.IsDir() {
			return "", errs.New(errs.Usage, "%s is a folder: name a file", name)
		}
		fallthrough
	case err == nil:
		if !force {
			return "", errs.New(errs.Usage, "%s already exists: %s", w.file, w.exists)
		}
	}
	return abs, nil
}

// FreeName returns dir/base+ext, or dir/base-2+ext and so on, the first
// that does not exist: the name the interface suggests, so that a second
// printout or extract the same day never meets an existing file.
func FreeName(dir, base, ext string) string {
	for i := 1; ; i++ {
		name := base + ext
		if i > 1 {
			name = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		p := filepath.Join(dir, name)
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) || i >= 1000 {
			return p
		}
	}
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
