package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

// selectionFlags are export's selection flags, for the commands that choose
// entries the same way.
type selectionFlags struct {
	cats, items       []string
	since, until, tag string
	include, exclude  bool
}

func (f *selectionFlags) register(fs *pflag.FlagSet) {
	fs.StringSliceVar(&f.cats, "category", nil, "categories to include, `CATEGORY[,CATEGORY...]`")
	fs.StringSliceVar(&f.items, "item", nil, "single entries to include, `ID[,ID...]` (ids or unique prefixes)")
	fs.StringVar(&f.since, "since", "", "only entries on or after `DATE|AGO` (2024-03-01, or a time ago: 7d, 2w)")
	fs.StringVar(&f.until, "until", "", "only entries on or before `DATE|AGO` (2024-03-31, or a time ago: 7d, 2w)")
	fs.StringVar(&f.tag, "tag", "", "only entries with this `TAG`")
	fs.BoolVar(&f.include, "include-sensitive", false, "include entries about mental health, sexual health, HIV, substance use, genetics, violence or marked private")
	fs.BoolVar(&f.exclude, "exclude-sensitive", false, "leave every sensitive entry out")
}

func (f *selectionFlags) selection() (share.Selection, error) {
	sel := share.Selection{IDs: f.items, Since: f.since, Until: f.until, Tag: f.tag}
	for _, c := range f.cats {
		cat, err := record.ParseCategory(c)
		if err != nil {
			return sel, errs.Wrap(errs.Usage, err)
		}
		sel.Categories = append(sel.Categories, cat)
	}
	return sel, nil
}

// printFlagged lists the entries the sensitive gate held back, one line each
// on the person's own stderr, as export does.
func (r *runner) printFlagged(flagged []share.Flagged, what string) {
	for _, f := range flagged {
		r.stderrf("phr: sensitive: %s  %s  %s  (%s)\n", f.ID, dash(dateOnly(f.Date)), f.Title, flaggedText(f))
		for _, k := range f.Kinds {
			if why := f.Reasons[k]; why != "" {
				r.stderrf("phr:   %s: %s\n", k, why)
			}
		}
	}
	if len(flagged) > 0 {
		r.stderrf("phr: nothing written; add --include-sensitive to put them in the %s, or --exclude-sensitive to leave them out\n", what)
	}
}

// flaggedText says why the gate held an entry: its kinds, and the
// attachments phr could not read ("not checked: scan.pdf").
func flaggedText(f share.Flagged) string {
	parts := []string{}
	if len(f.Kinds) > 0 {
		parts = append(parts, kindsText(f.Kinds))
	}
	if len(f.NotChecked) > 0 {
		parts = append(parts, "not checked: "+strings.Join(f.NotChecked, ", "))
	}
	return strings.Join(parts, "; ")
}

// printLeftOut lists on stderr the sensitive entries --exclude-sensitive
// left out, one line each, as printFlagged does for those that stopped it.
func (r *runner) printLeftOut(left []share.Flagged) {
	for _, f := range left {
		r.stderrf("phr: left out: %s  %s  %s  (%s)\n", f.ID, dash(dateOnly(f.Date)), f.Title, flaggedText(f))
	}
	if n := len(left); n > 0 {
		r.stderrf("phr: left out %s\n", record.Count(n, "sensitive entry", "sensitive entries"))
	}
}

// printDone prints a printout to stdout, or says where it was written and
// that it is not encrypted.
func (r *runner) printDone(res *app.PrintResult, what string, asJSON bool) error {
	r.printLeftOut(res.Excluded)
	if res.Data != nil {
		if _, err := r.env.Stdout.Write(res.Data); err != nil {
			return errs.New(errs.Failed, "write the %s: %v", what, err)
		}
		r.stderrf("phr: the %s above is plaintext, not encrypted (sha256 %s)\n", what, res.SHA256)
		return nil
	}
	if asJSON {
		return printJSON(r.env.Stdout, res)
	}
	fmt.Fprintf(r.env.Stdout, "wrote %s: %s %s, %s\nsha256 %s\n", safe(res.File), res.Format, what, record.Count(res.Entries, "entry", "entries"), res.SHA256)
	r.stderrf("phr: %s is a plaintext file, not encrypted: anyone who gets it can read it; keep it as you would a paper letter, and delete it when done\n", res.File)
	return nil
}

// paperUsage is the --paper flag's help, for the summary and the card.
const paperUsage = "the PDF's `PAPER`: a4 or letter (default: from your locale, LC_PAPER or LANG; en_US is letter, most others a4)"

func (r *runner) summaryCommand() *cobra.Command {
	var sf selectionFlags
	var format, paper, out string
	var force, asJSON bool
	cmd := &cobra.Command{
		Use:     "summary [selection as for export] [--format text|html|pdf] [--paper a4|letter] --out FILE|-",
		Short:   "A printable summary for a visit (a plaintext file: written only where you say)",
		GroupID: "print",
		Long: "Without --category or --item the summary holds your details, allergies, the medicines you take now,\n" +
			"current conditions, vaccinations, the last year of results and measurements, and coming appointments.\n" +
			"Sensitive entries stop it (exit 4, listed) unless you add --include-sensitive or --exclude-sensitive.\n" +
			"The file is not encrypted; --out - prints it instead.",
		Example: "  phr summary --format html --out visit.html\n" +
			"  phr summary --category result --since 2025-01-01 --out results.txt\n" +
			"  phr summary --exclude-sensitive --out -",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sel, err := sf.selection()
			if err != nil {
				return err
			}
			if out == "" {
				return errs.New(errs.Usage, "say where to write the summary: --out FILE (or --out - for standard output); it is not encrypted")
			}
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			res, err := s.Summary(cmd.Context(), app.SummaryRequest{Selection: sel, IncludeSensitive: sf.include,
				ExcludeSensitive: sf.exclude, Format: format, Paper: paper, Out: out, Force: force})
			if res != nil && err != nil {
				r.printFlagged(res.Flagged, "summary")
			}
			if err != nil {
				return err
			}
			return r.printDone(res, "summary", asJSON)
		},
	}
	f := cmd.Flags()
	sf.register(f)
	f.StringVar(&format, "format", "text", "output `FORMAT`: text, html or pdf")
	f.StringVar(&paper, "paper", "", paperUsage)
	f.StringVar(&out, "out", "", "the `FILE` to write, or - for standard output")
	f.BoolVar(&force, "force", false, "replace the file if it exists")
	f.BoolVar(&asJSON, "json", false, "print {file, format, paper, sha256, entries, excluded_sensitive, sensitive_included}")
	return cmd
}
