package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// exportOptions are phr export's request (what to share, with whom, where)
// and how to answer.
type exportOptions struct {
	Request app.ExportRequest
	JSON    bool
}

func (r *runner) exportCommand() *cobra.Command {
	var sf selectionFlags
	var o exportOptions
	var passFile string
	req := &o.Request
	cmd := &cobra.Command{
		Use:   "export (--to NAME | --share-passphrase-file F) --out FILE [--force] [--with-attachments] [selection]",
		Short: "Share a chosen part of your record with a carer, signed, encrypted and time-limited",
		Long: "Share a chosen part of your record with a carer, signed, encrypted and time-limited.\n\n" +
			"The extract is encrypted to a carer's key (--to NAME) or to a passphrase of its own " +
			"(--share-passphrase-file FILE), which may not be the vault's. --passphrase-file, as on every " +
			"command, is the vault's passphrase and only unlocks the vault.\n\n" +
			"Sensitive entries stop an export (exit 4, listed) unless you add --include-sensitive to share " +
			"them or --exclude-sensitive to leave them out. --dry-run lists what would leave and writes nothing.",
		GroupID: "share",
		Example: "  phr export --to Sam --category allergy,medication --out sam.age\n" +
			"  phr export --to Sam --category result --since 2025-01-01 --expires 2w --armor --out results.txt\n" +
			"  phr export --to Sam --category measurement,result --since 7d --exclude-sensitive --out week.age --json\n" +
			"  phr export --share-passphrase-file share-pass.txt --item k3j2m9q4xd --out letter.age --dry-run",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if req.To == "" && passFile == "" && r.passphraseFile != "" {
				// export once read the extract's passphrase from
				// --passphrase-file: such a script must stop here rather
				// than unlock with that file or encrypt with the wrong secret.
				return errs.New(errs.Unlock, "--passphrase-file is the vault's passphrase on every command, export included; "+
					"give the extract's own passphrase with --share-passphrase-file FILE (or send to a carer with --to NAME)")
			}
			sel, err := sf.selection()
			if err != nil {
				return err
			}
			req.Selection, req.IncludeSensitive, req.ExcludeSensitive = sel, sf.include, sf.exclude
			if req.Out == "" && !req.DryRun {
				return errs.New(errs.Usage, "say where to write the extract: --out FILE")
			}
			if passFile != "" {
				p, err := app.ReadSecretFile(passFile)
				if err != nil {
					return err
				}
				defer clear(p)
				req.Passphrase = p
			}
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			return r.runExport(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.To, "to", "", "the carer's `NAME` (see phr carer list)")
	f.StringVar(&passFile, "share-passphrase-file", "", "encrypt to the extract passphrase on the first line of `FILE` instead of a carer (not the vault's passphrase)")
	f.StringVar(&req.Out, "out", "", "the `FILE` to write the extract to (never inside the vault folder)")
	f.BoolVar(&req.Force, "force", false, "replace the --out file if it exists")
	sf.register(f)
	f.StringVar(&req.Expires, "expires", "7d", "how long it stays readable, `DURATION|DATE`: a duration (90s, 36h, 7d, 2w) or a date; at most 365 days")
	f.BoolVar(&req.Armor, "armor", false, "write text (ASCII armor) that can be pasted into an email")
	f.BoolVar(&req.DryRun, "dry-run", false, "list what would leave, and write nothing")
	f.BoolVar(&req.WithAttachments, "with-attachments", false, "put the chosen entries' attached files inside the extract (encrypted with it); without it only their names leave")
	f.BoolVar(&o.JSON, "json", false, "print {file, sha256, to, expires, entries, sensitive_included, excluded_sensitive}; "+
		"with --dry-run the plan, {to, expires, entries, items, sensitive_included, excluded_sensitive}")
	return cmd
}

// runExport writes the extract (or, in a dry run, lists what would leave)
// and says what it did; entries the sensitive gate held back are listed on
// stderr and the error says so.
func (r *runner) runExport(ctx context.Context, s *app.Session, o exportOptions) error {
	dryRun := o.Request.DryRun
	res, err := s.Export(ctx, o.Request)
	if res != nil {
		if err != nil && len(res.Flagged) > 0 {
			r.printFlagged(res.Flagged, "extract")
		}
		r.printLeftOut(res.Excluded)
	}
	if dryRun && res != nil && (err == nil || len(res.Flagged) > 0) {
		if o.JSON {
			if err != nil {
				r.jsonDone = true
			}
			if perr := printJSON(r.env.Stdout, exportPlanJSON(res, err)); perr != nil {
				return perr
			}
		} else {
			verb := "would share"
			if err != nil {
				verb = "would share, once you decide about the sensitive entries,"
			}
			fmt.Fprintf(r.env.Stdout, "%s %s with %s until %s:\n", verb, record.Count(len(res.Selected), "entry", "entries"), safe(res.To), res.Expires.Format("2006-01-02 15:04 MST"))
			printEntries(r.env.Stdout, res.Selected)
			if line := filesLine(res); line != "" {
				fmt.Fprintln(r.env.Stdout, line)
			}
		}
	}
	if err != nil || dryRun {
		return err
	}
	if o.JSON {
		return printJSON(r.env.Stdout, res)
	}
	fmt.Fprintf(r.env.Stdout, "wrote %s: %s for %s, readable until %s\nsha256 %s\n", safe(res.File), record.Count(res.Entries, "entry", "entries"), safe(res.To),
		res.Expires.Format("2006-01-02 15:04 MST"), res.SHA256)
	if line := filesLine(res); line != "" {
		fmt.Fprintln(r.env.Stdout, line)
	}
	r.stderrf("phr: the carer can keep a copy of what they read; share only what you would be content for them to keep\n")
	return nil
}

// planItem is one entry of an export plan in --json: the entry, and the
// sensitive kinds (its own and inferred) that make the gate stop for it.
type planItem struct {
	entryOut
	SensitiveKinds []record.Kind `json:"sensitive_kinds"`
	// NotChecked names the attachments phr could not read.
	NotChecked []string `json:"not_checked,omitempty"`
}

// exportPlanJSON is what export --dry-run --json prints: the plan, with every
// selected entry (a sensitive one marked), and, when the gate wants a
// decision, the error as every --json failure shows it.
func exportPlanJSON(res *app.ExportResult, err error) map[string]any {
	kinds := make(map[string][]record.Kind, len(res.Flagged))
	unread := map[string][]string{}
	for _, f := range res.Flagged {
		kinds[f.ID] = f.Kinds
		unread[f.ID] = f.NotChecked
	}
	items := make([]planItem, len(res.Selected))
	for i, e := range res.Selected {
		k := kinds[e.ID]
		if k == nil {
			k = []record.Kind{}
		}
		items[i] = planItem{entryOut: entryJSON(e), SensitiveKinds: k, NotChecked: unread[e.ID]}
	}
	plan := map[string]any{"to": res.To, "expires": res.Expires, "entries": len(res.Selected), "items": items,
		"sensitive_included": res.SensitiveIncluded, "excluded_sensitive": res.Excluded}
	if err != nil {
		plan["error"] = errorJSON(err)
	}
	return plan
}

func (r *runner) sharesCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "shares [--json]",
		Example: "  phr shares\n  phr shares --json",
		Short:   "What was shared with whom, until when, and whether it has expired",
		GroupID: "share",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			return r.runShares(cmd.Context(), s, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}

// runShares lists what was shared with whom, as a table or JSON.
func (r *runner) runShares(ctx context.Context, s *app.Session, asJSON bool) error {
	rows, err := s.Shares(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(r.env.Stdout, rows)
	}
	if len(rows) == 0 {
		r.stderrf("phr: nothing shared yet\n")
		return nil
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CREATED\tTO\tENTRIES\tEXPIRES\tSTATE\tSENSITIVE\tFILE")
	for _, sh := range rows {
		state := "readable"
		if sh.Expired {
			state = "expired"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d%s\t%s\t%s\t%s\t%s\n", sh.Created.Local().Format("2006-01-02 15:04"), safe(sh.Carer), sh.Entries,
			safe(catCounts(sh.Categories)), sh.Expires.Local().Format("2006-01-02 15:04"), state, dash(safe(kindsText(sh.Sensitive))), dash(safe(baseName(sh.File))))
	}
	return tw.Flush()
}

// baseName is a file's name without its folder; empty stays empty.
func baseName(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Base(path)
}

// filesLine says which attached files travel, or that they stay behind.
func filesLine(res *app.ExportResult) string {
	switch {
	case res.Files > 0:
		return fmt.Sprintf("attachments: %s (%s) inside the extract", record.Count(res.Files, "file", "files"), app.SizeWords(res.FileBytes))
	case res.FilesLeft > 0:
		return fmt.Sprintf("attachments: %s left out (only their names leave); add --with-attachments to send them", record.Count(res.FilesLeft, "file", "files"))
	}
	return ""
}
