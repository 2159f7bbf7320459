package app

import (
	"bytes"
	"context"
	"io"

	"fmt"
	"os"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/atomicfile"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// AddCarer stores a carer after checking the recipient is an age recipient.
func (s *Session) AddCarer(ctx context.Context, name, recipient, relationship string) (record.Carer, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return record.Carer{}, errs.New(errs.Usage, "a carer needs a name: phr carer add NAME --recipient R")
	}
	if err := share.CheckName(name); err != nil {
		return record.Carer{}, err
	}
	recipient, err := share.RecipientFromText(recipient)
	if err != nil {
		return record.Carer{}, err
	}
	c := record.Carer{Name: name, Relationship: strings.TrimSpace(relationship), Recipient: recipient, Added: s.cfg.now().UTC()}
	err = s.commit(ctx, audit.CarerAdd, map[string]string{"name": c.Name, "relationship": c.Relationship, "recipient": recipientKind(c.Recipient)},
		func(tx *store.Store) error { return tx.AddCarer(ctx, c) })
	return c, err
}

// recipientKind names a recipient's type for the audit log.
func recipientKind(r string) string {
	if strings.HasPrefix(strings.ToLower(r), "age1pq1") {
		return "post-quantum hybrid age key"
	}
	return "X25519 age key"
}

// Carers lists the carers by name.
func (s *Session) Carers(ctx context.Context) ([]record.Carer, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	return st.Carers(ctx)
}

// RemoveCarer deletes a carer. Extracts already sent stay readable by them
// until they expire: say so to the person.
func (s *Session) RemoveCarer(ctx context.Context, name string) error {
	return s.commit(ctx, audit.CarerRemove, map[string]string{"name": strings.TrimSpace(name)},
		func(tx *store.Store) error { return tx.RemoveCarer(ctx, name) })
}

// ExportRequest is what the person chose to share, with whom and how.
type ExportRequest struct {
	// To names a carer; Passphrase encrypts to a passphrase instead.
	To         string
	Passphrase []byte
	Selection  share.Selection
	// Expires is a duration ("7d") or a date; empty means 7 days.
	Expires string
	// IncludeSensitive shares sensitive entries; ExcludeSensitive leaves
	// them out; neither refuses a selection that touches one (exit 4).
	IncludeSensitive, ExcludeSensitive bool
	Armor                              bool
	// WithAttachments puts the chosen entries' files inside the extract,
	// encrypted with it; without it only their names and titles leave.
	WithAttachments bool
	// Out is the file to write, never inside the vault folder; an existing
	// one is replaced only with Force. DryRun writes nothing.
	Out    string
	Force  bool
	DryRun bool
}

// ExportResult says what was (or, in a dry run, would be) shared.
type ExportResult struct {
	File              string        `json:"file"`
	SHA256            string        `json:"sha256"`
	To                string        `json:"to"`
	Expires           time.Time     `json:"expires"`
	Entries           int           `json:"entries"`
	SensitiveIncluded []record.Kind `json:"sensitive_included"`
	// Excluded lists the sensitive entries ExcludeSensitive left out.
	Excluded []share.Flagged `json:"excluded_sensitive"`
	Selected []record.Entry  `json:"-"`
	Flagged  []share.Flagged `json:"-"`
	// Files and FileBytes count the attachments that travel inside the
	// extract; FilesLeft those of the chosen entries that stay behind.
	Files     int   `json:"files"`
	FileBytes int64 `json:"file_bytes"`
	FilesLeft int   `json:"files_left_behind"`
	// covered lists the categories shared whole (share.Covered).
	covered []record.Category
}

// maxShareFiles is the most attachment bytes one extract carries: base64
// makes them a third larger, and the whole must stay under what phr open
// reads (share.MaxExtractSize).
const maxShareFiles = share.MaxExtractSize / 2

