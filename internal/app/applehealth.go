package app

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/applehealth"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/importer"
	"github.com/phrhealth/phr/internal/record"
)

// ImportOptions are the choices of one import.
type ImportOptions struct {
	// DryRun says what would be imported and changes nothing.
	DryRun bool
	// Sources names the devices or apps to keep, in order of preference,
	// when two measured the same summed reading of an Apple Health export
	// (steps, distance, energy, sleep). Empty: each day keeps the source
	// that counted most that day.
	Sources []string
	// Progress, when set, is called while an Apple Health export is read
	// with the bytes of export.xml read and their total (0 when unknown).
	Progress func(done, total int64)
	// Stdin is what the path "-" reads (a file piped to phr import -),
	// told by its first bytes like any file.
	Stdin io.Reader
}

// SourceChoice says which source an Apple Health import kept for a summed
// reading that two or more sources measured.
type SourceChoice = applehealth.SourceChoice

// AppleHealthReport says what an Apple Health export held.
type AppleHealthReport struct {
	ExportDate string `json:"export_date"`
	// Samples counts the samples read; Readings the day summaries made
	// of them (one a type, source and day) before sources were chosen.
	Samples  int64 `json:"samples"`
	Readings int   `json:"readings"`
	Workouts int   `json:"workouts"`
	// Sources lists every device and app that wrote samples.
	Sources []string `json:"sources"`
	// Choices says, for each summed reading two sources measured, which
	// was kept, so the day is not counted twice.
	Choices []SourceChoice `json:"source_choices"`
	// ClinicalRecords counts the files of clinical-records/ imported.
	ClinicalRecords int `json:"clinical_records"`
}

// IsAppleHealthExport reports whether path is an Apple Health export
// (export.zip, its folder or export.xml), told by content.
func IsAppleHealthExport(path string) bool { return applehealth.Detect(path) }

// appleRead is an Apple Health export read: the file it was, and what
// was read.
type appleRead struct {
	path string
	size int64
	mod  time.Time
	res  *applehealth.Result
	sum  string
}

// splitApple separates Apple Health exports (told by content: see
// applehealth.Detect) from the other paths.
func splitApple(paths []string) (others, apple []string) {
	for _, p := range paths {
		if p != "-" && applehealth.Detect(p) {
			apple = append(apple, p)
		} else {
			others = append(others, p)
		}
	}
	return others, apple
}

// parseStdin reads the file piped to phr import - (ImportOptions.Stdin).
func (s *Session) parseStdin(ctx context.Context, opt ImportOptions, now time.Time) ([]parsedFile, error) {
	if opt.Stdin == nil {
		return nil, errs.New(errs.Usage, "import -: nothing to read: pipe a file to it, for example phr import - < export.xml")
	}
	return s.parseStream(ctx, opt.Stdin, "stdin", true, opt, now)
}

// hashReader hashes what is read through it.
type hashReader struct {
	r io.Reader
	h io.Writer
}

func (h hashReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	return n, err
}

// readApple reads an Apple Health export: export.xml summed up into a
// plan of entries, and each file of clinical-records/ through the FHIR
// importer, named after the export. Any error leaves nothing imported:
// the caller has not opened the record's transaction yet.
func (s *Session) readApple(ctx context.Context, p string, opt ImportOptions, now time.Time) ([]parsedFile, error) {
	ex, err := applehealth.Open(p)
	if err != nil {
		if errors.Is(err, applehealth.ErrNotExport) {
			return nil, errs.New(errs.Usage, "import %v; nothing was imported", err)
		}
		return nil, errs.New(errs.Usage, "import %v; nothing was imported", pathErr(err))
	}
	defer ex.Close()
	return s.readExport(ctx, p, ex, opt, now)
}

// readAppleStream reads an export.xml from a stream read once (stdin, a
// pipe), told by the head its caller peeked at with r: r goes on from
// the first byte, so the export is read once and never held.
func (s *Session) readAppleStream(ctx context.Context, r io.Reader, name string, opt ImportOptions, now time.Time) ([]parsedFile, error) {
	return s.readExport(ctx, "", applehealth.FromStream(r, name), opt, now)
}

// readExport reads an opened export: export.xml summed up into a plan,
// then its clinical records. p is the export's path, or "" for a stream.
func (s *Session) readExport(ctx context.Context, p string, ex *applehealth.Export, opt ImportOptions, now time.Time) ([]parsedFile, error) {
	res, sum, err := s.readXML(ctx, p, ex, opt)
	if err != nil {
		return nil, err
	}
	plan, choices := res.Plan(applehealth.Choice{Prefer: opt.Sources})
	if err := checkSources(opt.Sources, res.Sources()); err != nil {
		return nil, err
	}
	rep := newFileReport(ex.Name, "apple-health", sum)
	rep.NotUnderstood, rep.LeftOut = res.Unmapped, res.Skipped
	rep.AppleHealth = &AppleHealthReport{ExportDate: res.ExportDate, Samples: res.Records, Readings: res.Days(),
		Workouts: res.Workouts(), Sources: res.Sources(), Choices: choices}
	if rep.AppleHealth.Choices == nil {
		rep.AppleHealth.Choices = []SourceChoice{}
	}
	out := []parsedFile{{report: rep, res: &importer.Result{Profile: res.Profile}, plan: plan}}
	for _, c := range ex.Clinical {
		pf, err := readClinical(ex.Name, c, now)
		if err != nil {
			return nil, err
		}
		out = append(out, pf)
		out[0].report.AppleHealth.ClinicalRecords++
	}
	return out, nil
}

