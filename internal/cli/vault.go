package cli

import (
	"bytes"
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
)

// newPassphrase reads a new passphrase from a file or asks twice on the
// terminal. It never reads it from an argument.
func (r *runner) newPassphrase(file, what string) ([]byte, error) {
	if file != "" {
		return app.ReadSecretFile(file)
	}
	if cmd := r.env.Getenv("PHR_PASSPHRASE_COMMAND"); cmd != "" && what == "vault" {
		return app.RunSecretCommand(cmd)
	}
	if !r.env.StdinIsTerminal || r.env.Prompt == nil {
		return nil, errs.New(errs.Unlock, "no terminal to ask for the new passphrase: give it with --passphrase-file FILE "+
			"(or PHR_PASSPHRASE_FILE, PHR_PASSPHRASE_COMMAND)")
	}
	r.stderrf("phr: choose a passphrase of at least 15 characters: three or four random words work well (phr password generate suggests some)\n")
	for {
		p, err := r.env.Prompt("New passphrase: ")
		if err != nil {
			return nil, errs.New(errs.Unlock, "read passphrase: %w", err)
		}
		if err := app.CheckPassphrase(p, nil); err != nil {
			r.stderrf("phr: %s\n", err)
			clear(p)
			continue
		}
		again, err := r.env.Prompt("Type it again: ")
		if err != nil {
			return nil, errs.New(errs.Unlock, "read passphrase: %w", err)
		}
		same := bytes.Equal(p, again)
		clear(again)
		if same {
			return p, nil
		}
		clear(p)
		r.stderrf("phr: the two passphrases differ; try again\n")
	}
}

// initOptions are phr init's new passphrase (read before anything is
// made) and flags.
type initOptions struct {
	Passphrase     []byte
	Remember, JSON bool
}

func (r *runner) initCommand() *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:     "init [--remember]",
		Short:   "Create a new encrypted vault",
		GroupID: "vault",
		Example: "  phr init\n  phr init --passphrase-file ~/phr-pass.txt --remember",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			if err := vaultAbsent(cfg); err != nil {
				return err
			}
			file := r.passphraseFile
			if file == "" {
				file = r.env.Getenv("PHR_PASSPHRASE_FILE")
			}
			pass, err := r.newPassphrase(file, "vault")
			if err != nil {
				return err
			}
			defer clear(pass)
			o.Passphrase = pass
			return r.runInit(cmd.Context(), cfg, o)
		},
	}
	cmd.Flags().BoolVar(&o.Remember, "remember", false, "also keep the vault key in the system keyring")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print {vault, remembered}")
	return cmd
}

// vaultAbsent refuses a folder that already holds a vault.
func vaultAbsent(cfg app.Config) error {
	if ok, err := app.Exists(cfg); err != nil {
		return err
	} else if ok {
		return errs.New(errs.Usage, "a vault already exists in %s: use it, or choose another folder with --vault", cfg.VaultDir)
	}
	return nil
}

// runInit makes a new vault in cfg's folder with o's passphrase.
func (r *runner) runInit(ctx context.Context, cfg app.Config, o initOptions) error {
	if err := vaultAbsent(cfg); err != nil {
		return err
	}
	s, err := app.Init(ctx, cfg, o.Passphrase)
	if err != nil {
		return err
	}
	defer s.Close()
	if o.Remember {
		if err := s.Remember(ctx); err != nil {
			return fmt.Errorf("the vault was created, but %w", err)
		}
	}
	if o.JSON {
		return printJSON(r.env.Stdout, map[string]any{"vault": cfg.VaultDir, "remembered": o.Remember})
	}
	fmt.Fprintf(r.env.Stdout, "Created a vault in %s\n", safe(cfg.VaultDir))
	r.stderrf("phr: keep your passphrase safe: without it the record cannot be opened; back up the whole folder\n")
	return nil
}

