package cli

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

func (r *runner) importCommand() *cobra.Command {
	var dryRun, asJSON bool
	var sources []string
	cmd := &cobra.Command{
		Use:     "import FILE|FOLDER|-...",
		Short:   "Import FHIR (JSON, XML, NDJSON), C-CDA XML, CSV measurements or an Apple Health export (all or nothing)",
		GroupID: "record",
		Example: "  phr import ~/Downloads/patient-summary.json\n  phr import bp-monitor.csv --dry-run\n  phr import gp-record.xml --json\n" +
			"  phr import ~/Downloads/export.zip\n  phr import export.zip --source \"Jane’s Apple Watch\"\n  unzip -p export.zip apple_health_export/export.xml | phr import -",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			opt := app.ImportOptions{DryRun: dryRun, Sources: sources}
			if slices.Contains(args, "-") {
				if r.env.StdinIsTerminal {
					return errs.New(errs.Usage, "import -: reads a file piped to it, for example phr import - < export.xml")
				}
				opt.Stdin = r.env.Stdin
			}
			var prog *progressLine
			if r.env.StderrIsTerminal {
				prog = &progressLine{w: r.env.Stderr}
				opt.Progress = prog.show
			}
			rep, err := s.ImportWith(cmd.Context(), args, opt)
			prog.done()
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
	cmd.Flags().StringArrayVar(&sources, "source", nil, "for an Apple Health export: the `NAME` of the device or app to keep when two measured the same steps, distance, energy or sleep (repeat in order of preference; default: each day, the one that counted most)")
	return cmd
}

func printImportReport(r *runner, f app.FileReport, dryRun bool) {
	verb := "added"
	if dryRun {
		verb = "would add"
	}
	w := r.env.Stdout
	fmt.Fprintf(w, "%s (%s):\n", safe(f.File), safe(f.Format))
	if a := f.AppleHealth; a != nil {
		fmt.Fprintf(w, "  read %s from %s into %s a day, and %s\n", record.Count(int(a.Samples), "sample", "samples"),
			record.Count(len(a.Sources), "source", "sources"), record.Count(a.Readings, "reading", "readings"), record.Count(a.Workouts, "workout", "workouts"))
		for _, c := range a.Choices {
			var parts []string
			for _, u := range c.Sources {
				parts = append(parts, fmt.Sprintf("%s (%d of %d days)", safe(u.Name), u.Chosen, u.Days))
			}
			fmt.Fprintf(w, "  %s, measured by %s: kept %s, so no day is counted twice (choose with --source NAME)\n",
				safe(c.Type), strings.Join(parts, ", "), safe(c.Rule))
		}
	}
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

// progressLine shows an import's progress as one line on a terminal's
// stderr, rewritten in place.
type progressLine struct {
	w    io.Writer
	last int
	used bool
}

func (p *progressLine) show(done, total int64) {
	pct := -1
	if total > 0 {
		pct = int(done * 100 / total)
	}
	if p.used && pct == p.last {
		return
	}
	p.used, p.last = true, pct
	if pct >= 0 {
		fmt.Fprintf(p.w, "\rreading the Apple Health export: %3d%% of %s", min(pct, 100), record.Size(total))
	} else {
		fmt.Fprintf(p.w, "\rreading the Apple Health export: %s", record.Size(done))
	}
}

// done ends the progress line, if one was shown.
func (p *progressLine) done() {
	if p != nil && p.used {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