// readXML reads an export's export.xml, or returns what the last read of
// the same unchanged file found (never for a stream, p "").
func (s *Session) readXML(ctx context.Context, p string, ex *applehealth.Export, opt ImportOptions) (*applehealth.Result, string, error) {
	fi, statErr := os.Stat(p)
	if p == "" {
		statErr = os.ErrNotExist
	}
	s.appleMu.Lock()
	last := s.lastApple
	s.appleMu.Unlock()
	if statErr == nil && last != nil && last.path == p && last.size == fi.Size() && last.mod.Equal(fi.ModTime()) {
		if opt.Progress != nil {
			opt.Progress(ex.Size, ex.Size)
		}
		return last.res, last.sum, nil
	}
	rc, err := ex.OpenXML()
	if err != nil {
		return nil, "", errs.New(errs.Usage, "import %v; nothing was imported", err)
	}
	defer rc.Close()
	h := sha256.New()
	var ro applehealth.Options
	if opt.Progress != nil {
		ro.Progress = func(n int64) { opt.Progress(n, ex.Size) }
	}
	res, err := applehealth.Read(ctx, hashReader{rc, h}, ex.XMLName, ro)
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", errs.New(errs.Failed, "import %s: interrupted; nothing was imported", ex.Name)
		}
		return nil, "", errs.New(errs.Usage, "import %v; nothing was imported", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if statErr == nil {
		s.appleMu.Lock()
		s.lastApple = &appleRead{path: p, size: fi.Size(), mod: fi.ModTime(), res: res, sum: sum}
		s.appleMu.Unlock()
	}
	return res, sum, nil
}

// checkSources refuses a source the export does not name, listing those
// it does.
func checkSources(want, have []string) error {
	for _, w := range want {
		found := false
		for _, h := range have {
			if strings.EqualFold(strings.TrimSpace(w), h) {
				found = true
			}
		}
		if !found {
			return errs.New(errs.Usage, "--source %q: the export has no such source; it has %s", w, strings.Join(quoteAll(have), ", "))
		}
	}
	return nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// readClinical reads one file of clinical-records/ (a FHIR resource that
// Health Records downloaded from a provider), noting on each entry where
// it came from.
func readClinical(export string, c applehealth.ClinicalFile, now time.Time) (parsedFile, error) {
	name := export + ": " + c.Name
	rc, err := c.Open()
	if err != nil {
		return parsedFile{}, errs.New(errs.Usage, "import %s: %v; nothing was imported", name, err)
	}
	defer rc.Close()
	h := sha256.New()
	lr := &io.LimitedReader{R: rc, N: record.MaxImportFile + 1}
	res, err := importer.Read(bufio.NewReader(hashReader{lr, h}), name, now)
	if err != nil {
		return parsedFile{}, errs.New(errs.Usage, "%v; nothing was imported", err)
	}
	if lr.N == 0 {
		return parsedFile{}, errs.New(errs.Usage, "import %s: the file is larger than phr's limit of %s for one file; nothing was imported", name, record.Size(record.MaxImportFile))
	}
	for i := range res.Items {
		e := &res.Items[i].Entry
		e.Notes = strings.TrimSpace(e.Notes + "\nFrom Apple Health Records (" + c.Name + " in " + export + ").")
		if err := e.CheckBounds(); err != nil {
			return parsedFile{}, errs.New(errs.Usage, "import %s: entry %d (%s): %v; nothing was imported", name, i+1, shortTitle(e.Title), err)
		}
	}
	rep := newFileReport(name, string(res.Format), hex.EncodeToString(h.Sum(nil)))
	if res.Unmapped != nil {
		rep.NotUnderstood = res.Unmapped
	}
	if res.Skipped != nil {
		rep.LeftOut = res.Skipped
	}
	if res.Tally != nil {
		rep.Accounted = res.Tally
	}
	rep.FHIRVersion = res.Version
	return parsedFile{report: rep, res: res}, nil
}

// newFileReport is an empty report for one file.
func newFileReport(name, format, sum string) FileReport {
	return FileReport{
		File: name, Format: format, SHA256: sum,
		Added: map[record.Category]int{}, Duplicates: map[record.Category]int{}, Updated: map[record.Category]int{},
		SameFact: map[record.Category]int{}, NotUnderstood: map[string]int{}, LeftOut: map[string]int{},
		Accounted: map[string]*importer.Tally{}, Sensitive: map[record.Kind]int{},
		ProfileFilled: []string{}, ProfileKept: []string{},
	}
}
