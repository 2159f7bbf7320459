package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// profileSetOptions are phr profile set's flags: nil for a field not
// given, which stays as it is.
type profileSetOptions struct {
	Name, Born, BloodType, EmergencyContact, Languages, EmergencyNotes *string
	JSON                                                               bool
}

// fields pairs each option with the profile field it changes.
func (o profileSetOptions) fields(p *record.Profile) [][2]*string {
	return [][2]*string{{o.Name, &p.Name}, {o.Born, &p.Born}, {o.BloodType, &p.BloodType},
		{o.EmergencyContact, &p.EmergencyContact}, {o.Languages, &p.Languages}, {o.EmergencyNotes, &p.EmergencyNotes}}
}

func (r *runner) profileCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "profile",
		Example: "  phr profile\n  phr profile set --name \"Ada Lovelace\" --born 1815-12-10\n  phr profile --json",
		Short:   "Show your profile (name, date of birth, blood type, emergency contact)",
		GroupID: "record",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			return r.runProfile(cmd.Context(), s, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the profile as JSON")
	cmd.AddCommand(r.profileSetCommand())
	return cmd
}

// runProfile prints the profile.
func (r *runner) runProfile(ctx context.Context, s *app.Session, asJSON bool) error {
	p, err := s.Profile(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(r.env.Stdout, p)
	}
	fmt.Fprintf(r.env.Stdout, "name               %s\nborn               %s\nblood type         %s\nemergency contact  %s\nlanguages          %s\nemergency notes    %s\n",
		dash(safe(p.Name)), dash(safe(p.Born)), dash(safe(p.BloodType)), dash(safe(p.EmergencyContact)), dash(safe(p.Languages)), dash(safe(p.EmergencyNotes)))
	return nil
}

func (r *runner) profileSetCommand() *cobra.Command {
	var o profileSetOptions
	var v struct{ name, born, blood, contact, languages, notes string }
	cmd := &cobra.Command{
		Use:     "set [--name N] [--born YYYY-MM-DD] [--blood-type T] [--emergency-contact S] [--languages L] [--emergency-notes S]",
		Short:   "Change your profile: only the flags you give change",
		Example: "  phr profile set --name \"Ada Lovelace\" --born 1815-12-10 --blood-type O+ --emergency-contact \"Mary, 07700 900123\"",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			given := func(flag string, val *string) *string {
				if fs.Changed(flag) {
					return val
				}
				return nil
			}
			o.Name, o.Born, o.BloodType = given("name", &v.name), given("born", &v.born), given("blood-type", &v.blood)
			o.EmergencyContact, o.Languages, o.EmergencyNotes = given("emergency-contact", &v.contact), given("languages", &v.languages), given("emergency-notes", &v.notes)
			if err := o.check(); err != nil {
				return err
			}
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			return r.runProfileSet(cmd.Context(), s, o)
		},
	}
	cmd.Flags().StringVar(&v.name, "name", "", "your `NAME`")
	cmd.Flags().StringVar(&v.born, "born", "", "your date of birth, a `DATE`: 1815-12-10 or 10 December 1815")
	cmd.Flags().StringVar(&v.blood, "blood-type", "", "your blood `TYPE` (A+, A-, B+, B-, AB+, AB-, O+, O-)")
	cmd.Flags().StringVar(&v.contact, "emergency-contact", "", "`WHO` to call in an emergency, and how")
	cmd.Flags().StringVar(&v.languages, "languages", "", "the `LANGUAGES` you speak, e.g. \"English, Welsh\"")
	cmd.Flags().StringVar(&v.notes, "emergency-notes", "", "`WHAT` a carer or paramedic must know first, e.g. \"type 1 diabetes; pacemaker\"")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the profile as JSON")
	return cmd
}

// check refuses a set that changes nothing.
func (o profileSetOptions) check() error {
	for _, f := range o.fields(&record.Profile{}) {
		if f[0] != nil {
			return nil
		}
	}
	return errs.New(errs.Usage, "nothing to change: give --name, --born, --blood-type, --emergency-contact, --languages or --emergency-notes")
}

// runProfileSet changes the fields o gives and saves the profile.
func (r *runner) runProfileSet(ctx context.Context, s *app.Session, o profileSetOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	p, err := s.Profile(ctx)
	if err != nil {
		return err
	}
	for _, f := range o.fields(&p) {
		if f[0] != nil {
			*f[1] = strings.TrimSpace(*f[0])
		}
	}
	if err := s.SetProfile(ctx, p); err != nil {
		return err
	}
	if p, err = s.Profile(ctx); err != nil {
		return err
	}
	if o.JSON {
		return printJSON(r.env.Stdout, p)
	}
	r.stderrf("phr: profile saved\n")
	return nil
}
