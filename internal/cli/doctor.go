package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

func (r *runner) doctorCommand() *cobra.Command {
	var readData, asJSON bool
	cmd := &cobra.Command{
		Use:     "doctor",
		Example: "  phr doctor\n  phr doctor --json",
		Short:   "Check the vault files, backups, audit chain and attachments (changes nothing)",
		GroupID: "vault",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			fs, err := app.Doctor(cmd.Context(), cfg, r.unlock(), readData)
			if err != nil {
				return err
			}
			problems := 0
			for _, f := range fs {
				if f.Level == "problem" {
					problems++
				}
			}
			if asJSON {
				if err := printJSON(r.env.Stdout, fs); err != nil {
					return err
				}
			} else {
				for _, f := range fs {
					mark := map[string]string{"ok": "ok     ", "note": "note   ", "problem": "PROBLEM"}[f.Level]
					fmt.Fprintf(r.env.Stdout, "%s  %-12s %s\n", mark, f.Check, safe(f.What))
					if f.Fix != "" && f.Level != "ok" {
						fmt.Fprintf(r.env.Stdout, "         %-12s fix: %s\n", "", safe(f.Fix))
					}
				}
			}
			if problems > 0 {
				return errs.New(errs.Failed, "doctor found %s: see above for how to fix them", record.Count(problems, "problem", "problems"))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&readData, "read-data", false, "also decrypt every attachment and check its checksum")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the findings as JSON")
	return cmd
}
