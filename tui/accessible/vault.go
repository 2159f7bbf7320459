package accessible

import (
	"fmt"
	"time"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
)

// firstRun walks a newcomer through creating a vault, as the full
// interface's welcome screen does: what phr is, a passphrase rated by the
// policy (or random words to write down), typed again, and the choice of
// the system keyring.
func (u *ui) firstRun() (*app.Session, error) {
	u.heading("Welcome")
	u.say("phr keeps your health record on this computer, encrypted.",
		"Only your passphrase opens it; you choose what to share with the people who care for you.",
		"Write your passphrase down and keep it safe: without it nobody can open your record, not even you.")
	pass, err := u.newPassphrase("your record", nil)
	if err != nil {
		return nil, err
	}
	defer clear(pass)
	u.heading("Remember the key?")
	u.say("phr can keep the key in this computer's keyring, so it opens without asking for your passphrase.")
	i, err := u.choose([]string{"No: ask for my passphrase each time", "Yes: remember the key in the keyring"})
	if err != nil {
		return nil, err
	}
	u.say("Creating your encrypted vault…")
	s, err := app.Init(u.ctx, u.o.Config, pass)
	if err != nil {
		// Said by the command, with its exit code.
		return nil, err
	}
	status := "✓ Your vault is ready."
	if i == 1 {
		if err := s.Remember(u.ctx); err != nil {
			status += " The key could not be kept in the system keyring, so phr will ask for your passphrase each time (" +
				safetext.Line(err.Error()) + "); phr remember tries again."
		} else {
			status += " The key is kept in the system keyring."
		}
	}
	u.say(status)
	return s, nil
}

// passwd changes the vault's passphrase, as the full interface does: the
// current one first (the record may have been opened from the keyring, and
// whoever sits at it must not lock its owner out), then a new one rated by
// the policy with the profile's words, typed twice.
func (u *ui) passwd() error {
	u.heading("Change your passphrase")
	u.say("Type your current passphrase first: it shows the record is yours to change.")
	var current []byte
	defer func() { clear(current) }()
	for {
		var err error
		if current, err = u.secret("Your current passphrase"); err != nil {
			return err
		}
		err = u.s.CheckCurrentPassphrase(current)
		if err == nil {
			break
		}
		clear(current)
		u.fail(err)
		if i, err := u.choose([]string{"Type it again", "Cancel"}); err != nil || i == 1 {
			return err
		}
	}
	p, err := u.s.Profile(u.ctx)
	if err != nil {
		return err
	}
	for {
		next, err := u.newPassphrase("your record", p.Words())
		if err != nil {
			return err
		}
		err = u.s.ChangePassphraseFrom(u.ctx, current, next)
		clear(next)
		if err == nil {
			u.say("✓ Your passphrase is changed: from now on only the new one opens your record. Write it down and keep it safe.")
			return nil
		}
		if err := u.failSave(err); err != nil {
			return err
		}
		if i, err := u.choose([]string{"Choose another", "Cancel: keep the passphrase you have"}); err != nil || i == 1 {
			return err
		}
	}
}

// settings changes the settings kept in the record: start in privacy mode,
// the idle lock (which the full-screen interface uses) and the units
// readings are shown in, in one change (app.ChangeSettings).
func (u *ui) settings() error {
	st, err := u.s.Settings(u.ctx)
	if err != nil {
		return err
	}
	u.heading("Settings")
	privacy := st.PrivacyStart
	u.say("Start the full-screen interface in privacy mode? Sensitive entries stay hidden until you reveal one.")
	now := 0
	if privacy {
		now = 1
	}
	i, err := u.chooseOr([]string{"No", "Yes"}, now)
	if err != nil {
		return err
	}
	privacy = i == 1
	var lockAfter string
	for {
		v, err := u.field("Lock after: how long without a key press, from 30s to 24h, e.g. 2m or 15m; off to never lock by itself", "", st.LockAfter)
		if err != nil {
			return err
		}
		if v == "" {
			break
		}
		if _, err := app.ParseLockAfter(v); err != nil {
			u.fail(err)
			continue
		}
		lockAfter = v
		break
	}
	var lock *string
	if lockAfter != "" {
		lock = &lockAfter
	}
	// The units readings are said in; entries keep what was recorded.
	u.say("Units: entries keep the values they were recorded in.")
	units := map[string]string{}
	for _, k := range record.UnitKinds {
		v := st.Units.Get(k)
		if err := u.askChoice(unitTitles[k], &v, record.UnitChoices(k), record.UnitChoiceWords, "as recorded"); err != nil {
			return err
		}
		units[k] = v
	}
	if err := u.s.ChangeSettings(u.ctx, app.SettingsChange{PrivacyStart: &privacy, LockAfter: lock, Units: units}); err != nil {
		return u.failSave(err)
	}
	if u.units, err = u.s.Units(u.ctx); err != nil {
		return err
	}
	status := "✓ Settings saved."
	if d, err := app.ParseLockAfter(lockAfter); err == nil && lockAfter != "" {
		status += " The full-screen interface locks after " + app.DurationWords(d) + " without a key press."
		if d == 0 {
			status = "✓ Settings saved: the full-screen interface never locks by itself."
		}
	}
	u.say(status)
	return nil
}

// unitTitles asks for each kind of measurement's unit, as the full
// interface's settings do.
var unitTitles = map[string]string{
	"weight":      "Weight in",
	"height":      "Height in",
	"temperature": "Temperature in",
	"glucose":     "Blood glucose in",
	"distance":    "Distance in",
}

// auditPage is how many rows of the audit log a page lists.
const auditPage = 20

// audit reads the audit log, newest first, each row in words; a row opens
// with everything it holds.
func (u *ui) audit() error {
	t, err := u.s.AuditLog(u.ctx)
	if err != nil {
		return err
	}
	from := 0 // rows from the newest
	for {
		u.heading("Audit log")
		if t.Broken != nil {
			u.say("✗ The log was altered: " + safetext.Line(t.Broken.Error()))
		} else {
			u.say(fmt.Sprintf("The log holds %s, each chained to the one before.", record.Count(len(t.Rows), "row", "rows")))
		}
		var choices []audit.Row
		var labels []string
		for i := len(t.Rows) - 1 - from; i >= 0 && len(choices) < auditPage; i-- {
			r := t.Rows[i]
			w := audit.Describe(r, time.Local)
			choices = append(choices, r)
			labels = append(labels, r.At.Local().Format("2 Jan 2006 15:04")+": "+safetext.Line(w.Sentence()))
		}
		more := from+len(choices) < len(t.Rows)
		if more {
			labels = append(labels, "Earlier rows")
		}
		labels = append(labels, "Back")
		i, err := u.choose(labels)
		switch {
		case err != nil || i == len(labels)-1:
			return err
		case i == len(choices):
			from += len(choices)
			continue
		}
		r := choices[i]
		w := audit.Describe(r, time.Local)
		u.heading(fmt.Sprintf("Row %d of the audit log", r.Seq))
		u.say("When: "+w.When, "Who: "+w.Who, "What: "+safetext.Line(w.What),
			"Stored as: "+safetext.Line(r.Action+" "+r.Detail), "Chained to: "+r.Prev)
		if _, err := u.choose([]string{"Back to the log"}); err != nil {
			return err
		}
	}
}
