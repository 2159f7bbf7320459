package app

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/applehealth"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/importer"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
	"github.com/phrhealth/phr/internal/store"
)

// FileReport says what an import did with one file.
type FileReport struct {
	File   string `json:"file"`
	Format string `json:"format"`
	// FHIRVersion is "STU3" when the file was read as FHIR STU3 (like R4
	// where the two agree); empty for R4 and other formats.
	FHIRVersion string `json:"fhir_version,omitempty"`
	SHA256      string `json:"sha256"`
	// Added, Duplicates count entries by category. A duplicate is the same
	// resource from the same source with the same content; Updated counts
	// entries a changed version of the same resource brought up to date.
	Added      map[record.Category]int `json:"added"`
	Duplicates map[record.Category]int `json:"duplicates"`
	Updated    map[record.Category]int `json:"updated"`
	// SameFact counts entries that record a fact the record already holds
	// from another source (the same category, standard code, day and
	// value: a C-CDA and its FHIR conversion): kept once, the other
	// source noted on the entry kept.
	SameFact map[record.Category]int `json:"same_fact"`
	// NotUnderstood counts resources (or sections) phr does not map.
	NotUnderstood map[string]int `json:"not_understood"`
	// LeftOut counts what the file held and phr left out on purpose, as
	// "KIND: reason" (entered in error, placeholders, billing records).
	LeftOut map[string]int `json:"left_out"`
	// Accounted says, by resource type (FHIR) or section (C-CDA), what
	// became of everything the file held: imported, merged, left out or
	// not understood.
	Accounted map[string]*importer.Tally `json:"accounted"`
	// Sensitive counts the added entries marked sensitive, by kind.
	Sensitive      map[record.Kind]int `json:"sensitive"`
	SensitiveTotal int                 `json:"sensitive_total"`
	// ProfileFilled lists profile fields taken from the file; ProfileKept
	// those the file had but the profile already held.
	ProfileFilled []string `json:"profile_filled"`
	ProfileKept   []string `json:"profile_kept"`
	// AppleHealth says what an Apple Health export held and which
	// sources were kept; nil for other formats.
	AppleHealth *AppleHealthReport `json:"apple_health,omitempty"`
}

// ImportReport is the result of one import command.
type ImportReport struct {
	DryRun bool         `json:"dry_run"`
	Files  []FileReport `json:"files"`
}

type parsedFile struct {
	report FileReport
	res    *importer.Result
	// plan, for an Apple Health export, makes its entries one at a time
	// (res is then empty).
	plan *applehealth.Plan
}

