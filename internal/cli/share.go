package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

// keygenOptions are phr keygen's flags: where to keep a new key ("" is
// the system keyring), or Show to print the recipient of the key already
// in the keyring again.
type keygenOptions struct {
	Out        string
	Show, JSON bool
}

// check refuses --show with --out.
func (o keygenOptions) check() error {
	if o.Show && o.Out != "" {
		return errs.New(errs.Usage, "choose one: --show prints the key in the keyring again, --out makes a new one in a file")
	}
	return nil
}

func (r *runner) keygenCommand() *cobra.Command {
	var o keygenOptions
	cmd := &cobra.Command{
		Use:     "keygen [--out FILE | --show]",
		Short:   "Carer side: make your own key and print the recipient to send to the patient",
		GroupID: "share",
		Example: "  phr keygen\n  phr keygen --out ~/phr-carer-key.txt\n  phr keygen --show",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			return r.runKeygen(cfg, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "write the key to a new `FILE` (mode 0600, never replacing one, never inside the vault folder) instead of the keyring")
	cmd.Flags().BoolVar(&o.Show, "show", false, "print the recipient of the key already in the keyring again (with its QR code)")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print {recipient, fingerprint, key} (key: the file, or \"keyring\")")
	return cmd
}

// runKeygen makes the carer's key (or finds it, with Show) and prints its
// recipient with the fingerprint to read out, and a QR code at a terminal.
func (r *runner) runKeygen(cfg app.Config, o keygenOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	var recipient string
	var err error
	if o.Show {
		if recipient, err = app.CarerRecipient(cfg); err != nil {
			return err
		}
		r.stderrf("phr: the recipient of your key in the system keyring; send it to the person who will share with you:\n")
	} else {
		if recipient, err = app.Keygen(cfg, o.Out); err != nil {
			return err
		}
		where := "the system keyring"
		if o.Out != "" {
			where = o.Out + " (keep it private: anyone with it can open what is shared with you)"
		}
		r.stderrf("phr: your key is in %s. Send this recipient to the person who will share with you:\n", where)
	}
	if o.JSON {
		where := "keyring"
		if o.Out != "" {
			where = o.Out
		}
		return printJSON(r.env.Stdout, map[string]any{"recipient": recipient,
			"fingerprint": app.RecipientFingerprint(recipient), "key": where})
	}
	fmt.Fprintln(r.env.Stdout, recipient)
	r.stderrf("phr: its fingerprint is %s: read it to them over the phone; phr shows them the same 12 characters when they add you\n",
		app.RecipientFingerprint(recipient))
	if r.env.StdoutIsTerminal {
		r.drawQR(recipient, o.Out == "")
	}
	return nil
}

// drawQR draws the recipient as a QR code when it fits the terminal, and
// otherwise says how wide the terminal must be (a post-quantum recipient
// needs 129 columns): a code that wraps cannot be scanned.
func (r *runner) drawQR(recipient string, inKeyring bool) {
	var qr strings.Builder
	if err := share.QR(recipient, &qr); err != nil {
		r.stderrf("phr: could not draw the QR code: %v\n", err)
		return
	}
	lines := strings.Split(strings.TrimRight(qr.String(), "\n"), "\n")
	need := 0
	for _, l := range lines {
		need = max(need, utf8.RuneCountInString(l))
	}
	cols, rows := 0, 0
	if r.env.TerminalSize != nil {
		cols, rows = r.env.TerminalSize()
	}
	if cols >= need && (rows == 0 || rows >= len(lines)+2) {
		// The code is phr's own drawing: written as it is, since the
		// sanitiser would show its line breaks as marks.
		fmt.Fprintf(r.env.Stderr, "phr: the same recipient as a QR code, to read with a phone:\n%s", qr.String())
		return
	}
	again := "phr keygen --show"
	if !inKeyring {
		again = "the text above (copy it into a message or a file)"
	}
	r.stderrf("phr: the QR code needs a terminal of %d columns and %d lines; this one is smaller, so it is not drawn. "+
		"Enlarge the window (or make the font smaller) and use %s, or send the text above.\n", need, len(lines)+2, again)
}

func (r *runner) carerCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "carer",
		Example: "  phr carer add Sam --relationship partner --recipient-file sam.txt\n  phr carer list\n  phr carer rm Sam",
		Short:   "The people you may share with",
		GroupID: "share",
	}
	var recipient, recipientFile, relationship, fingerprint string
	var asJSON bool
	add := &cobra.Command{
		Use:     "add NAME (--recipient R | --recipient-file FILE) [--relationship S] [--fingerprint FP]",
		Short:   "Add a carer with the recipient they sent you (from phr keygen or age-keygen)",
		Example: "  phr carer add Sam --relationship partner --recipient age1pq1...\n  phr carer add Sam --recipient-file sam-key.txt --fingerprint K7QM-2XHD-9RTB",
		Args:    exactArgs(1, "name the carer: phr carer add NAME --recipient R"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case recipient != "" && recipientFile != "":
				return errs.New(errs.Usage, "choose one: --recipient or --recipient-file")
			case recipientFile != "":
				rc, _, err := app.CarerKeyFromFile(recipientFile)
				if err != nil {
					return err
				}
				recipient = rc
			case recipient == "":
				return errs.New(errs.Usage, "--recipient or --recipient-file is required: ask the carer to run phr keygen and send you what it prints")
			}
			if cmd.Flags().Changed("fingerprint") {
				if err := app.CheckCarerFingerprint(recipient, fingerprint); err != nil {
					if errs.Is(err, errs.Policy) {
						return errs.New(errs.Policy, "--fingerprint: %v; a different fingerprint means a different key, so %s was not added: "+
							"ask them to send their key again", err, args[0])
					}
					return errs.New(errs.Usage, "--fingerprint: %v", err)
				}
			}
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			c, err := s.AddCarer(cmd.Context(), args[0], recipient, relationship)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("fingerprint") {
				r.stderrf("phr: added carer %s; their key's fingerprint %s matches the one they read to you\n",
					c.Name, app.RecipientFingerprint(c.Recipient))
			} else {
				r.stderrf("phr: added carer %s; their key's fingerprint is %s: check it with them (phr keygen showed it to them)\n",
					c.Name, app.RecipientFingerprint(c.Recipient))
			}
			if asJSON {
				return printJSON(r.env.Stdout, carerJSON{Carer: c, Fingerprint: app.RecipientFingerprint(c.Recipient)})
			}
			return nil
		},
	}
	add.Flags().BoolVar(&asJSON, "json", false, "print {name, relationship, recipient, added, fingerprint}")
	add.Flags().StringVar(&recipient, "recipient", "", "the carer's age `RECIPIENT` (age1...)")
	add.Flags().StringVar(&recipientFile, "recipient-file", "", "read the carer's recipient from `FILE` (the text phr keygen printed)")
	add.Flags().StringVar(&fingerprint, "fingerprint", "", "the fingerprint `FP` the carer read to you (phr keygen showed it): the carer is added only if it matches")
	add.Flags().StringVar(&relationship, "relationship", "", "`WHO` they are to you: partner, parent, child, paid carer...")
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
			cs, err := s.Carers(cmd.Context())
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
			if err := s.RemoveCarer(cmd.Context(), args[0]); err != nil {
				return err
			}
			r.stderrf("phr: removed carer %s; anything already sent to them stays readable until it expires\n", args[0])
			if asJSON {
				return printJSON(r.env.Stdout, map[string]any{"removed": strings.TrimSpace(args[0])})
			}
			return nil
		},
	}
	rm.Flags().BoolVar(&asJSON, "json", false, "print {removed: NAME}")
	cmd.AddCommand(add, list, rm)
	return cmd
}

// carerJSON is a carer as --json shows one: with the fingerprint the carer
// reads out, as the table has.
type carerJSON struct {
	record.Carer
	Fingerprint string `json:"fingerprint"`
}
