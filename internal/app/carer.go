package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

// CarerKeyAccount is the keyring account that holds a carer's own key.
const CarerKeyAccount = "carer-identity"

// Keygen makes a carer's key. With out set, it is written to a new file
// (mode 0600, never overwriting); otherwise it goes into the OS keyring,
// refusing to replace a key already there. It returns the public recipient
// to send to the person who will share with the carer.
func Keygen(cfg Config, out string) (string, error) {
	if out == "" {
		if _, err := cfg.keyring().Get(CarerKeyAccount); err == nil {
			return "", errs.New(errs.Usage, "you already have a key in the system keyring: phr keygen --out FILE makes another in a file")
		} else if !errors.Is(err, keyring.ErrNotFound) {
			return "", errs.New(errs.Failed, "the system keyring is not available (%v): use phr keygen --out FILE", err)
		}
	}
	id, recipient, err := share.NewIdentity()
	if err != nil {
		return "", err
	}
	if out != "" {
		// Force: WriteIdentityFile refuses any existing file itself
		// (O_EXCL), with no --force, because a key replaced is lost.
		abs, err := outputFile(cfg, out, true)
		if err != nil {
			return "", err
		}
		if err := share.WriteIdentityFile(abs, id); err != nil {
			return "", err
		}
		return recipient, nil
	}
	if err := cfg.keyring().Set(CarerKeyAccount, id); err != nil {
		return "", errs.New(errs.Failed, "store the key in the system keyring: %v (use phr keygen --out FILE)", err)
	}
	return recipient, nil
}

// CarerRecipient returns the public recipient of the carer key in the
// keyring, so a carer can send it again.
func CarerRecipient(cfg Config) (string, error) {
	s, err := cfg.keyring().Get(CarerKeyAccount)
	if err != nil {
		return "", errs.New(errs.Usage, "no carer key in the system keyring: make one with phr keygen")
	}
	id, err := share.ParseIdentity(s)
	if err != nil {
		return "", err
	}
	return share.IdentityRecipient(id)
}

// OpenRequest says how to open an extract on the carer's side.
type OpenRequest struct {
	Path string
	// IdentityFile is --identity or $PHR_IDENTITY.
	IdentityFile string
	// Passphrase opens a passphrase extract.
	Passphrase []byte
	// PinsFile remembers senders' signing keys; empty means the default.
	PinsFile string
	// AcceptNewKey trusts a sender's new signing key in place of the one
	// remembered (phr open --accept-new-key), after the carer confirmed it.
	AcceptNewKey bool
}

// OpenExtract decrypts and verifies an extract, read-only: nothing of it is
// written to disk. Only the sender's signing key is remembered (under a hash
// of the sender's name) so that a later extract claiming the same sender with
// another key is refused.
func OpenExtract(ctx context.Context, cfg Config, req OpenRequest) (*share.Opened, error) {
	f, err := os.Open(req.Path)
	if err != nil {
		return nil, errs.New(errs.Usage, "open %w", pathErr(err))
	}
	defer f.Close()
	p := share.OpenParams{Now: cfg.now(), Passphrase: req.Passphrase, AcceptNewKey: req.AcceptNewKey}
	if p.Passphrase == nil {
		var text []byte
		switch {
		case req.IdentityFile != "":
			if text, err = readFileLimited(req.IdentityFile, maxKeyFile); errors.Is(err, errTooLarge) {
				return nil, errs.New(errs.Usage, "read your key: %s is larger than %s, so it is not a key file", req.IdentityFile, record.Size(maxKeyFile))
			} else if err != nil {
				return nil, errs.New(errs.Unlock, "read your key: %w", pathErr(err))
			}
		default:
			s, err := cfg.keyring().Get(CarerKeyAccount)
			if err != nil {
				return nil, errs.New(errs.Unlock, "no key to open this extract: use --identity FILE (or PHR_IDENTITY), "+
					"keep one in the keyring with phr keygen, or use --passphrase-file for a passphrase extract")
			}
			text = []byte(s)
		}
		ids, err := share.ParseIdentities(string(text))
		clear(text)
		if err != nil {
			return nil, errs.Wrap(errs.Unlock, err)
		}
		p.Identities = ids
	}
	pinsFile := req.PinsFile
	if pinsFile == "" {
		d, err := DefaultVaultDir()
		if err != nil {
			return nil, err
		}
		pinsFile = filepath.Join(filepath.Dir(d), "phr-carer", "senders.json")
	}
	p.Pins = &filePins{path: pinsFile, fs: cfg.FS}
	return share.Open(io.LimitReader(f, 2*share.MaxExtractSize), p)
}

// filePins keeps pinned sender keys in a small JSON file, keyed by the
// SHA-256 of the folded sender name (share.PinName, which share.Open
// passes in), so no name is written in clear.
type filePins struct {
	path string
	fs   atomicfile.FS
}

func (p *filePins) key(name string) string {
	h := sha256.Sum256([]byte("phr-pin:" + name))
	return hex.EncodeToString(h[:])
}

func (p *filePins) load() (map[string]string, error) {
	m := map[string]string{}
	b, err := os.ReadFile(p.path)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read remembered senders: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("read remembered senders %s: %w (remove the file to start again)", p.path, err)
	}
	return m, nil
}

func (p *filePins) Get(name string) (string, bool, error) {
	m, err := p.load()
	if err != nil {
		return "", false, err
	}
	v, ok := m[p.key(name)]
	return v, ok, nil
}

func (p *filePins) Put(name, pubkey string) error {
	m, err := p.load()
	if err != nil {
		return err
	}
	m[p.key(name)] = pubkey
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p.path), 0o700); err != nil {
		return fmt.Errorf("remember sender: %w", err)
	}
	return writeFileAtomic(p.fs, "remember sender", p.path, b)
}

