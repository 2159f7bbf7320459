package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// carerAddOptions are phr carer add's carer: a name, the recipient they
// sent, how they relate to the person, and the fingerprint they read out
// (nil when not given: then it is only shown, to check).
type carerAddOptions struct {
	Name, Recipient, Relationship string
	Fingerprint                   *string
	JSON                          bool
}

// check refuses a missing recipient, and a fingerprint that does not match
// it, before the vault is unlocked.
func (o carerAddOptions) check() error {
	if o.Recipient == "" {
		return errs.New(errs.Usage, "--recipient or --recipient-file is required: ask the carer to run phr keygen and send you what it prints")
	}
	if o.Fingerprint == nil {
		return nil
	}
	if err := app.CheckCarerFingerprint(o.Recipient, *o.Fingerprint); err != nil {
		if errs.Is(err, errs.Policy) {
			return errs.New(errs.Policy, "--fingerprint: %v; a different fingerprint means a different key, so %s was not added: "+
				"ask them to send their key again", err, o.Name)
		}
		return errs.New(errs.Usage, "--fingerprint: %v", err)
	}
	return nil
}

func (r *runner) carerCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "carer",
		Example: "  phr carer add Sam --relationship partner --recipient-file sam.txt\n  phr carer list\n  phr carer rm Sam",
		Short:   "The people you may share with",
		GroupID: "share",
	}
	var o carerAddOptions
	var recipientFile, fingerprint string
	var asJSON bool
	add := &cobra.Command{
		Use:     "add NAME (--recipient R | --recipient-file FILE) [--relationship S] [--fingerprint FP]",
		Short:   "Add a carer with the recipient they sent you (from phr keygen or age-keygen)",
		Example: "  phr carer add Sam --relationship partner --recipient age1pq1...\n  phr carer add Sam --recipient-file sam-key.txt --fingerprint K7QM-2XHD-9RTB",
		Args:    exactArgs(1, "name the carer: phr carer add NAME --recipient R"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Name = args[0]
			if o.Recipient != "" && recipientFile != "" {
				return errs.New(errs.Usage, "choose one: --recipient or --recipient-file")
			}
			if recipientFile != "" {
				rc, _, err := app.CarerKeyFromFile(recipientFile)
				if err != nil {
					return err
				}
				o.Recipient = rc
			}
			if cmd.Flags().Changed("fingerprint") {
				o.Fingerprint = &fingerprint
			}
			if err := o.check(); err != nil {
				return err
			}
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			return r.runCarerAdd(cmd.Context(), s, o)
		},
	}
	add.Flags().BoolVar(&o.JSON, "json", false, "print {name, relationship, recipient, added, fingerprint}")
	add.Flags().StringVar(&o.Recipient, "recipient", "", "the carer's age `RECIPIENT` (age1...)")
	add.Flags().StringVar(&recipientFile, "recipient-file", "", "read the carer's recipient from `FILE` (the text phr keygen printed)")
	add.Flags().StringVar(&fingerprint, "fingerprint", "", "the fingerprint `FP` the carer read to you (phr keygen showed it): the carer is added only if it matches")
	add.Flags().StringVar(&o.Relationship, "relationship", "", "`WHO` they are to you: partner, parent, child, paid carer...")
	list := &cobra.Command{
		Use:     "list [--json]",
		Example: "  phr carer list\n  phr carer list --json",
		Short:   "List your carers",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			return r.runCarerList(cmd.Context(), s, asJSON)
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	rm := &cobra.Command{
		Use:     "rm NAME",
		Example: "  phr carer rm Sam --json",
		Short:   "Remove a carer (extracts already sent stay readable until they expire)",
		Args:    exactArgs(1, "name the carer: phr carer rm NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			return r.runCarerRm(cmd.Context(), s, args[0], asJSON)
		},
	}
	rm.Flags().BoolVar(&asJSON, "json", false, "print {removed: NAME}")
	cmd.AddCommand(add, list, rm)
	return cmd
}

// runCarerAdd adds the carer and says the fingerprint of their key: that it
// matches the one they read out, or that it is to be checked with them.
func (r *runner) runCarerAdd(ctx context.Context, s *app.Session, o carerAddOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	c, err := s.AddCarer(ctx, o.Name, o.Recipient, o.Relationship)
	if err != nil {
		return err
	}
	if o.Fingerprint != nil {
		r.stderrf("phr: added carer %s; their key's fingerprint %s matches the one they read to you\n",
			c.Name, app.RecipientFingerprint(c.Recipient))
	} else {
		r.stderrf("phr: added carer %s; their key's fingerprint is %s: check it with them (phr keygen showed it to them)\n",
			c.Name, app.RecipientFingerprint(c.Recipient))
	}
	if o.JSON {
		return printJSON(r.env.Stdout, carerJSON{Carer: c, Fingerprint: app.RecipientFingerprint(c.Recipient)})
	}
	return nil
}

// runCarerList lists the carers, as a table or JSON.
func (r *runner) runCarerList(ctx context.Context, s *app.Session, asJSON bool) error {
	cs, err := s.Carers(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]carerJSON, len(cs))
		for i, c := range cs {
			out[i] = carerJSON{Carer: c, Fingerprint: app.RecipientFingerprint(c.Recipient)}
		}
		return printJSON(r.env.Stdout, out)
	}
	if len(cs) == 0 {
		r.stderrf("phr: no carers yet: phr carer add NAME --recipient R\n")
		return nil
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tRELATIONSHIP\tKEY\tFINGERPRINT\tADDED")
	for _, c := range cs {
		kind := "X25519"
		if strings.HasPrefix(strings.ToLower(c.Recipient), "age1pq1") {
			kind = "post-quantum"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", safe(c.Name), dash(safe(c.Relationship)), kind, app.RecipientFingerprint(c.Recipient), c.Added.Format("2006-01-02"))
	}
	return tw.Flush()
}

// runCarerRm removes the carer named name.
func (r *runner) runCarerRm(ctx context.Context, s *app.Session, name string, asJSON bool) error {
	if err := s.RemoveCarer(ctx, name); err != nil {
		return err
	}
	r.stderrf("phr: removed carer %s; anything already sent to them stays readable until it expires\n", name)
	if asJSON {
		return printJSON(r.env.Stdout, map[string]any{"removed": strings.TrimSpace(name)})
	}
	return nil
}

// carerJSON is a carer as --json shows one: with the fingerprint the carer
// reads out, as the table has.
type carerJSON struct {
	record.Carer
	Fingerprint string `json:"fingerprint"`
}
