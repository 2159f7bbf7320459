package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/phrhealth/phr/internal/atomicfile"
)

// The vault keeps age files in two folders besides record.age: files/ (the
// attachments) and reads/ (the read journal). Both are made and listed here.

// makeFolder makes the vault's folder name (0700) if it is missing and
// syncs the vault folder, so that the new folder survives a crash.
func (v *Vault) makeFolder(name string) error {
	dir := v.path(name)
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := v.fs.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("make %s: %w%s", dir, err, atomicfile.Hint(err))
	}
	if err := v.fs.SyncDir(v.dir); err != nil {
		return fmt.Errorf("make %s: sync the vault folder: %w%s", dir, err, atomicfile.Hint(err))
	}
	return nil
}

// ageFiles lists the entries of the vault's folder name that are age files
// by their name (NAME.age, not hidden, as temporary files are), sorted by
// name, without the .age; a missing folder has none.
func (v *Vault) ageFiles(name string) ([]string, []fs.DirEntry, error) {
	ents, err := os.ReadDir(v.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var names []string
	var kept []fs.DirEntry
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".age"); ok && !strings.HasPrefix(n, ".") {
			names, kept = append(names, n), append(kept, e)
		}
	}
	return names, kept, nil
}
