package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

func (r *runner) settingsCommand() *cobra.Command {
	var privacy, lockAfter string
	var asJSON bool
	units := map[string]*string{}
	cmd := &cobra.Command{
		Use:     "settings [--privacy-start on|off] [--lock-after DURATION|off] [--weight kg|lb|st] [--height cm|ft] [--temperature C|F] [--glucose mmol/L|mg/dL] [--distance km|mi] [--json]",
		Short:   "Show or change the settings (privacy mode at start, idle lock, the units readings are shown in)",
		GroupID: "vault",
		Example: "  phr settings\n  phr settings --privacy-start on --lock-after 2m\n  phr settings --weight st --height ft --temperature F --glucose mg/dL --distance mi\n  phr settings --weight as-recorded",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			set := map[string]string{}
			for _, k := range record.UnitKinds {
				if fs.Changed(k) {
					set[k] = *units[k]
				}
			}
			change := fs.Changed("privacy-start") || fs.Changed("lock-after") || len(set) > 0
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
				if err := s.ChangeSettings(cmd.Context(), app.SettingsChange{PrivacyStart: p, LockAfter: l, Units: set}); err != nil {
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
			for _, k := range record.UnitKinds {
				fmt.Fprintf(r.env.Stdout, "%-22s %s\n", k+" in", record.UnitChoiceWords(st.Units.Get(k)))
			}
			return nil
		},
	}
	for _, k := range record.UnitKinds {
		units[k] = cmd.Flags().String(k, "", fmt.Sprintf("show %s readings in `%s` (as-recorded: as each was recorded; entries keep their recorded values)", unitFlagWhat[k], strings.Join(record.UnitChoices(k), "|")))
	}
	cmd.Flags().StringVar(&privacy, "privacy-start", "", "start the interface in privacy mode: `on|off`")
	cmd.Flags().StringVar(&lockAfter, "lock-after", "", "lock the interface after this long (a `DURATION`) without a key press, 30s to 24h (e.g. 2m), or off")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {privacy_start, lock_after, units}")
	return cmd
}

// unitFlagWhat names what each unit flag converts.
var unitFlagWhat = map[string]string{
	"weight":      "weight",
	"height":      "height (and other body lengths, in inches under ft)",
	"temperature": "temperature",
	"glucose":     "blood glucose",
	"distance":    "distance",
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
