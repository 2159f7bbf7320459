package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

func (r *runner) archiveCommand() *cobra.Command {
	var out, passFile string
	var force, asJSON bool
	cmd := &cobra.Command{
		Use:     "archive --out FILE [--archive-passphrase-file F] [--force]",
		Short:   "Your whole record as one encrypted file that opens without phr (age and tar)",
		GroupID: "print",
		Long: "Writes every entry, your profile, carers, audit log and attachments as FHIR R4 NDJSON, an IPS\n" +
			"document, a page to read in a browser and the files themselves, in a tar encrypted with age: to\n" +
			"your vault key (open it as record.age, see \"Leaving phr\" in the README), or to a passphrase of its\n" +
			"own from --archive-passphrase-file. Its README.txt says how to read it with a browser or jq.\n" +
			"It holds sensitive entries too: it is your own copy of everything.",
		Example: "  phr archive --out phr-archive.tar.age\n" +
			"  phr archive --archive-passphrase-file archive-pass.txt --out phr-archive.tar.age --json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errs.New(errs.Usage, "say where to write the archive: --out FILE")
			}
			req := app.ArchiveRequest{Out: out, Force: force, Version: r.env.Version.Version}
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
			res, err := s.Archive(cmd.Context(), req)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(r.env.Stdout, res)
			}
			m := res.Manifest
			fmt.Fprintf(r.env.Stdout, "wrote %s: %s, %s, %s, %s, %d bytes, encrypted to the %s\nsha256 %s\n",
				res.File, record.Count(m.Entries, "entry", "entries"), record.Count(m.Attachments, "attachment", "attachments"),
				record.Count(m.Carers, "carer", "carers"), record.Count(m.AuditRows, "audit row", "audit rows"), res.Size, res.Encryption, res.SHA256)
			if passFile != "" {
				r.stderrf("phr: open it with: age -d %s | tar -x   (asks for the archive's passphrase)\n", res.File)
			} else {
				r.stderrf("phr: open it with: age -d identity.age > vault-key.txt; age -d -i vault-key.txt %s | tar -x   (see README.txt inside)\n", res.File)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "", "the `FILE` to write (never inside the vault folder)")
	f.StringVar(&passFile, "archive-passphrase-file", "", "encrypt to the passphrase on the first line of `FILE` instead of the vault key")
	f.BoolVar(&force, "force", false, "replace the file if it exists")
	f.BoolVar(&asJSON, "json", false, "print {file, sha256, size, encrypted_to, manifest}")
	return cmd
}
