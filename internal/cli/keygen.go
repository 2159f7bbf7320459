package cli

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
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
