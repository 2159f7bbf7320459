package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/vault"
)

// Finding is one result of a doctor check.
type Finding struct {
	// Level is "ok", "note" or "problem".
	Level string `json:"level"`
	Check string `json:"check"`
	What  string `json:"what"`
	Fix   string `json:"fix,omitempty"`
}

// Doctor checks the vault without changing anything: the files and their
// modes, that record.age and each backup decrypt to a sound database, the
// audit chain, and the attachments (missing, orphaned, and with readData
// their content hashes). It needs the vault key but writes nothing, not even
// an audit row.
func Doctor(ctx context.Context, cfg Config, u Unlock, readData bool) ([]Finding, error) {
	var out []Finding
	add := func(level, check, what, fix string) {
		out = append(out, Finding{Level: level, Check: check, What: what, Fix: fix})
	}
	v, err := vault.Open(cfg.VaultDir, cfg.vaultOptions())
	if err != nil {
		return nil, err
	}
	defer v.Close()
	if _, err := u.unlock(cfg, v); err != nil {
		return nil, err
	}
	add("ok", "identity", "identity.age opens with your passphrase or key", "")
	checkModes(cfg.VaultDir, add)
	checkLinks(cfg.VaultDir, add)

	var st *store.Store
	for i, name := range []string{"record.age", "record.age.1", "record.age.2", "record.age.3"} {
		s, err := loadRecord(ctx, v, i)
		switch {
		case os.IsNotExist(err) && name != "record.age":
			add("note", "backups", name+" does not exist yet (it appears after more saves)", "")
		case err != nil && name == "record.age":
			add("problem", "record", "record.age cannot be read: "+err.Error(), "run phr restore to put back the newest good backup")
		case err != nil:
			add("problem", "backups", name+" cannot be read: "+err.Error(), "it will be replaced by later saves; keep a copy of the vault folder elsewhere too")
		default:
			add("ok", map[bool]string{true: "record", false: "backups"}[name == "record.age"], name+" decrypts to a sound database", "")
			if name == "record.age" {
				st = s
				continue
			}
			s.Close()
		}
	}
	if st == nil {
		return out, nil
	}
	defer st.Close()
	rows, err := audit.List(ctx, st.Querier())
	if err != nil {
		return nil, err
	}
	if err := audit.Verify(rows); err != nil {
		add("problem", "audit", err.Error(), "the log was changed outside phr: restore a backup made before that row (phr restore --backup N)")
	} else {
		add("ok", "audit", fmt.Sprintf("the audit log holds: %d rows chained", len(rows)), "")
	}
	checkAttachments(ctx, v, st, readData, add)
	leftovers, _ := filepath.Glob(filepath.Join(cfg.VaultDir, ".phr-*.tmp"))
	if len(leftovers) > 0 {
		add("note", "files", fmt.Sprintf("%d temporary file(s) from an interrupted save", len(leftovers)), "the next change removes them")
	}
	for _, pat := range []string{"record.conflict-*.age", "record.damaged-*.age"} {
		found, _ := filepath.Glob(filepath.Join(cfg.VaultDir, pat))
		for _, f := range found {
			add("note", "files", filepath.Base(f)+" is kept from an earlier conflict or restore",
				"it is encrypted like record.age; delete it when you no longer need it")
		}
	}
	return out, nil
}

// loadRecord decrypts record.age (n = 0) or backup n and checks the
// database inside, without the bookkeeping a later save relies on.
func loadRecord(ctx context.Context, v *vault.Vault, n int) (*store.Store, error) {
	var plain []byte
	var err error
	if n == 0 {
		plain, err = v.ReadRecord()
	} else {
		plain, err = v.ReadBackup(n)
	}
	if err != nil {
		return nil, err
	}
	st, err := store.Load(ctx, plain)
	clear(plain)
	if err != nil {
		return nil, err
	}
	if err := st.Check(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func checkModes(dir string, add func(level, check, what, fix string)) {
	if runtime.GOOS == "windows" {
		return
	}
	bad := []string{}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		bad = append(bad, fmt.Sprintf("the folder is %o", fi.Mode().Perm()))
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil && fi.Mode().Perm()&0o077 != 0 && d.Name() != "lock" {
			rel, _ := filepath.Rel(dir, p)
			bad = append(bad, fmt.Sprintf("%s is %o", rel, fi.Mode().Perm()))
		}
		return nil
	})
	if len(bad) > 0 {
		add("problem", "permissions", "others can read the vault: "+strings.Join(bad, ", "),
			"chmod 700 the folder and chmod 600 its files")
		return
	}
	add("ok", "permissions", "only you can read the vault folder", "")
}

// checkLinks names every symbolic link inside the vault folder: phr follows
// none of them (it refuses to read, lock or write through one), so each is
// a file phr cannot use, and perhaps a trap.
func checkLinks(dir string, add func(level, check, what, fix string)) {
	var links []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		target, _ := os.Readlink(p)
		links = append(links, fmt.Sprintf("%s is a symbolic link (to %q)", rel, target))
		return nil
	})
	if len(links) > 0 {
		add("problem", "links", strings.Join(links, "; ")+": phr does not follow links inside the vault folder",
			"replace each link with the real file (or remove it)")
	}
}

func checkAttachments(ctx context.Context, v *vault.Vault, st *store.Store, readData bool, add func(level, check, what, fix string)) {
	onDisk, err := v.AttachmentIDs()
	if err != nil {
		add("problem", "attachments", "cannot list files/: "+err.Error(), "")
		return
	}
	named, err := st.AttachmentIDs(ctx)
	if err != nil {
		add("problem", "attachments", err.Error(), "")
		return
	}
	released, _ := st.Released(ctx)
	present := map[string]bool{}
	orphans := 0
	for _, id := range onDisk {
		present[id] = true
		if !named[id] && !released[id] {
			orphans++
		}
	}
	missing := 0
	for id := range named {
		if !present[id] {
			missing++
		}
	}
	if missing > 0 {
		add("problem", "attachments", fmt.Sprintf("%d attachment(s) named in the record are missing from files/", missing),
			"copy files/ back from a backup of the vault folder")
	}
	if orphans > 0 {
		add("note", "attachments", fmt.Sprintf("%d file(s) in files/ are not named by the record (perhaps by an older backup)", orphans),
			"they are encrypted; they may be removed once you are sure no backup needs them")
	}
	if readData {
		bad := 0
		rows, _ := st.List(ctx, store.Filter{})
		for _, e := range rows {
			for _, a := range e.Attachments {
				if !present[a.ID] {
					continue
				}
				rc, err := v.OpenAttachment(a.ID)
				if err != nil {
					bad++
					continue
				}
				h := sha256.New()
				_, err = io.Copy(h, rc)
				rc.Close()
				if err != nil || hex.EncodeToString(h.Sum(nil)) != a.SHA256 {
					bad++
				}
			}
		}
		if bad > 0 {
			add("problem", "attachments", fmt.Sprintf("%d attachment(s) are damaged", bad), "copy files/ back from a backup of the vault folder")
		} else {
			add("ok", "attachments", "every attachment decrypts and matches its checksum", "")
		}
	}
	if missing == 0 && orphans == 0 && !readData {
		add("ok", "attachments", fmt.Sprintf("%d attachment file(s), all named by the record", len(onDisk)), "")
	}
}
