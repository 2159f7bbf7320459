package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/when"
)

func (r *runner) keygenCommand() *cobra.Command {
	var out string
	var show, asJSON bool
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
			if show && out != "" {
				return errs.New(errs.Usage, "choose one: --show prints the key in the keyring again, --out makes a new one in a file")
			}
			var recipient string
			if show {
				if recipient, err = app.CarerRecipient(cfg); err != nil {
					return err
				}
				r.stderrf("phr: the recipient of your key in the system keyring; send it to the person who will share with you:\n")
			} else {
				if recipient, err = app.Keygen(cfg, out); err != nil {
					return err
				}
				where := "the system keyring"
				if out != "" {
					where = out + " (keep it private: anyone with it can open what is shared with you)"
				}
				r.stderrf("phr: your key is in %s. Send this recipient to the person who will share with you:\n", where)
			}
			if asJSON {
				where := "keyring"
				if out != "" {
					where = out
				}
				return printJSON(r.env.Stdout, map[string]any{"recipient": recipient,
					"fingerprint": app.RecipientFingerprint(recipient), "key": where})
			}
			fmt.Fprintln(r.env.Stdout, recipient)
			r.stderrf("phr: its fingerprint is %s: read it to them over the phone; phr shows them the same 12 characters when they add you\n",
				app.RecipientFingerprint(recipient))
			if r.env.StdoutIsTerminal {
				r.drawQR(recipient, out == "")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the key to a new `FILE` (mode 0600, never replacing one, never inside the vault folder) instead of the keyring")
	cmd.Flags().BoolVar(&show, "show", false, "print the recipient of the key already in the keyring again (with its QR code)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {recipient, fingerprint, key} (key: the file, or \"keyring\")")
	return cmd
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

func (r *runner) openCommand() *cobra.Command {
	var identity, passFile, saveDir string
	var asJSON, acceptNewKey bool
	cmd := &cobra.Command{
		Use:     "open FILE [--identity FILE | --share-passphrase-file F] [--save-attachments DIR] [--accept-new-key] [--json]",
		Short:   "Carer side: read an extract someone shared with you (read-only; nothing is saved)",
		GroupID: "share",
		Example: "  phr open sam.age\n  phr open results.txt --identity ~/phr-carer-key.txt --json",
		Args:    exactArgs(1, "say which extract: phr open FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			if passFile == "" && identity == "" && r.passphraseFile != "" {
				return errs.New(errs.Unlock, "--passphrase-file is a vault's passphrase; open an extract protected by a passphrase with --share-passphrase-file FILE")
			}
			req := app.OpenRequest{Path: args[0], IdentityFile: identity, AcceptNewKey: acceptNewKey}
			if req.IdentityFile == "" {
				req.IdentityFile = r.env.Getenv("PHR_IDENTITY")
			}
			switch {
			case passFile != "":
				p, err := app.ReadSecretFile(passFile)
				if err != nil {
					return err
				}
				defer clear(p)
				req.Passphrase = p
			case req.IdentityFile == "" && r.env.StdinIsTerminal && r.env.Prompt != nil && app.ExtractNeedsPassphrase(req.Path):
				// A carer at a terminal types the passphrase the sender
				// gave them; a script still uses --share-passphrase-file.
				p, err := r.env.Prompt("Passphrase for this extract (the sender gave it to you): ")
				if err != nil {
					return errs.New(errs.Unlock, "read the extract's passphrase: %w", err)
				}
				defer clear(p)
				if len(p) == 0 {
					return errs.New(errs.Unlock, "no passphrase typed: ask the sender for the extract's passphrase")
				}
				req.Passphrase = p
			}
			o, err := app.OpenExtract(cmd.Context(), cfg, req)
			if err != nil {
				return err
			}
			// The viewer shows these notices itself: on stderr they would
			// hide behind its alternate screen.
			viewer := !asJSON && r.env.ShowExtract != nil && r.env.StdinIsTerminal && r.env.StdoutIsTerminal
			if !viewer {
				if o.FirstFromSender {
					r.stderrf("phr: first extract from %s; their signing key %s is now remembered\n", o.Manifest.From.Name, share.KeyFingerprint(o.Manifest.From.PublicKey))
				}
				if o.ReplacedKey != "" {
					r.stderrf("phr: %s's new signing key %s is now trusted in place of %s\n", o.Manifest.From.Name,
						share.KeyFingerprint(o.Manifest.From.PublicKey), share.KeyFingerprint(o.ReplacedKey))
				}
			}
			if saveDir != "" {
				if err := app.CheckOutputDir(cfg, saveDir); err != nil {
					return fmt.Errorf("--save-attachments: %w", err)
				}
				paths, err := app.SaveExtractFiles(o, saveDir)
				for _, p := range paths {
					r.stderrf("phr: saved %s (not encrypted: keep it private)\n", p)
				}
				if err != nil {
					return err
				}
				if len(paths) == 0 {
					r.stderrf("phr: this extract carries no attached files\n")
				}
			} else if len(o.Files) > 0 {
				r.stderrf("phr: it carries %s attached; save them with --save-attachments DIR\n", record.Count(len(o.Files), "file", "files"))
			}
			if asJSON {
				withheld := o.Withheld
				if withheld == nil {
					withheld = []record.Category{}
				}
				return printJSON(r.env.Stdout, map[string]any{"from": o.Manifest.From.Name, "created": o.Manifest.Created,
					"expires": o.Manifest.Expires, "entries": entriesJSON(o.Entries), "withheld": withheld})
			}
			if viewer {
				return r.env.ShowExtract(cmd.Context(), ExtractOptions{Config: cfg, Extract: o})
			}
			m := o.Manifest
			fmt.Fprintf(r.env.Stdout, "From %s, made %s, readable until %s (%s)\n", safe(m.From.Name), m.Created.Local().Format("2006-01-02 15:04"),
				m.Expires.Local().Format("2006-01-02 15:04"), when.Left(m.Expires.Sub(r.env.Clock.Now())))
			if len(m.SensitiveIncluded) > 0 {
				fmt.Fprintf(r.env.Stdout, "It includes sensitive entries (%s): keep it private.\n", safe(kindsText(m.SensitiveIncluded)))
			}
			if w := share.WithheldText(o.Withheld); w != "" {
				fmt.Fprintln(r.env.Stdout, w)
			}
			fmt.Fprintln(r.env.Stdout)
			printEntries(r.env.Stdout, o.Entries)
			return nil
		},
	}
	cmd.Flags().StringVar(&identity, "identity", "", "your key `FILE` (default $PHR_IDENTITY, else the system keyring)")
	cmd.Flags().StringVar(&passFile, "share-passphrase-file", "", "the extract's passphrase, on the first line of `FILE`")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {from, created, expires, entries, withheld}")
	cmd.Flags().StringVar(&saveDir, "save-attachments", "", "save the files that travelled in the extract into the folder `DIR` (not encrypted; nothing is replaced)")
	cmd.Flags().BoolVar(&acceptNewKey, "accept-new-key", false, "trust the sender's new signing key in place of the one remembered, once they confirmed its fingerprint to you")
	return cmd
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
			rows, err := s.Shares(cmd.Context())
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
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
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
