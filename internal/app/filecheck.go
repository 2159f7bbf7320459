package app

import (
	"io"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
	"github.com/phrhealth/phr/internal/share"
)

// maxScan is the most of an attachment the sensitive gate reads; a larger
// file is not checked (and so needs the person's confirmation).
const maxScan = 32 << 20

// checkFiles reads the text of the chosen entries' attachments for the
// sensitive gate (sensitive.ScanAttachment): the kinds each suggests, and
// those phr could not read (an image, a PDF, one too large or that would
// not decrypt), by entry id.
func (s *Session) checkFiles(entries []record.Entry) map[string]share.FileCheck {
	out := map[string]share.FileCheck{}
	for _, e := range entries {
		if len(e.Attachments) == 0 {
			continue
		}
		fc := share.FileCheck{Kinds: map[record.Kind]string{}}
		for _, a := range e.Attachments {
			kinds, ok := s.scanFile(a)
			if !ok {
				fc.NotChecked = append(fc.NotChecked, a.Name)
				continue
			}
			for k, why := range kinds {
				if _, seen := fc.Kinds[k]; !seen {
					fc.Kinds[k] = why
				}
			}
		}
		out[e.ID] = fc
	}
	return out
}

// scanFile decrypts one attachment and reads its text.
func (s *Session) scanFile(a record.Attachment) (map[record.Kind]string, bool) {
	if a.Size > maxScan || sensitive.Unreadable(a.Name, a.Type) {
		return nil, false
	}
	rc, err := s.v.OpenAttachment(a.ID)
	if err != nil {
		return nil, false
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxScan+1))
	if err != nil || len(data) > maxScan {
		return nil, false
	}
	return sensitive.ScanAttachment(a.Name, a.Type, data)
}
