package accessible

import (
	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
)

// profile shows and changes the profile and emergency details, as the full
// interface's profile screen does.
func (u *ui) profile() error {
	for {
		p, err := u.s.Profile(u.ctx)
		if err != nil {
			return err
		}
		u.heading("Your profile and emergency details")
		u.say("Shown on your home screen and on the summary you print. A share carries only your name and date of birth.")
		for _, f := range []struct{ name, v string }{{"Name", p.Name}, {"Date of birth", p.Born}, {"Blood type", p.BloodType},
			{"Emergency contact", p.EmergencyContact}, {"Languages", p.Languages}, {"What a carer or paramedic must know first", p.EmergencyNotes}} {
			v := safetext.Line(f.v)
			if v == "" {
				v = "not given"
			}
			u.say(f.name + ": " + v)
		}
		i, err := u.choose([]string{"Back", "Change them"})
		if err != nil || i == 0 {
			return err
		}
		if err := u.changeProfile(p); err != nil {
			return err
		}
	}
}

// changeProfile asks each field, showing its answer now, and saves them;
// answers the save refuses are kept to be corrected.
func (u *ui) changeProfile(q record.Profile) error {
	for {
		var err error
		u.heading("Change your profile")
		u.say("Press Enter alone to keep an answer as it is.")
		if q.Name, err = u.field("Your name", "", q.Name); err != nil {
			return err
		}
		for {
			// Checked as the full interface's form checks it; the profile
			// use case reads it again.
			if q.Born, err = u.field("Date of birth", "23 April 1970 or 1970-04-23", q.Born); err != nil {
				return err
			}
			if q.Born == "" {
				break
			}
			if _, err := app.BirthDate(q.Born, u.s.Now()); err != nil {
				u.fail(err)
				q.Born = ""
				continue
			}
			break
		}
		// An imported value phr cannot read stays choosable as it is.
		if err := u.askChoice("Blood type", &q.BloodType, record.BloodTypes(), func(s string) string { return s }, "not known"); err != nil {
			return err
		}
		for _, f := range []struct {
			label, example string
			to             *string
		}{
			{"Emergency contact: who to call, and how", "Sam Carter (partner), 07700 900123", &q.EmergencyContact},
			{"Languages you speak", "English, Welsh", &q.Languages},
			{"What a carer or paramedic must know first", "type 1 diabetes, insulin pump; lives alone", &q.EmergencyNotes},
		} {
			if *f.to, err = u.field(f.label, f.example, *f.to); err != nil {
				return err
			}
		}
		if err := u.s.SetProfile(u.ctx, q); err != nil {
			if err := u.failSave(err); err != nil {
				return err
			}
			if i, err := u.choose([]string{"Correct the answers", "Give up the changes"}); err != nil || i == 1 {
				return err
			}
			continue
		}
		u.say("✓ Profile saved.")
		return nil
	}
}