// passwdOptions are phr passwd's new passphrase (read after the vault is
// unlocked with the current one) and --json.
type passwdOptions struct {
	NewPassphrase []byte
	JSON          bool
}

// runPasswd changes the passphrase of the vault s was unlocked with.
func (r *runner) runPasswd(ctx context.Context, s *app.Session, o passwdOptions) error {
	if err := s.ChangePassphrase(ctx, o.NewPassphrase); err != nil {
		return err
	}
	r.stderrf("phr: passphrase changed\n")
	if o.JSON {
		return printJSON(r.env.Stdout, map[string]any{"vault": s.Dir(), "changed": true})
	}
	return nil
}

func (r *runner) passwdCommand() *cobra.Command {
	var newFile string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "passwd",
		Short: "Change the passphrase (rewrites only identity.age)",
		Long: "Change the passphrase (rewrites only identity.age).\n\n" +
			"phr passwd asks for the current passphrase (or reads it from --passphrase-file, PHR_PASSPHRASE_FILE or " +
			"PHR_PASSPHRASE_COMMAND); the unlock agent and the system keyring are never enough. The new identity.age " +
			"and the change's audit row are one outcome: if either cannot be written, the old passphrase still opens " +
			"the vault, and the message says which passphrase does.",
		GroupID: "vault",
		Example: "  phr passwd\n  phr passwd --passphrase-file old.txt --new-passphrase-file new.txt",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Changing the passphrase proves knowledge of the current one:
			// the unlock agent and the keyring hold the key, not the
			// passphrase, and whoever sits at an unlocked account could
			// otherwise lock its owner out.
			u := r.unlock()
			u.NoAgent, u.NoKeyring = true, true
			if u.PassphraseFile == "" && u.PassphraseCommand == "" && u.Prompt == nil {
				return errs.New(errs.Unlock, "phr passwd needs the current passphrase, never the unlock agent or the keyring: "+
					"give it with --passphrase-file FILE (or PHR_PASSPHRASE_FILE, PHR_PASSPHRASE_COMMAND), or run phr passwd in a terminal")
			}
			s, err := r.openWith(cmd.Context(), app.ReadWrite, u)
			if err != nil {
				return err
			}
			pass, err := r.newPassphrase(newFile, "new")
			if err != nil {
				return err
			}
			defer clear(pass)
			return r.runPasswd(cmd.Context(), s, passwdOptions{NewPassphrase: pass, JSON: asJSON})
		},
	}
	cmd.Flags().StringVar(&newFile, "new-passphrase-file", "", "read the new passphrase from the first line of `FILE`")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {vault, changed}")
	return cmd
}

// runRemember keeps the vault key of s in the system keyring.
func (r *runner) runRemember(ctx context.Context, s *app.Session, asJSON bool) error {
	if err := s.Remember(ctx); err != nil {
		return err
	}
	r.stderrf("phr: the vault key is in the system keyring; phr forget removes it\n")
	if asJSON {
		return printJSON(r.env.Stdout, map[string]any{"vault": s.Dir(), "remembered": true})
	}
	return nil
}

func (r *runner) rememberCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "remember",
		Short:   "Keep the vault key in the system keyring, so commands unlock without a passphrase",
		GroupID: "vault",
		Example: "  phr remember\n  phr remember --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			return r.runRemember(cmd.Context(), s, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {vault, remembered}")
	return cmd
}

// runForget removes the vault key of cfg's vault from the system keyring
// and writes that to the audit log through s, when s is open for writing
// (nil: the vault could not be opened).
func (r *runner) runForget(ctx context.Context, cfg app.Config, s *app.Session, asJSON bool) error {
	removed, err := app.Forget(ctx, cfg)
	if err != nil {
		return err
	}
	if removed {
		r.stderrf("phr: the vault key was removed from the system keyring\n")
	} else {
		r.stderrf("phr: the system keyring held no key for this vault\n")
	}
	audited := s != nil && s.Writable()
	if !audited {
		r.stderrf("phr: (not written to the audit log: the vault could not be opened for writing)\n")
	} else if err := s.AuditForget(ctx, removed); err != nil {
		return err
	}
	if asJSON {
		return printJSON(r.env.Stdout, map[string]any{"vault": cfg.VaultDir, "removed": removed, "audited": audited})
	}
	return nil
}