// PlanExport applies the selection, the sensitive gate and the expiry rules
// without writing anything: the list the review screen and --dry-run show.
// When the gate refuses, the result still carries the flagged entries.
func (s *Session) PlanExport(ctx context.Context, req ExportRequest) (*ExportResult, error) {
	now := s.cfg.now()
	expires, err := when.ParseExpiry(req.Expires, now)
	if err != nil {
		return nil, errs.Wrap(errs.Usage, err)
	}
	if req.IncludeSensitive && req.ExcludeSensitive {
		return nil, errs.New(errs.Usage, "choose one: --include-sensitive or --exclude-sensitive")
	}
	if req.Out != "" && !req.DryRun {
		// Before anything else, so the interface can ask for another name.
		if _, err := outputFile(s.cfg, req.Out, req.Force); err != nil {
			return nil, err
		}
	}
	res := &ExportResult{Expires: expires, SensitiveIncluded: []record.Kind{}, Excluded: []share.Flagged{}}
	switch {
	case req.To != "" && req.Passphrase != nil:
		return nil, errs.New(errs.Usage, "choose one: --to a carer or --share-passphrase-file, not both")
	case req.To != "":
		c, ok, err := s.st.Carer(ctx, req.To)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errs.New(errs.Usage, "no carer named %q: add one with phr carer add, or see phr carer list", req.To)
		}
		res.To = c.Name
	case req.Passphrase != nil:
		if err := s.checkSharePassphrase(ctx, req.Passphrase); err != nil {
			return nil, err
		}
		res.To = "passphrase"
	default:
		return nil, errs.New(errs.Usage, "say who the extract is for: --to CARER or --share-passphrase-file FILE")
	}
	all, err := s.st.List(ctx, store.Filter{Oldest: true})
	if err != nil {
		return nil, err
	}
	sel := req.Selection
	sel.Now = s.cfg.now()
	chosen, err := share.Select(all, sel)
	if err != nil {
		return nil, err
	}
	kept, flagged, err := share.GateFiles(chosen, req.IncludeSensitive || req.ExcludeSensitive, s.checkFiles(chosen))
	res.Flagged = flagged
	if err != nil {
		res.Selected = chosen
		return res, err
	}
	if req.ExcludeSensitive && len(flagged) > 0 {
		kept, res.Excluded, res.Flagged, flagged = share.Without(kept, flagged), flagged, nil, nil
		if len(kept) == 0 {
			return res, errs.New(errs.Policy, "every entry in this selection is sensitive, so --exclude-sensitive leaves nothing to share")
		}
	}
	res.Selected = kept
	res.covered = share.Covered(sel, chosen, res.Excluded)
	res.Entries = len(kept)
	for _, e := range kept {
		for _, a := range e.Attachments {
			if req.WithAttachments {
				res.Files++
				res.FileBytes += a.Size
			} else {
				res.FilesLeft++
			}
		}
	}
	if res.FileBytes > maxShareFiles {
		return res, errs.New(errs.Usage, "the attachments come to %d MB, more than an extract carries (%d MB): choose fewer entries, or share without attachments",
			res.FileBytes>>20, maxShareFiles>>20)
	}
	res.SensitiveIncluded = share.FlaggedKinds(flagged)
	if res.SensitiveIncluded == nil {
		res.SensitiveIncluded = []record.Kind{}
	}
	return res, nil
}

// checkSharePassphrase applies the passphrase policy (with the person's own
// words) to an extract's passphrase and refuses the vault's own passphrase:
// the carer who learns it could then open the vault itself.
func (s *Session) checkSharePassphrase(ctx context.Context, pass []byte) error {
	profile, err := s.Profile(ctx)
	if err != nil {
		return err
	}
	if err := CheckPassphrase(pass, profile.Words()); err != nil {
		return err
	}
	same, err := s.v.PassphraseOpens(normalized(pass))
	if err != nil {
		return err
	}
	if same {
		return errs.New(errs.Policy, "the extract's passphrase is the vault's own passphrase: whoever gets the extract could open your whole record with it; choose another one for the extract (phr password generate)")
	}
	return nil
}

