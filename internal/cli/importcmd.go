package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
)

func (r *runner) importCommand() *cobra.Command {
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:     "import FILE|FOLDER...",
		Short:   "Import FHIR (JSON, XML, NDJSON), C-CDA XML or CSV measurements (all or nothing)",
		GroupID: "record",
		Example: "  phr import ~/Downloads/patient-summary.json\n  phr import bp-monitor.csv --dry-run\n  phr import gp-record.xml --json",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			rep, err := s.Import(cmd.Context(), args, dryRun)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(r.env.Stdout, rep)
			}
			for _, f := range rep.Files {
				printImportReport(r, f, dryRun)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "say what would be imported and change nothing")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}

func printImportReport(r *runner, f app.FileReport, dryRun bool) {
	verb := "added"
	if dryRun {
		verb = "would add"
	}
	w := r.env.Stdout
	fmt.Fprintf(w, "%s (%s):\n", safe(f.File), safe(f.Format))
	if f.FHIRVersion != "" {
		fmt.Fprintf(w, "  read as FHIR %s: its resources are read like R4's where the two agree\n", safe(f.FHIRVersion))
	}
	total, dups := 0, 0
	for _, n := range f.Added {
		total += n
	}
	for _, n := range f.Duplicates {
		dups += n
	}
	fmt.Fprintf(w, "  %s %s%s\n", verb, record.Count(total, "entry", "entries"), catCounts(f.Added))
	if dups > 0 {
		fmt.Fprintf(w, "  skipped %d already imported%s\n", dups, catCounts(f.Duplicates))
	}
	if upd := sumCounts(f.Updated); upd > 0 {
		verb := "updated"
		if dryRun {
			verb = "would update"
		}
		fmt.Fprintf(w, "  %s %s the file holds a newer version of%s\n", verb, record.Count(upd, "entry", "entries"), catCounts(f.Updated))
	}
	if n := sumCounts(f.SameFact); n > 0 {
		fmt.Fprintf(w, "  kept once %s the record already holds from another source (noted on those entries)%s\n", record.Count(n, "entry", "entries"), catCounts(f.SameFact))
	}
	if total == 0 && dups > 0 && sumCounts(f.Updated) == 0 {
		fmt.Fprintf(w, "  nothing new: this file was imported before\n")
	}
	if f.SensitiveTotal > 0 {
		var ks []string
		for k, n := range f.Sensitive {
			ks = append(ks, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(ks)
		fmt.Fprintf(w, "  marked sensitive: %d (%s); review with phr list, undo with phr edit ID --no-sensitive\n", f.SensitiveTotal, strings.Join(ks, ", "))
	}
	if len(f.LeftOut) > 0 {
		var ks []string
		for k, n := range f.LeftOut {
			ks = append(ks, fmt.Sprintf("%d %s", n, k))
		}
		sort.Strings(ks)
		fmt.Fprintf(w, "  left out on purpose:\n")
		for _, k := range ks {
			fmt.Fprintf(w, "    %s\n", safe(k))
		}
	}
	if len(f.NotUnderstood) > 0 {
		var ks []string
		for k, n := range f.NotUnderstood {
			ks = append(ks, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(ks)
		fmt.Fprintf(w, "  not understood (left out): %s\n", safe(strings.Join(ks, ", ")))
	}
	if len(f.ProfileFilled) > 0 {
		fmt.Fprintf(w, "  profile: filled %s\n", safe(strings.Join(f.ProfileFilled, ", ")))
	}
	if len(f.ProfileKept) > 0 {
		fmt.Fprintf(w, "  profile: kept your %s (the file says otherwise)\n", safe(strings.Join(f.ProfileKept, ", ")))
	}
}

func catCounts[K ~string](m map[K]int) string {
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for k, n := range m {
		parts = append(parts, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(parts)
	return ": " + strings.Join(parts, ", ")
}

func sumCounts[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