// maxKeyFile is the most read from a file said to hold a carer's key: a
// post-quantum recipient is about 1,960 characters.
const maxKeyFile = 64 << 10

// CarerKeyFromText reads a carer's recipient from pasted text: comment
// lines are skipped and a key broken over lines is joined. It returns the
// recipient and its fingerprint, to read back to the carer.
func CarerKeyFromText(text string) (recipient, fingerprint string, err error) {
	r, err := share.RecipientFromText(text)
	if err != nil {
		return "", "", err
	}
	fp, err := share.RecipientFingerprint(r)
	return r, fp, err
}

// CarerKeyFromFile reads a carer's recipient from a file they sent (what
// phr keygen printed, saved as text).
func CarerKeyFromFile(path string) (recipient, fingerprint string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", errs.New(errs.Usage, "read the carer's key: %w", pathErr(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return "", "", errs.New(errs.Usage, "read the carer's key: %w", pathErr(err))
	}
	defer clear(b)
	if len(b) > maxKeyFile {
		return "", "", errs.New(errs.Usage, "%s is too large to be a carer's key (a key is about 2,000 characters): choose the file phr keygen's text was saved in", path)
	}
	return CarerKeyFromText(string(b))
}

// RecipientFingerprint is the short form of a carer's key that the carer and
// the person sharing compare over the phone ("K7QM-2XHD-9RTB"); empty for
// text that is not a key.
func RecipientFingerprint(recipient string) string {
	fp, err := share.RecipientFingerprint(recipient)
	if err != nil {
		return ""
	}
	return fp
}

// CheckCarerFingerprint compares the fingerprint the carer read out (typed
// by the person adding them) with the fingerprint of the key they sent: nil
// when they match, otherwise an error that says what differs (Policy: another
// key) or what to type (Usage). See share.CheckFingerprint.
func CheckCarerFingerprint(recipient, typed string) error {
	fp, err := share.RecipientFingerprint(recipient)
	if err != nil {
		return err
	}
	return share.CheckFingerprint(fp, typed)
}

// ExtractNeedsPassphrase reports whether the extract at path is protected by
// a passphrase (false when it cannot be read: opening it says why).
func ExtractNeedsPassphrase(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return share.NeedsPassphrase(f)
}

// SaveExtractFiles writes the attachments that travelled in an opened
// extract into dir, which must exist: each under its own name (made safe:
// no folders, no control characters), never replacing a file (-2, -3… are
// added), readable by the owner only. They are not encrypted: the carer
// asked for a copy. It returns the files written.
func SaveExtractFiles(o *share.Opened, dir string) ([]string, error) {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return nil, errs.New(errs.Usage, "--save-attachments %q: not a folder; make it first", dir)
	}
	var written []string
	for _, e := range o.Entries {
		for _, a := range e.Attachments {
			data, ok := o.Files[a.ID]
			if !ok {
				continue
			}
			p, err := createUnique(dir, safeFileName(a.Name), data)
			if err != nil {
				return written, errs.New(errs.Failed, "save %s: %w", safeFileName(a.Name), pathErr(err))
			}
			written = append(written, p)
		}
	}
	return written, nil
}

// SaveExtractFile writes one attachment that travelled in an opened
// extract to the file out, which the carer chose in the viewer, under the
// rules of every file phr writes where the person says: never inside the
// vault folder, an existing file only when replace (the viewer asks first),
// written whole or not at all, readable by the owner only. The copy is not
// encrypted. It returns the absolute path. Nothing is audited: the extract
// is not the carer's vault, and no vault is open (as phr open
// --save-attachments).
func SaveExtractFile(cfg Config, o *share.Opened, a record.Attachment, out string, replace bool) (string, error) {
	data, ok := o.Files[a.ID]
	if !ok {
		return "", errs.New(errs.Usage, "%s did not travel in this extract: only its name did; ask the sender to share it with its files", safeFileName(a.Name))
	}
	// The question shows the path just above: the message need not repeat it.
	abs, err := checkOutput(cfg, out, replace, wording{name: "that file", file: "that file", exists: "choose another name"})
	if err != nil {
		return "", err
	}
	if err := atomicfile.WriteBytes(cfg.FS, abs, ".phr-*.tmp", data); err != nil {
		return "", errs.New(errs.Failed, "save %s: %w", safeFileName(a.Name), pathErr(err))
	}
	return abs, nil
}

// OutputExists reports whether something (a file, a folder, a link) is at
// path already, for the interface to ask before replacing it.
func OutputExists(path string) bool {
	_, err := os.Lstat(strings.TrimSpace(path))
	return err == nil
}

// safeFileName keeps a file name from outside to its last element, without
// control or path characters; empty becomes "attachment".
func safeFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '/' || r == ':' || unicode.Is(unicode.Cf, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" {
		return "attachment"
	}
	if r := []rune(name); len(r) > 120 {
		name = string(r[len(r)-120:])
	}
	return name
}

// createUnique writes data to a new file named name in dir, or name-2,
// name-3… when taken; O_EXCL, so it never replaces a file or follows a link.
func createUnique(dir, name string, data []byte) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		n := name
		if i > 1 {
			n = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		p := filepath.Join(dir, n)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, werr := f.Write(data)
		cerr := f.Close()
		if werr != nil || cerr != nil {
			os.Remove(p)
			return "", errors.Join(werr, cerr)
		}
		return p, nil
	}
	return "", fmt.Errorf("%s: too many files of that name", name)
}

// SizeWords says a size for people: "900 bytes", "12 KB", "3.4 MB".
func SizeWords(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
