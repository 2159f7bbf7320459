package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/summary"
)

// Printout formats.
const (
	FormatText = "text"
	FormatHTML = "html"
	FormatPDF  = "pdf"
)

// Stdout is the --out value that means "write to standard output".
const Stdout = "-"

// SummaryRequest is what the person chose to print.
type SummaryRequest struct {
	// Selection as for an export; empty means the default selection
	// (summary.DefaultCategories, narrowed by summary.Default).
	Selection share.Selection
	// IncludeSensitive prints sensitive entries; ExcludeSensitive leaves
	// them out; neither refuses a selection that touches one (exit 4).
	IncludeSensitive, ExcludeSensitive bool
	Format                             string
	// Paper is the PDF's paper (summary.PaperA4 or summary.PaperLetter);
	// "" takes Config.Paper.
	Paper string
	// Out is the file to write, or Stdout; a summary is never written
	// without one. Force replaces an existing file.
	Out   string
	Force bool
}

// PrintResult says what was written.
type PrintResult struct {
	File   string `json:"file"`
	Format string `json:"format"`
	// Paper is the PDF's paper size (a4 or letter); empty for text and HTML.
	Paper   string `json:"paper,omitempty"`
	SHA256  string `json:"sha256"`
	Entries int    `json:"entries"`
	// Excluded lists the sensitive entries left out by --exclude-sensitive.
	Excluded          []share.Flagged `json:"excluded_sensitive"`
	SensitiveIncluded []record.Kind   `json:"sensitive_included"`
	// Data holds the bytes when Out is Stdout, for the caller to print.
	Data    []byte          `json:"-"`
	Flagged []share.Flagged `json:"-"`
}