// each calls fn with every item of the file.
func (f *parsedFile) each(fn func(importer.Item) error) error {
	if f.plan != nil {
		n := 0
		return f.plan.Entries(func(e record.Entry) error {
			n++
			if err := e.CheckBounds(); err != nil {
				return errs.New(errs.Usage, "import %s: entry %d (%s): %v; nothing was imported", f.report.File, n, shortTitle(e.Title), err)
			}
			return fn(importer.Item{Entry: e})
		})
	}
	for _, it := range f.res.Items {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

// Import reads every file first; if any of them cannot be read or parsed,
// nothing at all is imported. Then it adds the entries of all files in one
// transaction, skipping those already imported (same source and source id),
// fills empty profile fields, audits and saves. With dryRun it reports what
// would happen and writes nothing.
func (s *Session) Import(ctx context.Context, paths []string, dryRun bool) (*ImportReport, error) {
	return s.ImportWith(ctx, paths, ImportOptions{DryRun: dryRun})
}

// ImportWith is Import with the choices of ImportOptions. An Apple
// Health export (export.zip, its folder, or export.xml) is read as a
// stream, its samples summed up a day at a time (see applehealth), and
// its clinical-records/ read like any FHIR file.
func (s *Session) ImportWith(ctx context.Context, paths []string, opt ImportOptions) (*ImportReport, error) {
	dryRun := opt.DryRun
	if len(paths) == 0 {
		return nil, errs.New(errs.Usage, "say which files to import: phr import FILE...")
	}
	now := s.cfg.now()
	var files []parsedFile
	if n := countOf(paths, "-"); n > 1 {
		return nil, errs.New(errs.Usage, "import: - (stdin) is named %d times: stdin can be read once", n)
	}
	paths, apple := splitApple(paths)
	paths, err := expandFolders(paths)
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		var pfs []parsedFile
		var err error
		if p == "-" {
			pfs, err = s.parseStdin(ctx, opt, now)
		} else {
			pfs, err = s.parseFile(ctx, p, opt, now)
		}
		if err != nil {
			return nil, err
		}
		files = append(files, pfs...)
	}
	for _, p := range apple {
		pfs, err := s.readApple(ctx, p, opt, now)
		if err != nil {
			return nil, err
		}
		files = append(files, pfs...)
	}
	// A resource in one file may name one held in another (bulk exports
	// put each resource type in its own file).
	var results []*importer.Result
	for _, f := range files {
		results = append(results, f.res)
	}
	importer.Link(results...)
	rep := &ImportReport{DryRun: dryRun}
	var written []string
	apply := func(tx *store.Store) error {
		profile, err := tx.Profile(ctx)
		if err != nil {
			return err
		}
		// What this command added, by source and source id: the content's
		// fingerprint (importer.ContentKey), not the original itself, which
		// an Apple Health export's tens of thousands of readings would
		// hold in memory twice.
		seen := map[[2]string][32]byte{}
		sameContent := map[string]bool{} // FHIR resources' content hashes, this command
		facts, err := loadFacts(ctx, tx)
		if err != nil {
			return err
		}
		for i := range files {
			f := &files[i]
			if f.res.Profile != nil {
				fillProfile(&profile, *f.res.Profile, &f.report)
			}
			err := f.each(func(it importer.Item) error {
				e := it.Entry
				key := [2]string{e.Source, e.SourceID}
				m, err := matchEntry(ctx, tx, seen, it)
				if err != nil {
					return err
				}
				// The same resource in two files of this command (a bundle
				// and the NDJSON of the same export) under other ids.
				var content string
				if e.Source == "fhir" {
					content = importer.ContentHash([]byte(e.Original))
					if !m.same && sameContent[content] {
						m.same = true
					}
				}
				if m.same {
					f.report.Duplicates[e.Category]++
					return nil
				}
				seen[key] = m.key
				if content != "" {
					sameContent[content] = true
				}
				// Where the fact came from; an Apple Health summary of a
				// day's samples keeps none (hundreds of thousands of them
				// would weigh on every save, and they name one source).
				origin := f.origin(&e, now)
				if f.plan == nil {
					e.AddSource(origin)
				}
				if err := NormalizeEntry(&e); err != nil {
					return fmt.Errorf("import %s: entry %q: %w", f.report.File, e.Title, err)
				}
				if m.prior != nil || m.pending {
					// The same resource from the same source, changed: update it.
					if !dryRun && m.prior != nil {
						if err := s.updateImported(ctx, tx, m.prior, &e, it.Attachments, now, &written); err != nil {
							return fmt.Errorf("import %s: %w", f.report.File, err)
						}
					}
					f.report.Updated[e.Category]++
					return nil
				}
				if ref, ok := facts.match(&e, i); ok {
					// The same fact from another source: keep one entry,
					// noting the other source on it.
					if !dryRun && ref.id != "" {
						if err := noteOtherSource(ctx, tx, ref.id, f.report, origin, now); err != nil {
							return fmt.Errorf("import %s: %w", f.report.File, err)
						}
					}
					f.report.SameFact[e.Category]++
					return nil
				}
				if !dryRun {
					for _, b := range it.Attachments {
						id, size, sum, err := s.v.PutAttachment(bytes.NewReader(b.Data))
						if err != nil {
							return fmt.Errorf("import %s: attachment: %w", f.report.File, err)
						}
						written = append(written, id)
						e.Attachments = append(e.Attachments, record.Attachment{ID: id, Name: b.Name, Type: b.Type, Size: size, SHA256: sum})
					}
					// Every importer's entries carry the kinds the gate
					// sees, so every display can show the stored ones.
					e.Sensitive = sensitive.Effective(&e)
					if err := tx.AddEntry(ctx, &e, now); err != nil {
						return fmt.Errorf("import %s: %w", f.report.File, err)
					}
				}
				facts.add(&e, i)
				f.report.Added[e.Category]++
				if len(e.Sensitive) > 0 {
					f.report.SensitiveTotal++
					for _, k := range e.Sensitive {
						f.report.Sensitive[k]++
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			rep.Files = append(rep.Files, f.report)
		}
		if dryRun {
			return nil
		}
		return tx.SetProfile(ctx, profile)
	}
	// Room for an Apple Health export's readings, before a dry run too: its
	// transaction grows the record as much (the interface runs one first,
	// to ask which sources to keep).
	if err := s.reserve(ctx, files); err != nil {
		return nil, err
	}
	if dryRun {
		// Run against the record without keeping anything: a transaction that
		// is always rolled back.
		errDry := errors.New("dry run")
		err := s.st.Tx(ctx, func(tx *store.Store) error {
			if err := apply(tx); err != nil {
				return err
			}
			return errDry
		})
		if err != nil && !errors.Is(err, errDry) {
			return nil, err
		}
		return rep, nil
	}
	var details []map[string]any
	err = s.commit(ctx, audit.Import, &details, func(tx *store.Store) error {
		if err := apply(tx); err != nil {
			return err
		}
		for _, f := range rep.Files {
			details = append(details, map[string]any{"file": f.File, "format": f.Format, "sha256": f.SHA256,
				"added": f.Added, "duplicates": f.Duplicates, "updated": f.Updated})
		}
		return nil
	})
	if err != nil {
		if !s.unsaved {
			for _, id := range written {
				_ = s.v.RemoveAttachment(id)
			}
			if errs.KindOf(err) == errs.Failed {
				return nil, fmt.Errorf("%w; nothing was imported", err)
			}
		}
		return nil, err
	}
	return rep, nil
}

// parseFile reads one file (hashing it as it goes) and parses it. A file
// that is missing or of an unknown kind is a usage error; one that cannot be
// parsed is a failure naming the place. A file that is not a regular file
// (a pipe, /dev/stdin) is told by its first bytes only, as it can be read
// once: an Apple Health export.xml among them is read as a stream.
func (s *Session) parseFile(ctx context.Context, path string, opt ImportOptions, now time.Time) ([]parsedFile, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, errs.New(errs.Usage, "import %s: %w", name, pathErr(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		return nil, errs.New(errs.Usage, "import %s: it is a folder: name the files inside it", name)
	}
	if err == nil && fi.Mode().IsRegular() && fi.Size() > record.MaxImportFile {
		return nil, errs.New(errs.Usage, "import %s: the file is larger than phr's limit of %s for one file; nothing was imported", name, record.Size(record.MaxImportFile))
	}
	return s.parseStream(ctx, f, name, err != nil || !fi.Mode().IsRegular(), opt, now)
}

// parseStream reads one file from r, told by its first bytes. stream
// says r can be read only once (stdin, a pipe): an Apple Health
// export.xml is then read from it as it comes, and a zip (which is read
// from its end) is refused with how to import it.
func (s *Session) parseStream(ctx context.Context, r io.Reader, name string, stream bool, opt ImportOptions, now time.Time) ([]parsedFile, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(importer.HeadSize)
	if stream && applehealth.LooksLikeExport(head) {
		return s.readAppleStream(ctx, br, name, opt, now)
	}
	if stream && applehealth.IsZip(head) {
		return nil, errs.New(errs.Usage, "import %s: a zip file (an Apple Health export.zip?) cannot be read from a pipe: save it to a file and import that; nothing was imported", name)
	}
	pf, err := parseHead(br, head, name, now)
	if err != nil {
		return nil, err
	}
	return []parsedFile{pf}, nil
}

// parseHead parses a file of the importer's formats from br, whose first
// bytes (head) it has peeked at.
func parseHead(br *bufio.Reader, head []byte, name string, now time.Time) (parsedFile, error) {
	tooLarge := func() error {
		return errs.New(errs.Usage, "import %s: the file is larger than phr's limit of %s for one file; nothing was imported", name, record.Size(record.MaxImportFile))
	}
	format, err := importer.Detect(head)
	if err != nil {
		return parsedFile{}, errs.New(errs.Usage, "import %s: %v; nothing was imported", name, err)
	}
	h := sha256.New()
	lr := &io.LimitedReader{R: br, N: record.MaxImportFile + 1}
	body := io.TeeReader(lr, h)
	res, err := importer.Read(body, name, now)
	if errors.Is(err, importer.ErrUnknownFormat) {
		return parsedFile{}, errs.New(errs.Usage, "%v; nothing was imported", err)
	}
	if err != nil {
		return parsedFile{}, errs.New(errs.Failed, "%v; nothing was imported", err)
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return parsedFile{}, errs.New(errs.Failed, "import %s: %v; nothing was imported", name, err)
	}
	if lr.N == 0 {
		return parsedFile{}, tooLarge()
	}
	for i, it := range res.Items {
		if err := it.Entry.CheckBounds(); err != nil {
			return parsedFile{}, errs.New(errs.Usage, "import %s: entry %d (%s): %v; nothing was imported", name, i+1, shortTitle(it.Entry.Title), err)
		}
		for _, b := range it.Attachments {
			if len(b.Data) > record.MaxAttachment {
				return parsedFile{}, errs.New(errs.Usage, "import %s: entry %d (%s): an attached file is %s, beyond phr's limit of %s for one attachment; nothing was imported",
					name, i+1, shortTitle(it.Entry.Title), record.Size(int64(len(b.Data))), record.Size(record.MaxAttachment))
			}
		}
	}
	rep := FileReport{
		File: name, Format: string(format), SHA256: hex.EncodeToString(h.Sum(nil)),
		Added: map[record.Category]int{}, Duplicates: map[record.Category]int{}, Updated: map[record.Category]int{},
		SameFact:      map[record.Category]int{},
		NotUnderstood: res.Unmapped, Sensitive: map[record.Kind]int{},
		ProfileFilled: []string{}, ProfileKept: []string{},
	}
	if rep.NotUnderstood == nil {
		rep.NotUnderstood = map[string]int{}
	}
	rep.LeftOut, rep.Accounted, rep.FHIRVersion = res.Skipped, res.Tally, res.Version
	if rep.LeftOut == nil {
		rep.LeftOut = map[string]int{}
	}
	if rep.Accounted == nil {
		rep.Accounted = map[string]*importer.Tally{}
	}
	return parsedFile{report: rep, res: res}, nil
}

// fillProfile copies fields from an imported profile into empty fields only.
func fillProfile(p *record.Profile, from record.Profile, rep *FileReport) {
	for _, f := range []struct {
		name     string
		dst      *string
		incoming string
	}{
		{"name", &p.Name, from.Name}, {"born", &p.Born, from.Born},
		{"blood_type", &p.BloodType, from.BloodType}, {"emergency_contact", &p.EmergencyContact, from.EmergencyContact},
		{"languages", &p.Languages, from.Languages},
	} {
		if f.incoming == "" {
			continue
		}
		if *f.dst == "" {
			*f.dst = f.incoming
			rep.ProfileFilled = append(rep.ProfileFilled, f.name)
		} else if *f.dst != f.incoming {
			rep.ProfileKept = append(rep.ProfileKept, f.name)
		}
	}
}

// match is what the record already holds of an imported entry.
type match struct {
	key     [32]byte      // the entry's content fingerprint (importer.ContentKey)
	same    bool          // the same content: a duplicate
	prior   *record.Entry // a stored entry with the same identity and other content
	pending bool          // an entry of this command with the same identity and other content
}

// matchEntry finds an imported entry's earlier version: in this command
// (seen), or in the record under its source id or a former one. Only the
// same content is a duplicate; a former id (which was not unique across
// sources) matches only then.
func matchEntry(ctx context.Context, tx *store.Store, seen map[[2]string][32]byte, it importer.Item) (match, error) {
	e := it.Entry
	if e.SourceID == "" {
		return match{}, nil
	}
	m := match{key: importer.ContentKey(e.Original)}
	if k, ok := seen[[2]string{e.Source, e.SourceID}]; ok && k == m.key {
		m.same = true
		return m, nil
	}
	prior, ok, err := tx.EntryBySource(ctx, e.Source, e.SourceID)
	if err != nil {
		return match{}, err
	}
	if ok {
		if importer.SameContent(prior.Original, e.Original) {
			m.same = true
		} else {
			m.prior = &prior
		}
		return m, nil
	}
	if _, ok := seen[[2]string{e.Source, e.SourceID}]; ok {
		m.pending = true
		return m, nil
	}
	for _, id := range it.FormerSourceIDs {
		old, ok, err := tx.EntryBySource(ctx, e.Source, id)
		if err != nil {
			return match{}, err
		}
		if ok && importer.SameContent(old.Original, e.Original) {
			m.same = true
			return m, nil
		}
	}
	return m, nil
}

// updateImported brings a stored entry up to the changed version of its
// resource. The person's own choices stay: tags, reviewed sensitive kinds
// and attachments; attachments the new version brings are added.
func (s *Session) updateImported(ctx context.Context, tx *store.Store, prior, e *record.Entry, blobs []importer.Blob, now time.Time, written *[]string) error {
	e.ID, e.Created = prior.ID, prior.Created
	// The sources stay, this import's in place of the same source's.
	incoming := e.Sources
	e.Sources = append([]record.SourceRef(nil), prior.Sources...)
	for _, r := range incoming {
		e.AddSource(r)
	}
	e.Tags = record.NormalizeTags(append(append([]string{}, prior.Tags...), e.Tags...))
	if prior.SensitiveReviewed {
		e.Sensitive, e.SensitiveReviewed = prior.Sensitive, true
	} else {
		e.Sensitive = record.NormalizeKinds(append(append([]record.Kind{}, prior.Sensitive...), e.Sensitive...))
		e.Sensitive = sensitive.Effective(e)
	}
	if err := tx.UpdateEntry(ctx, e, now); err != nil {
		return err
	}
	have := map[string]bool{}
	for _, a := range prior.Attachments {
		have[a.SHA256] = true
	}
	for _, b := range blobs {
		sum := sha256.Sum256(b.Data)
		if have[hex.EncodeToString(sum[:])] {
			continue
		}
		id, size, sumHex, err := s.v.PutAttachment(bytes.NewReader(b.Data))
		if err != nil {
			return fmt.Errorf("attachment: %w", err)
		}
		*written = append(*written, id)
		if err := tx.AddAttachment(ctx, e.ID, record.Attachment{ID: id, Name: b.Name, Type: b.Type, Size: size, SHA256: sumHex}, now); err != nil {
			return err
		}
	}
	return nil
}

// factRef is an entry that records a fact: its id (empty in a dry run)
// and the file of this command it came from (-1: already in the record).
type factRef struct {
	id     string
	file   int
	status string
}

// factIndex finds the entry that already records a fact (see
// importer.FactKeys).
type factIndex map[string]factRef

// loadFacts indexes the facts the record holds before the import.
func loadFacts(ctx context.Context, tx *store.Store) (factIndex, error) {
	all, err := tx.List(ctx, store.Filter{})
	if err != nil {
		return nil, err
	}
	fi := factIndex{}
	for i := range all {
		for _, k := range importer.FactKeys(&all[i]) {
			if _, ok := fi[k]; !ok {
				fi[k] = factRef{id: all[i].ID, file: -1, status: all[i].Status}
			}
		}
	}
	return fi, nil
}

// match returns the entry recording e's fact, unless it came from the
// same file (one source recording a fact twice, two readings of one day,
// keeps both) or its status says otherwise (a condition now resolved is
// news, not the same fact).
func (fi factIndex) match(e *record.Entry, file int) (factRef, bool) {
	for _, k := range importer.FactKeys(e) {
		if ref, ok := fi[k]; ok && ref.file != file && sameStatus(ref.status, e.Status) {
			return ref, true
		}
	}
	return factRef{}, false
}

// sameStatus reports statuses that say the same, in C-CDA's words or
// FHIR's ("completed" and "final"), or that one source left out.
func sameStatus(a, b string) bool {
	norm := func(s string) string {
		switch s = strings.ToLower(strings.TrimSpace(s)); s {
		case "final", "completed", "complete", "amended", "corrected", "finished":
			return "done"
		}
		return s
	}
	a, b = norm(a), norm(b)
	return a == "" || b == "" || a == b
}

func (fi factIndex) add(e *record.Entry, file int) {
	for _, k := range importer.FactKeys(e) {
		if _, ok := fi[k]; !ok {
			fi[k] = factRef{id: e.ID, file: file, status: e.Status}
		}
	}
}

// noteOtherSource records on the kept entry that another file holds the
// same fact: the other source among its Sources (with its own first, for
// an entry imported before phr kept them), and a line in its notes.
func noteOtherSource(ctx context.Context, tx *store.Store, id string, rep FileReport, origin record.SourceRef, now time.Time) error {
	prior, err := tx.Entry(ctx, id)
	if err != nil {
		return err
	}
	if len(prior.Sources) == 0 && prior.Source != "" && prior.Source != "manual" {
		// Its own source, from what the entry still says of it.
		prior.AddSource(record.SourceRef{Format: prior.Source, ID: prior.SourceID, Imported: prior.Created})
	}
	before := len(prior.Sources)
	prior.AddSource(origin)
	line := fmt.Sprintf("Also recorded in %s (%s).", rep.File, rep.Format)
	if strings.Contains(prior.Notes, line) && len(prior.Sources) == before {
		return nil
	}
	if !strings.Contains(prior.Notes, line) {
		prior.Notes = strings.TrimSpace(prior.Notes + "\n" + line)
	}
	return tx.UpdateEntry(ctx, &prior, now)
}

// origin is the source an entry of this file names: the file, its format
// and producer, the entry's id in it and the time of the import.
func (f *parsedFile) origin(e *record.Entry, now time.Time) record.SourceRef {
	r := record.SourceRef{File: f.report.File, Format: f.report.Format, ID: e.SourceID, Imported: now.UTC()}
	if f.res != nil {
		r.Producer = f.res.Producer
	}
	return r
}

// readingBytes is about what one Apple Health reading takes in the record
// (its row, indexes, full-text and chart rows): 37 MiB held 45,037 in the
// benchmark (docs/BENCH.md), about 860 bytes each; room for more costs
// address space only.
const readingBytes = 1536

// reserve makes room in memory, before an import of an Apple Health
// export's tens of thousands of readings, for the record to grow by them
// at once (store.Reserve): grown a step at a time it kept every smaller
// block it outgrew, about twice the record's size on top of it. It fails
// only when the record's memory could not be replaced; the record is then
// dropped from memory (the session locks), as it can no longer be trusted,
// and nothing was saved.
func (s *Session) reserve(ctx context.Context, files []parsedFile) error {
	n := 0
	for _, f := range files {
		if f.plan != nil {
			n += f.plan.Count()
		}
	}
	if n < 1000 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st == nil || !s.writable {
		return nil
	}
	if err := s.st.Reserve(ctx, n*readingBytes); err != nil {
		s.st.Close()
		s.st = nil
		return errs.New(errs.Failed, "import: %v; nothing was imported, and phr locked the record: open it again", err)
	}
	return nil
}

// countOf counts s in ss.
func countOf(ss []string, s string) int {
	n := 0
	for _, x := range ss {
		if x == s {
			n++
		}
	}
	return n
}

// expandFolders replaces a folder by the files directly inside it, in name
// order (a bulk export, or everything one service handed out): hidden
// files and sub-folders are left alone. A folder with no files is a usage
// error.
func expandFolders(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if p == "-" || err != nil || !fi.IsDir() {
			out = append(out, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, errs.New(errs.Usage, "import %s: %w", filepath.Base(p), pathErr(err))
		}
		n := 0
		for _, e := range ents {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
				continue
			}
			out = append(out, filepath.Join(p, e.Name()))
			n++
		}
		if n == 0 {
			return nil, errs.New(errs.Usage, "import %s: the folder holds no files to import", filepath.Base(p))
		}
	}
	return out, nil
}