// Export writes a signed, encrypted extract after PlanExport's checks, and
// records it in the shares history and the audit log. Nothing is written
// when any check refuses.
func (s *Session) Export(ctx context.Context, req ExportRequest) (*ExportResult, error) {
	res, err := s.PlanExport(ctx, req)
	if err != nil || req.DryRun {
		return res, err
	}
	if req.Out == "" {
		return nil, errs.New(errs.Usage, "say where to write the extract: --out FILE")
	}
	profile, err := s.Profile(ctx)
	if err != nil {
		return nil, err
	}
	var to share.ToParty
	if req.Passphrase != nil {
		to = share.ToParty{Name: "passphrase", Recipient: share.PassphraseRecipient}
	} else {
		c, _, err := s.st.Carer(ctx, req.To)
		if err != nil {
			return nil, err
		}
		to = share.ToParty{Name: c.Name, Recipient: c.Recipient}
	}
	key, err := s.SigningKey(ctx)
	if err != nil {
		return nil, err
	}
	// Full entries carry their codes and notes; attachment bytes travel only
	// when asked for.
	full := make([]record.Entry, len(res.Selected))
	for i, e := range res.Selected {
		full[i] = e
		full[i].Original = ""
	}
	from := profile.Name
	if from == "" {
		from = "phr user"
	}
	params := share.BuildParams{Entries: full, Profile: profile, From: from, SigningKey: key, To: to,
		Created: s.cfg.now(), Expires: res.Expires, SensitiveIncluded: res.SensitiveIncluded,
		Covered: res.covered}
	var opened [][]byte
	defer func() {
		for _, b := range opened {
			clear(b)
		}
	}()
	if req.WithAttachments {
		params.Files = func(a record.Attachment) ([]byte, error) {
			b, err := s.attachmentBytes(a)
			opened = append(opened, b)
			return b, err
		}
	}
	x, err := share.Build(params)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	var sum string
	if req.Passphrase != nil {
		log2 := s.cfg.ScryptLog2
		if log2 == 0 {
			log2 = 18
		}
		sum, err = share.SealPassphrase(x, &buf, normalized(req.Passphrase), log2, req.Armor)
	} else {
		sum, err = share.SealTo(x, &buf, to.Recipient, req.Armor)
	}
	if err != nil {
		return nil, fmt.Errorf("seal extract: %w", err)
	}
	abs, err := outputFile(s.cfg, req.Out, req.Force)
	if err != nil {
		return nil, err
	}
	if err := writeFileAtomic(s.cfg.FS, "write extract", abs, buf.Bytes()); err != nil {
		return nil, err
	}
	rec := share.Summary(x, sum)
	res.File, res.SHA256 = abs, sum
	// The audit row names no path (rec.File is empty); the history does.
	kept := rec
	kept.File = abs
	err = s.commit(ctx, audit.Export, rec, func(tx *store.Store) error {
		return tx.AddShare(ctx, kept)
	})
	if err != nil {
		// Without its audit row the extract must not stay behind.
		os.Remove(abs)
		return nil, err
	}
	return res, nil
}

// writeFileAtomic replaces the file at path with data through atomicfile,
// with the configured file system, so the fault-injection tests reach every
// writer; what names the step in the error ("write extract").
func writeFileAtomic(fsys atomicfile.FS, what, path string, data []byte) error {
	if err := atomicfile.WriteBytes(fsys, path, ".phr-*.tmp", data); err != nil {
		return errs.New(errs.Failed, "%s: %w", what, err)
	}
	return nil
}

// ShareView is one row of the shares history (`phr shares --json`).
type ShareView struct {
	record.Share
	Expired bool `json:"expired"`
}

// Shares lists what was shared with whom, newest first, and whether each
// extract has expired.
func (s *Session) Shares(ctx context.Context) ([]ShareView, error) {
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	rows, err := st.Shares(ctx)
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	out := make([]ShareView, len(rows))
	for i, r := range rows {
		out[i] = ShareView{Share: r, Expired: !now.Before(r.Expires)}
	}
	return out, nil
}

// DefaultShareFile is a name for a new extract in dir that no file has yet:
// phr-share-YYYY-MM-DD.age, then -2, -3… for further shares the same day, so
// a second share never replaces the first.
func DefaultShareFile(dir string, now time.Time) string {
	return FreeName(dir, "phr-share-"+now.Format("2006-01-02"), ".age")
}

// attachmentBytes decrypts one attachment whole, for an extract.
func (s *Session) attachmentBytes(a record.Attachment) ([]byte, error) {
	rc, err := s.v.OpenAttachment(a.ID)
	if err != nil {
		return nil, fmt.Errorf("attachment %s: %w", a.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxShareFiles+1))
	if err != nil {
		return b, fmt.Errorf("attachment %s: %w", a.Name, err)
	}
	if len(b) > maxShareFiles {
		return b, errs.New(errs.Usage, "attachment %s is too large to share", a.Name)
	}
	return b, nil
}