// GatedEntries applies a selection and the sensitive gate, exactly as an
// export does (share.Select, then share.Gate), and with exclude leaves the
// gate's flagged entries out instead of refusing. def chooses the visit
// summary's default selection when sel names nothing. When the gate refuses,
// flagged lists the sensitive entries and err is an errs.Policy error.
func (s *Session) GatedEntries(ctx context.Context, sel share.Selection, def, include, exclude bool) (kept []record.Entry, flagged, excluded []share.Flagged, err error) {
	if include && exclude {
		return nil, nil, nil, errs.New(errs.Usage, "choose one: --include-sensitive or --exclude-sensitive")
	}
	st, err := s.db()
	if err != nil {
		return nil, nil, nil, err
	}
	def = def && len(sel.Categories) == 0 && len(sel.IDs) == 0
	var all []record.Entry
	if def {
		all, err = s.summaryCandidates(ctx, st)
	} else {
		all, err = st.List(ctx, store.Filter{Oldest: true})
	}
	if err != nil {
		return nil, nil, nil, err
	}
	sel.Now = s.cfg.now()
	var chosen []record.Entry
	if def {
		sel.Categories = summary.DefaultCategories
		// A record with nothing in these categories still gets a summary
		// of the person's details; Select refuses an empty match.
		if slices.ContainsFunc(all, func(e record.Entry) bool { return slices.Contains(sel.Categories, e.Category) }) {
			chosen, err = share.Select(all, sel)
		}
		chosen = summary.Default(chosen, s.cfg.now())
	} else {
		chosen, err = share.Select(all, sel)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return s.gate(chosen, include, exclude)
}

// summaryCandidates reads only what the default summary can hold: its
// categories, and of results and measurements only the last year (two days
// more, for dates written in other time zones; summary.Default then keeps
// exactly the year). A lifetime record's 100,000 readings are not read.
func (s *Session) summaryCandidates(ctx context.Context, st *store.Store) ([]record.Entry, error) {
	var whole, recent []record.Category
	for _, c := range summary.DefaultCategories {
		if c == record.Result || c == record.Measurement {
			recent = append(recent, c)
		} else {
			whole = append(whole, c)
		}
	}
	all, err := st.List(ctx, store.Filter{Categories: whole, Oldest: true})
	if err != nil {
		return nil, err
	}
	since := s.cfg.now().AddDate(-1, 0, -2).UTC().Format("2006-01-02")
	readings, err := st.List(ctx, store.Filter{Categories: recent, Since: since, Oldest: true})
	if err != nil {
		return nil, err
	}
	return append(all, readings...), nil
}

// gate is share.Gate with --exclude-sensitive: with exclude the flagged
// entries are left out instead of refused, and returned in excluded. The
// chosen entries' attachments are read for it (checkFiles).
func (s *Session) gate(chosen []record.Entry, include, exclude bool) (kept []record.Entry, flagged, excluded []share.Flagged, err error) {
	if include && exclude {
		return nil, nil, nil, errs.New(errs.Usage, "choose one: --include-sensitive or --exclude-sensitive")
	}
	kept, flagged, err = share.GateFiles(chosen, include || exclude, s.checkFiles(chosen))
	if err != nil {
		return nil, flagged, nil, err
	}
	if exclude && len(flagged) > 0 {
		kept, excluded, flagged = share.Without(kept, flagged), flagged, nil
	}
	return kept, flagged, excluded, nil
}

// Summary makes a printable summary for a visit and writes it to req.Out (a
// plaintext file, mode 0600, never inside the vault folder) or returns it in
// Data for Stdout, with an audit row holding its SHA-256. Nothing is written
// when the gate or any check refuses.
func (s *Session) Summary(ctx context.Context, req SummaryRequest) (*PrintResult, error) {
	format, err := printFormat(req.Format)
	if err != nil {
		return nil, err
	}
	paper, err := s.paper(req.Paper)
	if err != nil {
		return nil, err
	}
	out, err := s.outPath(req.Out, req.Force, "summary")
	if err != nil {
		return nil, err
	}
	kept, flagged, excluded, err := s.GatedEntries(ctx, req.Selection, true, req.IncludeSensitive, req.ExcludeSensitive)
	if err != nil {
		return &PrintResult{Flagged: flagged}, err
	}
	profile, err := s.Profile(ctx)
	if err != nil {
		return nil, err
	}
	def := len(req.Selection.Categories) == 0 && len(req.Selection.IDs) == 0
	kinds := share.FlaggedKinds(flagged)
	doc := summary.Build(summary.Params{Profile: profile, Entries: kept, Made: s.cfg.now(), Default: def, Sensitive: kinds,
		From: madeFrom(def, req.Selection)})
	var buf bytes.Buffer
	switch format {
	case FormatText:
		err = summary.Text(&buf, doc)
	case FormatHTML:
		err = summary.HTML(&buf, doc)
	case FormatPDF:
		err = summary.PDF(&buf, doc, paper)
	}
	if err != nil {
		return nil, errs.New(printoutErrKind(format), "make the summary: %w", err)
	}
	if excluded == nil {
		excluded = []share.Flagged{}
	}
	res := &PrintResult{Format: format, Paper: pdfPaper(format, paper), Entries: len(kept), Excluded: excluded,
		SensitiveIncluded: kinds, Flagged: flagged}
	if res.SensitiveIncluded == nil {
		res.SensitiveIncluded = []record.Kind{}
	}
	return res, s.writePrintout(ctx, audit.Summary, out, buf.Bytes(), res, countCategories(kept))
}

// printoutErrKind is the kind of a layout error: the PDF refuses text its
// font cannot show, which the person can fix by choosing HTML.
func printoutErrKind(format string) errs.Kind {
	if format == FormatPDF {
		return errs.Usage
	}
	return errs.Failed
}

// madeFrom says what a summary was made from.
func madeFrom(def bool, sel share.Selection) string {
	if def {
		return "phr from the person's own record (the usual visit summary)"
	}
	var parts []string
	for _, c := range sel.Categories {
		parts = append(parts, string(c))
	}
	if len(sel.IDs) > 0 {
		parts = append(parts, "chosen entries")
	}
	s := "phr from the person's own record (" + strings.Join(parts, ", ")
	if sel.Since != "" {
		s += ", since " + sel.Since
	}
	if sel.Until != "" {
		s += ", until " + sel.Until
	}
	if sel.Tag != "" {
		s += ", tagged " + sel.Tag
	}
	return s + ")"
}

func countCategories(es []record.Entry) map[record.Category]int {
	m := map[record.Category]int{}
	for _, e := range es {
		m[e.Category]++
	}
	return m
}

// printFormat checks a --format value; empty is text.
// paper is the PDF's paper: the one asked for, else the configured one,
// else A4.
func (s *Session) paper(asked string) (string, error) {
	def, err := summary.ParsePaper(s.cfg.Paper, summary.PaperA4)
	if err != nil {
		def = summary.PaperA4
	}
	p, err := summary.ParsePaper(asked, def)
	if err != nil {
		return "", errs.Wrap(errs.Usage, err)
	}
	return p, nil
}

// pdfPaper is the paper a printout's result names: only a PDF has one.
func pdfPaper(format, paper string) string {
	if format != FormatPDF {
		return ""
	}
	return paper
}

func printFormat(f string) (string, error) {
	switch f = strings.ToLower(strings.TrimSpace(f)); f {
	case "", FormatText:
		return FormatText, nil
	case FormatHTML, FormatPDF:
		return f, nil
	}
	return "", errs.New(errs.Usage, "unknown format %q: use text, html or pdf", f)
}

// outPath checks where a printout or archive goes: an explicit file or
// Stdout, else as outputFile checks it. It returns the absolute path, or
// Stdout.
func (s *Session) outPath(out string, force bool, what string) (string, error) {
	out = strings.TrimSpace(out)
	if out == "" {
		return "", errs.New(errs.Usage, "say where to write the %s: --out FILE (or --out - for standard output)", what)
	}
	if out == Stdout {
		return Stdout, nil
	}
	return outputFile(s.cfg, out, force)
}

// writePrintout records a printout in the audit log and writes it: to the
// file (removed again if the audit row cannot be saved), or into res.Data
// for Stdout.
func (s *Session) writePrintout(ctx context.Context, action, out string, data []byte, res *PrintResult, cats map[record.Category]int) error {
	sum := sha256.Sum256(data)
	res.SHA256 = hex.EncodeToString(sum[:])
	res.File = out
	detail := map[string]any{"format": res.Format, "entries": res.Entries, "categories": cats,
		"sensitive_included": res.SensitiveIncluded, "excluded_sensitive": len(res.Excluded), "sha256": res.SHA256, "file": out}
	if out == Stdout {
		res.File = "stdout"
		detail["file"] = "stdout"
		if err := s.commitQuiet(ctx, action, detail, nil); err != nil {
			return err
		}
		res.Data = data
		return nil
	}
	if err := writeFileAtomic(s.cfg.FS, "write summary", out, data); err != nil {
		return err
	}
	if err := s.commitQuiet(ctx, action, detail, nil); err != nil {
		// Without its audit row the printout must not stay behind.
		os.Remove(out)
		return err
	}
	return nil
}
