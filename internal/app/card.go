package app

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/summary"
)

// CardRequest is the emergency card the person chose to print.
type CardRequest struct {
	// IncludeSensitive puts sensitive entries on the card; ExcludeSensitive
	// leaves them out; neither refuses a card that would hold one (exit 4).
	IncludeSensitive, ExcludeSensitive bool
	Format                             string
	// Layout is summary.LayoutWallet (the default) or summary.LayoutPage;
	// the text form is the same for both.
	Layout string
	// QR adds a QR code of the card's text to the HTML and PDF forms.
	QR bool
	// Paper is the PDF's paper (summary.PaperA4 or summary.PaperLetter);
	// "" takes Config.Paper.
	Paper string
	// Out is the file to write, or Stdout; Force replaces an existing file.
	Out   string
	Force bool
}

// CardResult is what was written, and the card's text (for the QR code the
// caller may draw on a terminal).
type CardResult struct {
	PrintResult
	Layout string `json:"layout"`
	Text   string `json:"-"`
}

// Card makes an emergency card: the profile, allergies, medicines taken now,
// important conditions, implants and emergency contacts (summary.CardEntries)
// through the same sensitive gate as an export, written to req.Out (mode
// 0600, never inside the vault folder) or returned for Stdout, with an audit
// row holding its SHA-256.
func (s *Session) Card(ctx context.Context, req CardRequest) (*CardResult, error) {
	format, err := printFormat(req.Format)
	if err != nil {
		return nil, err
	}
	layout := strings.ToLower(strings.TrimSpace(req.Layout))
	switch layout {
	case "":
		layout = summary.LayoutWallet
	case summary.LayoutWallet, summary.LayoutPage:
	default:
		return nil, errs.New(errs.Usage, "unknown layout %q: use wallet or page", req.Layout)
	}
	paper, err := s.paper(req.Paper)
	if err != nil {
		return nil, err
	}
	out, err := s.outPath(req.Out, req.Force, "card")
	if err != nil {
		return nil, err
	}
	st, err := s.db()
	if err != nil {
		return nil, err
	}
	// Only what a card can show is read: its categories, and entries
	// tagged implant of any category.
	all, err := st.List(ctx, store.Filter{Categories: []record.Category{record.Allergy, record.Medication,
		record.Condition, record.Contact}, Oldest: true})
	if err != nil {
		return nil, err
	}
	implants, err := st.List(ctx, store.Filter{Tag: summary.TagImplant, Oldest: true})
	if err != nil {
		return nil, err
	}
	for _, e := range implants {
		if !slices.ContainsFunc(all, func(a record.Entry) bool { return a.ID == e.ID }) {
			all = append(all, e)
		}
	}
	kept, flagged, excluded, err := s.gate(summary.CardEntries(all, s.cfg.now()), req.IncludeSensitive, req.ExcludeSensitive)
	if err != nil {
		return &CardResult{PrintResult: PrintResult{Flagged: flagged}}, err
	}
	profile, err := s.Profile(ctx)
	if err != nil {
		return nil, err
	}
	kinds := share.FlaggedKinds(flagged)
	card := summary.BuildCard(profile, kept, s.cfg.now(), kinds)
	card.QR = req.QR
	text := summary.CardText(card)
	var buf bytes.Buffer
	switch format {
	case FormatText:
		buf.WriteString(text + "\n")
	case FormatHTML:
		err = summary.CardHTML(&buf, card, layout)
	case FormatPDF:
		err = summary.CardPDF(&buf, card, layout, paper)
	}
	if err != nil {
		return nil, errs.New(printoutErrKind(format), "make the card: %w", err)
	}
	if excluded == nil {
		excluded = []share.Flagged{}
	}
	res := &CardResult{PrintResult: PrintResult{Format: format, Paper: pdfPaper(format, paper), Entries: len(kept), Excluded: excluded,
		SensitiveIncluded: kinds, Flagged: flagged}, Layout: layout, Text: text}
	if res.SensitiveIncluded == nil {
		res.SensitiveIncluded = []record.Kind{}
	}
	return res, s.writePrintout(ctx, audit.Card, out, buf.Bytes(), &res.PrintResult, countCategories(kept))
}
