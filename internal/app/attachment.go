package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// FindAttachment finds an attachment by the id of its entry (with name to
// choose among several; the only one otherwise) or by its own id.
func (s *Session) FindAttachment(ctx context.Context, id, name string) (record.Attachment, error) {
	id, name = strings.TrimSpace(id), strings.TrimSpace(name)
	var candidates []record.Attachment
	if e, err := s.Entry(ctx, id); err == nil {
		candidates = e.Attachments
		if len(candidates) == 0 {
			return record.Attachment{}, errs.New(errs.Usage, "entry %s has no attachment", id)
		}
	} else {
		all, lerr := s.List(ctx, store.Filter{})
		if lerr != nil {
			return record.Attachment{}, lerr
		}
		for _, e := range all {
			for _, a := range e.Attachments {
				if a.ID == id {
					return a, nil
				}
			}
		}
		return record.Attachment{}, errs.New(errs.Usage, "no entry or attachment with id %s: phr show ID lists an entry's attachments", id)
	}
	if name == "" {
		if len(candidates) == 1 {
			return candidates[0], nil
		}
		names := make([]string, len(candidates))
		for i, a := range candidates {
			names[i] = a.Name
		}
		return record.Attachment{}, errs.New(errs.Usage, "entry %s has %d attachments: choose one with --name (%s)", id, len(candidates), strings.Join(names, ", "))
	}
	for _, a := range candidates {
		if a.Name == name {
			return a, nil
		}
	}
	return record.Attachment{}, errs.New(errs.Usage, "entry %s has no attachment named %q", id, name)
}

// CopyAttachment writes an attachment, decrypted, to w.
func (s *Session) CopyAttachment(a record.Attachment, w io.Writer) error {
	rc, err := s.v.OpenAttachment(a.ID)
	if err != nil {
		return fmt.Errorf("open attachment %s: %w", a.Name, err)
	}
	defer rc.Close()
	if _, err := io.Copy(w, rc); err != nil {
		return fmt.Errorf("read attachment %s: %w", a.Name, err)
	}
	return nil
}

// SaveAttachment writes a decrypted copy of an attachment to the file out
// (never inside the vault folder; an existing file only with force), and
// returns its absolute path. The copy is not encrypted.
func (s *Session) SaveAttachment(a record.Attachment, out string, force bool) (string, error) {
	abs, err := outputFile(s.cfg, out, force)
	if err != nil {
		return "", err
	}
	if err := atomicfile.Write(s.cfg.FS, abs, ".phr-*.tmp", func(w io.Writer) error { return s.CopyAttachment(a, w) }); err != nil {
		return "", errs.New(errs.Failed, "save %s: %w", a.Name, err)
	}
	return abs, nil
}
