package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/when"
)

// openOptions are phr open's request (the extract and how to read it),
// where to save the files it carries ("" saves none), and how to answer.
type openOptions struct {
	Request app.OpenRequest
	SaveDir string
	JSON    bool
}

func (r *runner) openCommand() *cobra.Command {
	var o openOptions
	var passFile string
	req := &o.Request
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
			if passFile == "" && req.IdentityFile == "" && r.passphraseFile != "" {
				return errs.New(errs.Unlock, "--passphrase-file is a vault's passphrase; open an extract protected by a passphrase with --share-passphrase-file FILE")
			}
			req.Path = args[0]
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
			return r.runOpen(cmd.Context(), cfg, o)
		},
	}
	cmd.Flags().StringVar(&req.IdentityFile, "identity", "", "your key `FILE` (default $PHR_IDENTITY, else the system keyring)")
	cmd.Flags().StringVar(&passFile, "share-passphrase-file", "", "the extract's passphrase, on the first line of `FILE`")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print {from, created, expires, entries, withheld}")
	cmd.Flags().StringVar(&o.SaveDir, "save-attachments", "", "save the files that travelled in the extract into the folder `DIR` (not encrypted; nothing is replaced)")
	cmd.Flags().BoolVar(&req.AcceptNewKey, "accept-new-key", false, "trust the sender's new signing key in place of the one remembered, once they confirmed its fingerprint to you")
	return cmd
}

// runOpen reads the extract (cfg is the carer's own vault, where the
// senders' keys are remembered) and shows it: in the viewer at a terminal,
// else as text or JSON, with the sender's key notices on stderr.
func (r *runner) runOpen(ctx context.Context, cfg app.Config, o openOptions) error {
	x, err := app.OpenExtract(ctx, cfg, o.Request)
	if err != nil {
		return err
	}
	// The viewer shows these notices itself: on stderr they would hide
	// behind its alternate screen.
	viewer := !o.JSON && r.env.ShowExtract != nil && r.env.StdinIsTerminal && r.env.StdoutIsTerminal
	if !viewer {
		if x.FirstFromSender {
			r.stderrf("phr: first extract from %s; their signing key %s is now remembered\n", x.Manifest.From.Name, share.KeyFingerprint(x.Manifest.From.PublicKey))
		}
		if x.ReplacedKey != "" {
			r.stderrf("phr: %s's new signing key %s is now trusted in place of %s\n", x.Manifest.From.Name,
				share.KeyFingerprint(x.Manifest.From.PublicKey), share.KeyFingerprint(x.ReplacedKey))
		}
	}
	if o.SaveDir != "" {
		if err := app.CheckOutputDir(cfg, o.SaveDir); err != nil {
			return fmt.Errorf("--save-attachments: %w", err)
		}
		paths, err := app.SaveExtractFiles(x, o.SaveDir)
		for _, p := range paths {
			r.stderrf("phr: saved %s (not encrypted: keep it private)\n", p)
		}
		if err != nil {
			return err
		}
		if len(paths) == 0 {
			r.stderrf("phr: this extract carries no attached files\n")
		}
	} else if len(x.Files) > 0 {
		r.stderrf("phr: it carries %s attached; save them with --save-attachments DIR\n", record.Count(len(x.Files), "file", "files"))
	}
	if o.JSON {
		withheld := x.Withheld
		if withheld == nil {
			withheld = []record.Category{}
		}
		return printJSON(r.env.Stdout, map[string]any{"from": x.Manifest.From.Name, "created": x.Manifest.Created,
			"expires": x.Manifest.Expires, "entries": entriesJSON(x.Entries), "withheld": withheld})
	}
	if viewer {
		return r.env.ShowExtract(ctx, ExtractOptions{Config: cfg, Extract: x})
	}
	m := x.Manifest
	fmt.Fprintf(r.env.Stdout, "From %s, made %s, readable until %s (%s)\n", safe(m.From.Name), m.Created.Local().Format("2006-01-02 15:04"),
		m.Expires.Local().Format("2006-01-02 15:04"), when.Left(m.Expires.Sub(r.env.Clock.Now())))
	if len(m.SensitiveIncluded) > 0 {
		fmt.Fprintf(r.env.Stdout, "It includes sensitive entries (%s): keep it private.\n", safe(kindsText(m.SensitiveIncluded)))
	}
	if w := share.WithheldText(x.Withheld); w != "" {
		fmt.Fprintln(r.env.Stdout, w)
	}
	fmt.Fprintln(r.env.Stdout)
	printEntries(r.env.Stdout, x.Entries)
	return nil
}
