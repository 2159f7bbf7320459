package cli

import (
	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
)

func (r *runner) attachmentCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "attachment",
		Example: "  phr attachment get k3j2m9q4xd --out letter.pdf",
		Short:   "The files attached to your entries",
		GroupID: "record",
	}
	var name, out string
	var force, asJSON bool
	get := &cobra.Command{
		Use:   "get ID [--name NAME] --out FILE|-",
		Short: "Write a decrypted copy of an attached file (ID: its entry's or its own, from phr show)",
		Long: "Write a decrypted copy of an attached file to FILE, or to standard output with --out -.\n\n" +
			"ID is the entry's id (--name chooses among several files) or the attachment's own id, as phr show " +
			"lists them. The copy is not encrypted: keep it private, and delete it when done.",
		Example: "  phr attachment get k3j2m9q4xd --out letter.pdf\n  phr attachment get k3j2m9q4xd --name scan.png --out - | display",
		Args:    exactArgs(1, "say which entry: phr attachment get ID --out FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errs.New(errs.Usage, "say where to write the file: --out FILE, or --out - for standard output")
			}
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			a, err := s.FindAttachment(cmd.Context(), args[0], name)
			if err != nil {
				return err
			}
			if out == "-" {
				if r.env.StdoutIsTerminal {
					return errs.New(errs.Usage, "standard output is a terminal: write %s to a file with --out FILE, or pipe it", a.Name)
				}
				return s.CopyAttachment(a, r.env.Stdout)
			}
			p, err := s.SaveAttachment(a, out, force)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(r.env.Stdout, map[string]any{"file": p, "name": a.Name, "size": a.Size, "sha256": a.SHA256})
			}
			r.stderrf("phr: wrote %s (%s, not encrypted: keep it private)\n", p, app.SizeWords(a.Size))
			return nil
		},
	}
	get.Flags().StringVar(&name, "name", "", "the attachment's file `NAME`, when the entry has several")
	get.Flags().StringVar(&out, "out", "", "the `FILE` to write the copy to (never inside the vault folder); - for standard output")
	get.Flags().BoolVar(&force, "force", false, "replace the --out file if it exists")
	get.Flags().BoolVar(&asJSON, "json", false, "print {file, name, size, sha256}")
	cmd.AddCommand(get)
	return cmd
}
