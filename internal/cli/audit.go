package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/record"
)

// auditOptions are phr audit's flags.
type auditOptions struct {
	JSON, JSONL bool
	// Verify checks the hash chain and fails naming the first broken row.
	Verify bool
}

func (r *runner) auditCommand() *cobra.Command {
	var o auditOptions
	cmd := &cobra.Command{
		Use:     "audit [--json] [--verify]",
		Example: "  phr audit\n  phr audit --verify\n  phr audit --jsonl | tail -5",
		Short:   "Show the audit log: every unlock, change, import, export and key change",
		GroupID: "vault",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := oneJSONForm(o.JSON, o.JSONL); err != nil {
				return err
			}
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			return r.runAudit(cmd.Context(), s, o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print an array of {seq, at, action, detail} (detail is always an object)")
	cmd.Flags().BoolVar(&o.JSONL, "jsonl", false, "print one {seq, at, action, detail} per line")
	cmd.Flags().BoolVar(&o.Verify, "verify", false, "check the hash chain; exit 1 naming the first broken row")
	return cmd
}

// runAudit prints the audit log (each row in words, or as JSON) and returns
// the chain's first break, if any, after printing what it holds.
func (r *runner) runAudit(ctx context.Context, s *app.Session, o auditOptions) error {
	trail, err := s.AuditLog(ctx)
	if err != nil {
		return err
	}
	rows, broken := trail.Rows, trail.Broken
	if n := s.PendingReads(); n > 0 && !s.Writable() {
		r.stderrf("phr: %s made while another phr held the vault, this one included, %s not in this list yet: the next change adds them\n", record.Count(n, "read", "reads"), plural(n, "is", "are"))
	}
	if o.Verify {
		if broken != nil {
			return broken
		}
		if !o.JSON && !o.JSONL {
			fmt.Fprintf(r.env.Stdout, "the audit log holds: %d rows, each chained to the one before\n", len(rows))
			return nil
		}
	}
	if o.JSON || o.JSONL {
		out := newJSONStream(r.env.Stdout, o.JSONL)
		for _, row := range rows {
			if err := out.add(row); err != nil {
				return err
			}
		}
		if err := out.close(); err != nil {
			return err
		}
		return broken
	}
	// Each row in words (who did what); --json keeps the codes.
	for _, row := range rows {
		words := audit.Describe(row, time.Local)
		fmt.Fprintf(r.env.Stdout, "%5d  %s  %s\n", row.Seq, row.At.Local().Format("2006-01-02 15:04:05"), safe(words.Sentence()))
	}
	return broken
}
