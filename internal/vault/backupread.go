package vault

import (
	"errors"
	"fmt"
)

// ReadBackup decrypts record.age.N (1 to 3) without remembering anything
// about it: for read-only checks such as phr doctor. It needs the vault
// unlocked. A missing backup gives an error satisfying os.IsNotExist.
func (v *Vault) ReadBackup(n int) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.id == nil {
		return nil, errors.New("read backup: the vault is locked: unlock it first")
	}
	if n < 1 || n > backupCount {
		return nil, fmt.Errorf("read backup: there is no backup %d: choose 1, 2 or 3", n)
	}
	ct, err := readFileNoFollow(v.path(backupName(n)))
	if err != nil {
		return nil, err
	}
	plain, err := decryptAll(ct, v.id)
	if err != nil {
		return nil, fmt.Errorf("%s is damaged or truncated (%v)", backupName(n), err)
	}
	return plain, nil
}
