package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/vault"
)

// readNote is what a session that cannot write the audit log (another phr
// holds the vault) leaves in the vault's read journal, for the next writer
// to fold into the log: every unlock is audited, a little later.
type readNote struct {
	At  time.Time `json:"at"`
	Via string    `json:"via"`
}

// noteRead journals this read-only session's unlock. When even that cannot
// be written (read-only media, a full disk), the person is told the access
// went unlogged; the record is still shown.
func (s *Session) noteRead() {
	b, err := json.Marshal(readNote{At: s.cfg.now().UTC(), Via: s.via})
	if err == nil {
		err = s.v.NoteRead(b)
	}
	if err != nil {
		w := fmt.Sprintf("this access could not be written to the audit log (%v)", err)
		if s.warning != "" {
			w = s.warning + "; " + w
		}
		s.warning = w
	}
}

// pendingNotes returns the read journal's notes not yet in the audit log,
// oldest first, and the names of every note to drop once the log holding
// them is saved. A journal that cannot be listed is left for a later save:
// the change being saved matters more.
func (s *Session) pendingNotes(ctx context.Context) (fold []vault.ReadNote, drop []string) {
	notes, err := s.v.ReadNotes()
	if err != nil || len(notes) == 0 {
		return nil, nil
	}
	// A note whose removal failed after an earlier save is in the log already.
	folded := map[string]bool{}
	if rows, err := audit.List(ctx, s.st.Querier()); err == nil {
		for _, r := range rows {
			if r.Action != audit.Unlock || !strings.Contains(r.Detail, `"note"`) {
				continue
			}
			var d struct {
				Note string `json:"note"`
			}
			if json.Unmarshal([]byte(r.Detail), &d) == nil && d.Note != "" {
				folded[d.Note] = true
			}
		}
	}
	for _, n := range notes {
		drop = append(drop, n.Name)
		if !folded[n.Name] {
			fold = append(fold, n)
		}
	}
	at := func(n vault.ReadNote) time.Time {
		var r readNote
		_ = json.Unmarshal(n.Plain, &r)
		return r.At
	}
	sort.SliceStable(fold, func(i, j int) bool { return at(fold[i]).Before(at(fold[j])) })
	return fold, drop
}

// foldNotes appends an unlock row for each journal note, at the time of the
// read it records. A note that cannot be read is recorded as such.
func foldNotes(ctx context.Context, tx *store.Store, now time.Time, notes []vault.ReadNote) error {
	for _, n := range notes {
		var r readNote
		if n.Err != nil || json.Unmarshal(n.Plain, &r) != nil || r.At.IsZero() {
			d := map[string]string{"note": n.Name, "problem": "a note of a read in reads/ could not be read; it was removed"}
			if err := audit.Append(ctx, tx.Querier(), now, audit.Unlock, d); err != nil {
				return err
			}
			continue
		}
		d := map[string]string{"via": r.Via, "while": "another phr held the vault (from the read journal)", "note": n.Name}
		if err := audit.Append(ctx, tx.Querier(), r.At, audit.Unlock, d); err != nil {
			return err
		}
	}
	return nil
}

// PendingReads is the number of reads in the vault's read journal that the
// next change will add to the audit log.
func (s *Session) PendingReads() int {
	notes, err := s.v.ReadNotes()
	if err != nil {
		return 0
	}
	return len(notes)
}
