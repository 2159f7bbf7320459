package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
)

func (r *runner) settingsCommand() *cobra.Command {
	var privacy, lockAfter string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "settings [--privacy-start on|off] [--lock-after DURATION|off] [--json]",
		Short:   "Show or change the interface settings (privacy mode at start, idle lock)",
		GroupID: "vault",
		Example: "  phr settings\n  phr settings --privacy-start on --lock-after 2m",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			change := fs.Changed("privacy-start") || fs.Changed("lock-after")
			mode := app.ReadMostly
			if change {
				mode = app.ReadWrite
			}
			s, err := r.open(cmd.Context(), mode)
			if err != nil {
				return err
			}
			if change {
				var p *bool
				var l *string
				if fs.Changed("privacy-start") {
					on, err := onOff(privacy)
					if err != nil {
						return err
					}
					p = &on
				}
				if fs.Changed("lock-after") {
					l = &lockAfter
				}
				if err := s.SaveSettings(cmd.Context(), p, l); err != nil {
					return err
				}
			}
			st, err := s.Settings(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(r.env.Stdout, st)
			}
			privacyText := "off"
			if st.PrivacyStart {
				privacyText = "on"
			}
			lock := dash(st.LockAfter)
			if d, err := app.ParseLockAfter(st.LockAfter); err == nil && st.LockAfter != "" {
				lock = app.DurationWords(d) + " (" + st.LockAfter + ")"
			}
			fmt.Fprintf(r.env.Stdout, "privacy mode at start  %s\nlock after             %s\n", privacyText, safe(lock))
			return nil
		},
	}
	cmd.Flags().StringVar(&privacy, "privacy-start", "", "start the interface in privacy mode: `on|off`")
	cmd.Flags().StringVar(&lockAfter, "lock-after", "", "lock the interface after this long (a `DURATION`) without a key press, 30s to 24h (e.g. 2m), or off")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {privacy_start, lock_after}")
	return cmd
}

func onOff(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "on", "yes", "true", "1":
		return true, nil
	case "off", "no", "false", "0":
		return false, nil
	}
	return false, errs.New(errs.Usage, "--privacy-start %q: say on or off", s)
}