func (r *runner) forgetCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "forget",
		Short:   "Remove the vault key from the system keyring",
		GroupID: "vault",
		Example: "  phr forget\n  phr forget --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			// Unlock first (perhaps with the very key being removed) so the
			// forget can be written to the audit log.
			s, openErr := r.open(cmd.Context(), app.ReadMostly)
			if openErr != nil {
				s = nil
			}
			return r.runForget(cmd.Context(), cfg, s, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {vault, removed, audited}")
	return cmd
}

// restoreOptions are phr restore's choice: put back backup Backup (1 to
// 3), or carry on with the record.age that is there (KeepCurrent).
type restoreOptions struct {
	Backup      int
	KeepCurrent bool
	JSON        bool
}

func (r *runner) restoreCommand() *cobra.Command {
	o := restoreOptions{Backup: 1}
	cmd := &cobra.Command{
		Use:   "restore [--backup N | --keep-current]",
		Short: "Put back a backup (record.age.N), keeping the current file aside",
		Long: "Put back a backup (record.age.N), keeping the current file aside.\n\n" +
			"phr remembers the last version of the record it saw on this computer. When record.age is older " +
			"than that (a sync tool or a copy put an old one back), commands that change the record refuse " +
			"with exit 6 until you choose: restore a newer backup with --backup N, or carry on with the " +
			"record.age that is there with --keep-current.",
		GroupID: "vault",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.KeepCurrent && cmd.Flags().Changed("backup") {
				return errs.New(errs.Usage, "use either --backup N or --keep-current, not both")
			}
			if err := o.check(); err != nil {
				return err
			}
			cfg, err := r.config()
			if err != nil {
				return err
			}
			return r.runRestore(cmd.Context(), cfg, r.unlock(), o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print {vault, kept_current, restored, aside}")
	cmd.Example = "  phr restore --backup 1\n  phr restore --keep-current --json"
	cmd.Flags().IntVar(&o.Backup, "backup", 1, "which backup, `N`: 1 (newest) to 3")
	cmd.Flags().BoolVar(&o.KeepCurrent, "keep-current", false, "carry on with record.age as it is, after phr said it is older than the version it last saw")
	return cmd
}

// check refuses a backup number that is not 1, 2 or 3.
func (o restoreOptions) check() error {
	if !o.KeepCurrent && (o.Backup < 1 || o.Backup > 3) {
		return errs.New(errs.Usage, "--backup must be 1, 2 or 3 (1 is the newest)")
	}
	return nil
}

// runRestore does what o chooses on cfg's vault, unlocked with u (restore
// opens the vault itself: the record may not be readable).
func (r *runner) runRestore(ctx context.Context, cfg app.Config, u app.Unlock, o restoreOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	if o.KeepCurrent {
		if err := app.KeepCurrent(ctx, cfg, u); err != nil {
			return err
		}
		if o.JSON {
			return printJSON(r.env.Stdout, map[string]any{"vault": cfg.VaultDir, "kept_current": true, "restored": nil, "aside": nil})
		}
		fmt.Fprintln(r.env.Stdout, "kept record.age as it is; phr carries on from this version")
		return nil
	}
	aside, err := app.Restore(ctx, cfg, u, o.Backup)
	if err != nil {
		return err
	}
	if o.JSON {
		return printJSON(r.env.Stdout, map[string]any{"vault": cfg.VaultDir, "kept_current": false, "restored": o.Backup, "aside": aside})
	}
	fmt.Fprintf(r.env.Stdout, "restored record.age.%d; the previous record.age is kept as %s\n", o.Backup, safe(aside))
	return nil
}
