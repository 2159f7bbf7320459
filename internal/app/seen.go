package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/seen"
)

// olderCopyAdvice ends the message about a record.age that is not the
// version phr last saw on this computer.
const olderCopyAdvice = ": a sync tool or a copied file may have put another version in its place, " +
	"and a change now would build on it. Look for the newer version in your sync tool's history or in the " +
	"backups (phr restore --backup N), or run phr restore --keep-current to carry on with this one"

// ErrOlderCopy is wrapped by the error that refuses to change a record.age
// older than (or different from) the version phr last saw on this computer.
var ErrOlderCopy = errors.New("record.age is not the version phr last saw on this computer")

func (c Config) seenBook() seen.Book { return seen.Book{Dir: c.SeenDir, FS: c.FS} }

// head returns the last and first audit rows of the record in memory.
func (s *Session) head(ctx context.Context) (seen.Mark, error) {
	seq, hash, err := audit.Head(ctx, s.st.Querier())
	if err != nil {
		return seen.Mark{}, err
	}
	first, _, err := audit.HashAt(ctx, s.st.Querier(), 1)
	return seen.Mark{Seq: seq, Hash: hash, First: first}, err
}

// checkSeen compares the record just loaded with the version phr last saved
// or opened on this computer (see package seen). An older or different
// history is refused for a session that would change it (errs.Busy, as a
// file changed on disk during a run is), and only read, with a warning and
// nothing written, for one that reads. accept takes the record as it is.
func (s *Session) checkSeen(ctx context.Context, mode Mode, accept bool) error {
	mark, ok := s.cfg.seenBook().Load(s.cfg.VaultDir)
	if !ok || accept {
		return nil
	}
	head, err := s.head(ctx)
	if err != nil {
		return err
	}
	hashAt, has, err := audit.HashAt(ctx, s.st.Querier(), mark.Seq)
	if err != nil {
		return err
	}
	var msg string
	switch seen.Compare(mark, head, hashAt, has) {
	case seen.Newer:
		return nil
	case seen.Older:
		msg = fmt.Sprintf("record.age is older than the version phr last saw on this computer (its audit log ends at entry %d; phr saw entry %d)", head.Seq, mark.Seq)
	case seen.Diverged:
		msg = fmt.Sprintf("record.age holds a different history from the version phr last saw on this computer (audit entry %d differs)", mark.Seq)
	}
	if mode == ReadWrite {
		return &errs.Error{Kind: errs.Busy, Msg: msg + olderCopyAdvice, Err: ErrOlderCopy}
	}
	// Read it, but write nothing: no unlock row, no new mark.
	s.writable = false
	s.warning = msg + olderCopyAdvice
	s.keepMark = true
	return nil
}

// rememberSeen records the record in memory as the version this computer
// last saw. A mark that cannot be written only weakens the check above, so
// its failure is not the person's problem.
func (s *Session) rememberSeen(ctx context.Context) {
	if s.keepMark || s.st == nil {
		return
	}
	if head, err := s.head(ctx); err == nil {
		_ = s.cfg.seenBook().Save(s.cfg.VaultDir, head)
	}
}

// Warning is what the person should be told about the record that was
// opened but did not stop it from opening, or "".
func (s *Session) Warning() string { return s.warning }
