package vault

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// SymlinkError is a vault file that is a symbolic link. phr never follows
// one inside the vault folder: a link planted there could make it read, lock
// or truncate a file elsewhere. (The folder itself may be reached through a
// link; only the names inside it are checked.)
type SymlinkError struct{ Path string }

func (e *SymlinkError) Error() string {
	return fmt.Sprintf("%s in %s is a symbolic link, which phr does not follow inside the vault folder: replace it with the real file (phr doctor lists every link)",
		filepath.Base(e.Path), filepath.Dir(e.Path))
}

// openNoFollow opens a vault file without following a symbolic link at its
// name: a link is a *SymlinkError.
func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|oNoFollow, perm)
	if err != nil {
		if isLinkRefused(err) {
			return nil, &SymlinkError{Path: path}
		}
		return nil, err
	}
	// Where the system has no O_NOFOLLOW, check what was opened instead.
	if oNoFollow == 0 {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&os.ModeSymlink != 0 {
			f.Close()
			return nil, &SymlinkError{Path: path}
		}
	}
	return f, nil
}

// readFileNoFollow reads a whole vault file (see openNoFollow).
func readFileNoFollow(path string) ([]byte, error) {
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
