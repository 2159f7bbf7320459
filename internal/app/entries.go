package app

import (
	"context"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// BirthDate reads a date of birth as people write it (when.ReadDate:
// "10 December 1815", "1815-12-10"): a whole day, not in the future.
func BirthDate(s string, now time.Time) (string, error) {
	c, err := when.ReadDate(s, now)
	if err != nil {
		return "", fmt.Errorf("date of birth: %w", err)
	}
	t, _, _ := when.ParseDate(c)
	switch {
	case when.Partial(c):
		return "", fmt.Errorf("date of birth %q: give the day too, as 23 April 1970 or 1970-04-23", strings.TrimSpace(s))
	case t.After(now):
		return "", fmt.Errorf("date of birth %s is in the future", strings.TrimSpace(s))
	}
	return when.DateOf(c), nil
}

// NormalizeEntry validates an entry from outside (flags, JSON, a form):
// category, title, dates in canonical form, tags and kinds.
func NormalizeEntry(e *record.Entry) error {
	var err error
	if e.Date, err = when.NormalizeDate(e.Date); err != nil {
		return errs.Wrap(errs.Usage, err)
	}
	if e.End, err = when.NormalizeDate(e.End); err != nil {
		return errs.Wrap(errs.Usage, err)
	}
	if e.Code != nil && e.Code.System == "" && e.Code.Code == "" && e.Code.Display == "" {
		e.Code = nil
	}
	unitCodes(e)
	fhir.ShapeReading(e)
	if err := e.CheckBounds(); err != nil {
		return errs.New(errs.Usage, "the entry is too large: %v", err)
	}
	return errs.Wrap(errs.Usage, e.Validate())
}

// unitCodes gives the entry's unit and its components' units their UCUM
// codes when phr knows the unit and none is set. A unit phr does not know
// keeps no code rather than a guess.
func unitCodes(e *record.Entry) {
	e.Unit = strings.TrimSpace(e.Unit)
	if e.Unit == "" {
		e.UnitCode = ""
	} else if e.UnitCode == "" {
		e.UnitCode = fhir.UCUMCode(e.Unit)
	}
	for i := range e.Components {
		c := &e.Components[i]
		if c.UnitCode == "" {
			c.UnitCode = fhir.UCUMCode(c.Unit)
		}
	}
}

// AddResult says what Add did beyond storing the entry.
type AddResult struct {
	Entry record.Entry
	// Suggested lists the sensitive kinds phr added from the entry's codes
	// and words, with the reason for each.
	Suggested map[record.Kind]string
}

// Add stores new entries (with their attachment files, read from the given
// paths), marks the sensitive kinds their codes and words suggest unless the
// person already chose them, audits and saves. All entries are added or none.
func (s *Session) Add(ctx context.Context, entries []record.Entry, attach []string) ([]AddResult, error) {
	results := make([]AddResult, len(entries))
	for i := range entries {
		e := &entries[i]
		e.ID, e.Source, e.SourceID = "", "manual", ""
		e.Attachments = nil
		if err := NormalizeEntry(e); err != nil {
			return nil, err
		}
		// A new entry is always inferred: turning inference off is the
		// person's visible decision on an entry that exists (phr edit
		// --sensitive, the form's kinds), never a side effect of a field
		// such as "sensitive_reviewed" in phr add --json.
		e.SensitiveReviewed = false
		results[i].Suggested = map[record.Kind]string{}
		reasons := sensitive.Reasons(e)
		for _, k := range sensitive.Suggest(e) {
			if !e.HasKind(k) {
				results[i].Suggested[k] = reasons[k]
			}
		}
		e.Sensitive = sensitive.Effective(e)
	}
	var files []record.Attachment
	for _, path := range attach {
		a, err := s.putFile(path)
		if err != nil {
			s.dropFiles(files)
			return nil, err
		}
		files = append(files, a)
	}
	now := s.cfg.now()
	ids := make([]string, len(entries))
	err := s.commit(ctx, audit.Add, map[string]any{"ids": ids, "count": len(entries)}, func(tx *store.Store) error {
		for i := range entries {
			if i == 0 {
				entries[i].Attachments = files
			}
			if err := tx.AddEntry(ctx, &entries[i], now); err != nil {
				return err
			}
			ids[i] = entries[i].ID
		}
		return nil
	})
	if err != nil {
		if !s.unsaved {
			s.dropFiles(files)
		}
		return nil, err
	}
	for i := range entries {
		results[i].Entry = entries[i]
	}
	return results, nil
}

// putFile encrypts a file into the vault and describes it.
func (s *Session) putFile(path string) (record.Attachment, error) {
	f, err := os.Open(path)
	if err != nil {
		return record.Attachment{}, errs.New(errs.Usage, "attach: %w", pathErr(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		return record.Attachment{}, errs.New(errs.Usage, "attach: %s is a folder: attach one file at a time", path)
	}
	if err == nil && fi.Size() > record.MaxAttachment {
		return record.Attachment{}, errs.New(errs.Usage, "attach: %s is %s, beyond phr's limit of %s for one attachment",
			filepath.Base(path), record.Size(fi.Size()), record.Size(record.MaxAttachment))
	}
	lr := &io.LimitedReader{R: f, N: record.MaxAttachment + 1}
	id, size, sum, err := s.v.PutAttachment(lr)
	if err == nil && lr.N == 0 {
		// The file grew while it was read.
		_ = s.v.RemoveAttachment(id)
		return record.Attachment{}, errs.New(errs.Usage, "attach: %s is larger than phr's limit of %s for one attachment",
			filepath.Base(path), record.Size(record.MaxAttachment))
	}
	if err != nil {
		return record.Attachment{}, fmt.Errorf("attach %s: %w", filepath.Base(path), err)
	}
	typ := mime.TypeByExtension(filepath.Ext(path))
	return record.Attachment{ID: id, Name: filepath.Base(path), Type: typ, Size: size, SHA256: sum}, nil
}

func (s *Session) dropFiles(files []record.Attachment) {
	for _, a := range files {
		_ = s.v.RemoveAttachment(a.ID)
	}
}

// Edit replaces an entry's fields (see NormalizeEntry) and attaches more
// files. The entry's id must exist. Unless the person has chosen the
// entry's kinds themselves (e.SensitiveReviewed), the kinds its new codes
// and words suggest are added, so an edit never leaves a sensitive entry
// looking plain; turning that choice on is written to the audit log.
func (s *Session) Edit(ctx context.Context, e *record.Entry, attach []string) error {
	old, oldErr := s.Entry(ctx, e.ID)
	if oldErr == nil && old.Unit != e.Unit && old.UnitCode == e.UnitCode {
		e.UnitCode = "" // the person changed the unit: its old code no longer holds
	}
	if err := NormalizeEntry(e); err != nil {
		return err
	}
	detail := map[string]string{"id": e.ID}
	if e.SensitiveReviewed {
		if oldErr == nil && !old.SensitiveReviewed {
			detail["sensitive"] = "kinds chosen by the person: " + kindList(e.Sensitive) + "; phr no longer suggests kinds for this entry"
		}
	} else {
		e.Sensitive = sensitive.Effective(e)
	}
	var files []record.Attachment
	for _, path := range attach {
		a, err := s.putFile(path)
		if err != nil {
			s.dropFiles(files)
			return err
		}
		files = append(files, a)
	}
	now := s.cfg.now()
	err := s.commit(ctx, audit.Edit, detail, func(tx *store.Store) error {
		if err := tx.UpdateEntry(ctx, e, now); err != nil {
			return err
		}
		for _, a := range files {
			if err := tx.AddAttachment(ctx, e.ID, a, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !s.unsaved {
		s.dropFiles(files)
	}
	return err
}

// Remove deletes an entry. Its attachment files stay on disk until no kept
// backup names them.
func (s *Session) Remove(ctx context.Context, id string) (record.Entry, error) {
	e, err := s.Entry(ctx, id)
	if err != nil {
		return e, err
	}
	err = s.commit(ctx, audit.Remove, map[string]string{"id": e.ID, "category": string(e.Category)}, func(tx *store.Store) error {
		files, err := tx.DeleteEntry(ctx, e.ID)
		if err != nil {
			return err
		}
		gen, err := s.generation(ctx, tx)
		if err != nil {
			return err
		}
		return tx.ReleaseFiles(ctx, files, gen+1)
	})
	return e, err
}

// generation returns the save generation of the record on disk.
func (s *Session) generation(ctx context.Context, st *store.Store) (int64, error) {
	g, _, err := st.Setting(ctx, settingSaveGen)
	if err != nil {
		return 0, err
	}
	var n int64
	fmt.Sscan(g, &n)
	return n, nil
}

// Entry returns one entry by id or unique id prefix.
func (s *Session) Entry(ctx context.Context, id string) (record.Entry, error) {
	st, err := s.db()
	if err != nil {
		return record.Entry{}, err
	}
	return st.Entry(ctx, id)
}

// List returns entries matching the filter, newest first.
func (s *Session) List(ctx context.Context, f store.Filter) ([]record.Entry, error) {
	f, err := s.filter(f)
	if err != nil {
		return nil, err
	}
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	return st.List(ctx, f)
}

// EachEntry calls fn with each entry List would return, one at a time, so
// that a long list is printed in the memory of one entry. fn must not call
// the session.
func (s *Session) EachEntry(ctx context.Context, f store.Filter, fn func(record.Entry) error) error {
	f, err := s.filter(f)
	if err != nil {
		return err
	}
	st, err := s.db()
	if err != nil {
		return err
	}
	return st.EachEntry(ctx, f, fn)
}

// filter reads a filter's date bounds (dates or times ago) into canonical
// dates.
func (s *Session) filter(f store.Filter) (store.Filter, error) {
	if f.Since != "" {
		_, c, err := when.ParseBound(f.Since, s.cfg.now())
		if err != nil {
			return f, errs.Wrap(errs.Usage, err)
		}
		f.Since = c
	}
	if f.Until != "" {
		_, c, err := when.ParseBound(f.Until, s.cfg.now())
		if err != nil {
			return f, errs.Wrap(errs.Usage, err)
		}
		f.Until = c
	}
	return f, nil
}

// Search runs a full-text search over titles, notes and codes: entries that
// are not measurements first, best match first, then the measurements,
// newest first (see store.Search).
func (s *Session) Search(ctx context.Context, q string, limit int) ([]record.Entry, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	return st.Search(ctx, q, limit)
}

// Counts returns how many entries each category holds.
func (s *Session) Counts(ctx context.Context) (map[record.Category]int, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	return st.Counts(ctx)
}

// Profile returns the person's profile.
func (s *Session) Profile(ctx context.Context) (record.Profile, error) {
	st, err := s.db()
	if err != nil {
		return record.Profile{}, err
	}
	return st.Profile(ctx)
}

// maxProfileField is the longest text a profile field takes: the profile is
// a card to read at a glance, not a letter.
const maxProfileField = 1000

// SetProfile validates and stores the profile.
func (s *Session) SetProfile(ctx context.Context, p record.Profile) error {
	for _, f := range []struct {
		what string
		v    *string
	}{{"the name", &p.Name}, {"the date of birth", &p.Born}, {"the blood type", &p.BloodType},
		{"the emergency contact", &p.EmergencyContact}, {"the languages", &p.Languages}, {"the emergency notes", &p.EmergencyNotes}} {
		*f.v = strings.TrimSpace(*f.v)
		if n := utf8.RuneCountInString(*f.v); n > maxProfileField {
			return errs.New(errs.Usage, "%s is %d characters long: keep it under %d", f.what, n, maxProfileField)
		}
	}
	// The name is the sender's in every extract: refused now, not at the
	// first share. (An import keeps a name as it came; the share says so.)
	if p.Name != "" {
		if err := share.CheckName(p.Name); err != nil {
			return err
		}
	}
	if p.Born != "" {
		born, err := BirthDate(p.Born, s.cfg.now())
		if err != nil {
			return errs.Wrap(errs.Usage, err)
		}
		p.Born = born
	}
	if p.BloodType != "" {
		bt, err := record.ParseBloodType(p.BloodType)
		if err != nil {
			return errs.Wrap(errs.Usage, err)
		}
		p.BloodType = bt
	}
	return s.commit(ctx, audit.Profile, "profile changed", func(tx *store.Store) error {
		return tx.SetProfile(ctx, p)
	})
}

// OpenAttachment returns a reader of an attachment's decrypted content. The
// caller must close it and must not write the content to disk unasked.
func (s *Session) OpenAttachment(id string) (interface {
	Read([]byte) (int, error)
	Close() error
}, error) {
	return s.v.OpenAttachment(id)
}

// ChartSeries lists the numeric series worth charting.
func (s *Session) ChartSeries(ctx context.Context) ([]store.Series, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	return st.ChartSeries(ctx, 2)
}

// Points returns one series' readings, oldest first.
func (s *Session) Points(ctx context.Context, key, since, until string) ([]store.Point, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	return st.Points(ctx, key, since, until)
}

// PointsBucketed returns one series reduced to at most buckets points (each
// the mean of a stretch of time), with its count and first and last
// readings: what a chart draws. Points keeps every reading, for JSON.
func (s *Session) PointsBucketed(ctx context.Context, key, since, until string, buckets int) (store.Chart, error) {
	st, err := s.db()
	if err != nil {
		return store.Chart{}, err
	}
	return st.PointsBucketed(ctx, key, since, until, buckets)
}

// SeriesRange returns the reference range of a series as its newest
// reading with one writes it ("3.5-5.0 mmol/L"), or "".
func (s *Session) SeriesRange(ctx context.Context, key string) (string, error) {
	st, err := s.db()
	if err != nil {
		return "", err
	}
	return st.SeriesRange(ctx, key)
}

// Setting reads an interface setting.
func (s *Session) Setting(ctx context.Context, key string) (string, error) {
	st, err := s.db()
	if err != nil {
		return "", err
	}
	v, _, err := st.Setting(ctx, key)
	return v, err
}

// kindList names kinds for the audit log ("none" for none).
func kindList(ks []record.Kind) string {
	if len(ks) == 0 {
		return "none"
	}
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// KindReasons says why each of the entry's effective sensitive kinds
// applies, as the gate says it (share.KindReasons): what phr show, phr
// list --json and export --dry-run --json print.
func KindReasons(e record.Entry) map[record.Kind]string {
	return share.KindReasons(&e)
}

// EffectiveKinds is the entry's sensitive kinds as the gate sees them: its
// own and those its codes, words and labels suggest (none added when the
// person chose its kinds). Every display that hides or marks a sensitive
// entry uses it, so privacy mode never shows what the gate would stop.
func EffectiveKinds(e record.Entry) []record.Kind {
	return sensitive.Effective(&e)
}

// Tags returns every tag in the record, each once, in order.
func (s *Session) Tags(ctx context.Context) ([]string, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	return st.Tags(ctx)
}

// IDsWithPrefix returns up to limit entries (id and title) whose id starts
// with prefix: what completing an id on the command line offers.
func (s *Session) IDsWithPrefix(ctx context.Context, prefix string, limit int) ([]store.IDTitle, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	return st.IDsWithPrefix(ctx, prefix, limit)
}
