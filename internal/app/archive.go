package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/phrhealth/phr/internal/archive"
	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
)

// ArchiveRequest is the archive the person asked for.
type ArchiveRequest struct {
	// Out is the file to write (never standard output: it is binary).
	Out   string
	Force bool
	// Passphrase encrypts the archive to a passphrase (age's scrypt) instead
	// of the vault key; it must pass the passphrase policy.
	Passphrase []byte
	// Version is phr's version, for the archive's manifest.
	Version string
}

// ArchiveResult says what was written.
type ArchiveResult struct {
	File       string            `json:"file"`
	SHA256     string            `json:"sha256"`
	Size       int64             `json:"size"`
	Encryption string            `json:"encrypted_to"` // "vault key" or "passphrase"
	Manifest   *archive.Manifest `json:"manifest"`
}

// Archive writes the whole record, every entry, the profile, carers, audit
// log and attachments, as an age-encrypted tar that opens with standard
// tools (see package archive), to the vault key or a passphrase. The file
// is streamed to a temporary name and renamed into place; an audit row
// records its SHA-256. Sensitive entries are in it: it is the person's own
// copy of everything, encrypted as the vault is.
func (s *Session) Archive(ctx context.Context, req ArchiveRequest) (*ArchiveResult, error) {
	if req.Out == "" || req.Out == Stdout {
		return nil, errs.New(errs.Usage, "say where to write the archive: --out FILE (it is binary, so not to standard output)")
	}
	abs, err := outputFile(s.cfg, req.Out, req.Force)
	if err != nil {
		return nil, err
	}
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	profile, err := s.Profile(ctx)
	if err != nil {
		return nil, err
	}
	res := &ArchiveResult{File: abs, Encryption: "vault key"}
	if req.Passphrase != nil {
		if err := CheckPassphrase(req.Passphrase, profile.Words()); err != nil {
			return nil, err
		}
		res.Encryption = "passphrase"
	}
	attached, err := archiveFiles(ctx, st)
	if err != nil {
		return nil, err
	}
	carers, err := st.Carers(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := audit.List(ctx, st.Querier())
	if err != nil {
		return nil, err
	}
	// The entries are listed while the attachments stream (see
	// archive.Params); nothing else uses the record until Write returns.
	list := func() ([]record.Entry, error) { return st.List(ctx, store.Filter{Oldest: true}) }
	p := archive.Params{Profile: profile, Entries: list, Attachments: attached, Carers: carers, Audit: rows, Made: s.cfg.now(),
		Passphrase: req.Passphrase != nil, Version: req.Version,
		Open: func(id string) (io.ReadCloser, error) { return s.v.OpenAttachment(id) }}
	h := sha256.New()
	fill := func(w io.Writer) error {
		cw := &countWriter{w: io.MultiWriter(w, h)}
		var enc io.WriteCloser
		var err error
		if req.Passphrase != nil {
			log2 := s.cfg.ScryptLog2
			if log2 == 0 {
				log2 = 18
			}
			enc, err = share.EncryptPassphrase(cw, normalized(req.Passphrase), log2)
		} else {
			enc, err = s.v.EncryptToKey(cw)
		}
		if err != nil {
			return err
		}
		if res.Manifest, err = archive.Write(enc, p); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		res.Size = cw.n
		return nil
	}
	if err := atomicfile.Write(s.cfg.FS, abs, ".phr-*.tmp", fill); err != nil {
		return nil, errs.New(errs.Failed, "write the archive: %w", err)
	}
	res.SHA256 = hex.EncodeToString(h.Sum(nil))
	detail := map[string]any{"file": abs, "sha256": res.SHA256, "size": res.Size, "encrypted_to": res.Encryption,
		"entries": res.Manifest.Entries, "attachments": res.Manifest.Attachments, "carers": res.Manifest.Carers}
	if err := s.commitQuiet(ctx, audit.Archive, detail, nil); err != nil {
		// Without its audit row the archive must not stay behind.
		os.Remove(abs)
		return nil, err
	}
	return res, nil
}

// archiveFiles lists every attachment of the record with its entry's id,
// by entry id and then in the order they were added.
func archiveFiles(ctx context.Context, st *store.Store) ([]archive.Attached, error) {
	byEntry, err := st.AttachmentsByEntry(ctx)
	if err != nil {
		return nil, err
	}
	ids := slices.Sorted(maps.Keys(byEntry))
	var out []archive.Attached
	for _, id := range ids {
		for _, a := range byEntry[id] {
			out = append(out, archive.Attached{EntryID: id, Attachment: a})
		}
	}
	return out, nil
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
