package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/summary"
)

func (r *runner) cardCommand() *cobra.Command {
	var include, exclude, force, asJSON, qr bool
	var format, layout, paper, out string
	cmd := &cobra.Command{
		Use:     "card [--format text|html|pdf] [--layout wallet|page] [--paper a4|letter] [--qr] --out FILE|-",
		Short:   "An emergency card for your wallet or phone (a plaintext file: written only where you say)",
		GroupID: "print",
		Long: "The card holds what a paramedic needs first: your name, date of birth and blood type, allergies,\n" +
			"the medicines you take now, conditions (those tagged \"important\", else every current one), entries\n" +
			"tagged \"implant\", your emergency contact and contacts tagged \"emergency\", and the languages you speak\n" +
			"(phr profile set --languages). Its text is at most 600 characters, for a wallet card or a phone's\n" +
			"lock-screen note. Sensitive entries stop it (exit 4, listed) unless you add --include-sensitive or\n" +
			"--exclude-sensitive. --qr adds a QR code of the text to the HTML and PDF forms, and draws it here\n" +
			"when the terminal is wide enough.",
		Example: "  phr card --exclude-sensitive --out -\n" +
			"  phr card --format pdf --qr --out card.pdf\n" +
			"  phr card --format html --layout page --out card.html",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errs.New(errs.Usage, "say where to write the card: --out FILE (or --out - for standard output); it is not encrypted")
			}
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			res, err := s.Card(cmd.Context(), app.CardRequest{IncludeSensitive: include, ExcludeSensitive: exclude,
				Format: format, Layout: layout, QR: qr, Paper: paper, Out: out, Force: force})
			if res != nil && err != nil {
				r.printFlagged(res.Flagged, "card")
			}
			if err != nil {
				return err
			}
			if asJSON && res.Data == nil {
				r.printLeftOut(res.Excluded)
				return printJSON(r.env.Stdout, res)
			}
			if err := r.printDone(&res.PrintResult, "card", false); err != nil {
				return err
			}
			if qr {
				r.drawCardQR(res.Text, res.Format)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&include, "include-sensitive", false, "put sensitive entries on the card (mental health, sexual health, HIV, substance use, genetics, violence, private)")
	f.BoolVar(&exclude, "exclude-sensitive", false, "leave every sensitive entry off the card")
	f.StringVar(&format, "format", "text", "output `FORMAT`: text, html or pdf")
	f.StringVar(&layout, "layout", summary.LayoutWallet, "`LAYOUT`: wallet (a card to cut out, front and back) or page (one page, large type)")
	f.BoolVar(&qr, "qr", false, "add a QR code holding the card's text, readable by a phone's camera")
	f.StringVar(&paper, "paper", "", paperUsage)
	f.StringVar(&out, "out", "", "the `FILE` to write, or - for standard output")
	f.BoolVar(&force, "force", false, "replace the file if it exists")
	f.BoolVar(&asJSON, "json", false, "print {file, format, paper, layout, sha256, entries, excluded_sensitive, sensitive_included}")
	return cmd
}

// drawCardQR draws the card's QR code on the terminal when it is one and is
// wide enough; otherwise, for the text form, it says where the code can be
// had instead.
func (r *runner) drawCardQR(text, format string) {
	art, cols, err := summary.QRText(text)
	if err != nil {
		r.stderrf("phr: could not draw the QR code: %v\n", err)
		return
	}
	width := 0
	if r.env.TerminalSize != nil {
		width, _ = r.env.TerminalSize()
	}
	if !r.env.StdoutIsTerminal || width < cols {
		if format != app.FormatText {
			return // the file holds it
		}
		r.stderrf("phr: the QR code needs a terminal %d columns wide; it is in the HTML and PDF forms (--format pdf --qr)\n", cols)
		return
	}
	fmt.Fprintf(r.env.Stdout, "\nThe card as a QR code, to read with a phone's camera:\n%s", art)
}
