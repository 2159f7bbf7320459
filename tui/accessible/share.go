package accessible

import (
	"crypto/rand"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// carerLabel is a carer as a choice: name, who they are, the short
// fingerprint of their key.
func carerLabel(c record.Carer) string {
	s := safetext.Line(c.Name)
	if c.Relationship != "" {
		s += " (" + safetext.Line(c.Relationship) + ")"
	}
	return s + ", key " + app.RecipientFingerprint(c.Recipient)
}

// carers lists the carers and what was shared with whom until when, and
// adds, removes and shares, as the full interface's carers screen does.
func (u *ui) carers() error {
	for {
		cs, err := u.s.Carers(u.ctx)
		if err != nil {
			return err
		}
		shares, err := u.s.Shares(u.ctx)
		if err != nil {
			return err
		}
		u.heading("Carers and what you shared")
		u.say("Carers: " + record.Count(len(cs), "carer", "carers") + ".")
		if len(cs) == 0 {
			u.say("None yet: ask your carer to run phr keygen and send you the text it prints, then add them.")
		}
		for _, c := range cs {
			u.say(carerLabel(c) + ", added " + c.Added.Format("2006-01-02") + ".")
		}
		u.say("What you shared: " + record.Count(len(shares), "share", "shares") + ".")
		for _, s := range shares {
			state := "readable until " + s.Expires.Local().Format("2006-01-02 15:04") + " (" + when.Left(s.Expires.Sub(u.s.Now())) + ")"
			if s.Expired {
				state = "expired " + s.Expires.Local().Format("2006-01-02")
			}
			line := fmt.Sprintf("%s to %s, %s", s.Created.Local().Format("2006-01-02"), safetext.Line(s.Carer), record.Count(s.Entries, "entry", "entries"))
			if s.File != "" {
				line += ", " + safetext.Line(filepath.Base(s.File))
			}
			line += ", " + state
			if len(s.Sensitive) > 0 {
				line += ", sensitive included: " + kindWords(s.Sensitive)
			}
			u.say(line + ".")
		}
		u.say("Anyone you share with could keep a copy. Share only what you would be content for them to keep.")
		choices := []string{"Back", "Add a carer", "Share with a carer"}
		for _, c := range cs {
			choices = append(choices, "Remove "+safetext.Line(c.Name))
		}
		i, err := u.choose(choices)
		switch {
		case err != nil || i == 0:
			return err
		case i == 1:
			err = u.addCarer()
		case i == 2:
			err = u.share()
		default:
			err = u.removeCarer(cs[i-3])
		}
		if err != nil {
			return err
		}
	}
}

// removeCarer asks, "Keep" first, then removes the carer.
func (u *ui) removeCarer(c record.Carer) error {
	u.heading("Remove a carer")
	u.say("Remove " + safetext.Line(c.Name) + "? You will no longer be able to share with them. Anything already sent to them stays readable until it expires.")
	if i, err := u.choose([]string{"Keep " + safetext.Line(c.Name), "Remove"}); err != nil || i == 0 {
		return err
	}
	if err := u.s.RemoveCarer(u.ctx, c.Name); err != nil {
		return u.failSave(err)
	}
	u.say("✓ Removed " + safetext.Line(c.Name) + ". Anything already sent to them stays readable until it expires.")
	return nil
}

// addCarer adds a carer: name, who they are, their key pasted or read from
// a file, and its fingerprint to check with them before anything is stored.
func (u *ui) addCarer() error {
	u.heading("Add a carer")
	var name, rel string
	var err error
	for name == "" {
		if name, err = u.ask("Their name"); err != nil {
			return err
		}
		if name == "" {
			u.say("✗ A carer needs a name: type it.")
		}
	}
	if rel, err = u.ask("Who they are to you, for example partner, parent, child, paid carer (optional)"); err != nil {
		return err
	}
	var recipient, fingerprint string
	for {
		u.say("Their key: they make it with phr keygen on their computer and send you the text it prints.")
		i, err := u.choose([]string{"Paste the text they sent", "Read it from a file they sent", "Cancel"})
		if err != nil || i == 2 {
			return err
		}
		if i == 0 {
			u.say("Paste their key; it starts with age1 and may arrive broken over lines. Then press Enter on an empty line.")
			var lines []string
			for {
				l, err := u.line()
				if err != nil {
					return err
				}
				if strings.TrimSpace(l) == "" && len(lines) > 0 {
					break
				}
				lines = append(lines, l)
			}
			recipient, fingerprint, err = app.CarerKeyFromText(strings.Join(lines, "\n"))
		} else {
			var file string
			if file, err = u.ask("The file with their key, for example ~/Downloads/sam-key.txt"); err != nil {
				return err
			}
			recipient, fingerprint, err = app.CarerKeyFromFile(u.expandHome(file))
		}
		if err == nil {
			break
		}
		u.fail(err)
	}
	matched, err := u.checkKey(name, recipient, fingerprint)
	if err != nil || !matched {
		return err
	}
	c, err := u.s.AddCarer(u.ctx, name, recipient, rel)
	if err != nil {
		return u.failSave(err)
	}
	u.say("✓ Added " + safetext.Line(c.Name) + " as a carer: the fingerprint matches their key. You can share with them now.")
	return nil
}

// checkKey has the person check that the key is the carer's before it is
// stored, as the full interface does: the carer reads out the fingerprint
// their phr showed them and the person types it (the key's own is not shown,
// so it cannot be copied); or, side by side, the person compares it by eye.
// It reports whether to add them.
func (u *ui) checkKey(name, recipient, fingerprint string) (bool, error) {
	who := safetext.Line(name)
	for {
		u.heading("Check that this key is " + who + "'s")
		u.say("Ask " + who + " to read you the fingerprint their phr showed them (phr keygen --show), and type it here.")
		typed, err := u.ask("The fingerprint they read out (Enter alone to compare it by eye instead)")
		if err != nil {
			return false, err
		}
		if typed != "" {
			err := app.CheckCarerFingerprint(recipient, typed)
			switch {
			case err == nil:
				return true, nil
			case errs.Is(err, errs.Policy):
				u.say("✗ " + safetext.Line(err.Error()) + ", so it is another key: " + who +
					" was not added. Check what you typed; if it is what they read, ask them to send their key again.")
			default:
				u.fail(err)
			}
			if i, err := u.choose([]string{"Type it again", "Cancel"}); err != nil || i == 1 {
				return false, err
			}
			continue
		}
		u.heading("Compare the fingerprint")
		u.say("The key's fingerprint is "+fingerprint+".",
			"Compare it with the one on "+who+"'s screen (phr keygen --show shows it again). "+
				"Add them only if the two match: a different fingerprint means a different key, and whoever holds it could read what you share.")
		i, err := u.choose([]string{"Cancel", "Add " + who, "Type the fingerprint instead"})
		if err != nil || i == 0 {
			return false, err
		}
		if i == 1 {
			return true, nil
		}
	}
}

// shareAnswers is what the share questions chose.
type shareAnswers struct {
	carers []record.Carer
	to     string // a carer's name; "" for a passphrase
	cats   []record.Category
	ids    []string
	files  bool
	since  string
	until  string
	expiry time.Time
	out    string
	pass   []byte
}

// share is the share wizard in order: who, what, single entries, files,
// dates, how long, the file; a passphrase when there is no carer's key;
// the sensitive entries, which need a deliberate choice; a review that says
// who can read what until when; then the encrypted file. Every rule is
// internal/app's (PlanExport, Export).
func (u *ui) share() error {
	u.heading("Share with a carer")
	cs, err := u.s.Carers(u.ctx)
	if err != nil {
		return err
	}
	counts, err := u.s.Counts(u.ctx)
	if err != nil {
		return err
	}
	all, err := u.s.List(u.ctx, store.Filter{})
	if err != nil {
		return err
	}
	p, err := u.s.Profile(u.ctx)
	if err != nil {
		return err
	}
	a := shareAnswers{carers: cs}
	if len(cs) == 0 {
		u.say("No carers yet: you can protect the file with a passphrase, or add a carer under Carers and what you shared.")
	}
	// Who.
	var who []string
	for _, c := range cs {
		who = append(who, carerLabel(c))
	}
	u.say("Who is it for?")
	i, err := u.choose(append(who, "Someone without a key: protect it with a passphrase", "Cancel"))
	if err != nil || i == len(cs)+1 {
		return err
	}
	if i < len(cs) {
		a.to = cs[i].Name
	}
	// What.
	var cats []record.Category
	var labels []string
	for _, c := range record.Categories() {
		if counts[c] > 0 {
			cats = append(cats, c)
			labels = append(labels, fmt.Sprintf("%s (%d)", c.Label(), counts[c]))
		}
	}
	if len(cats) == 0 {
		u.say("✗ Your record is empty: there is nothing to share yet.")
		return nil
	}
	u.say("What to share: only what you tick leaves.")
	ticks, err := u.chooseMany(labels, make([]bool, len(cats)), true)
	if err != nil {
		return err
	}
	for j, t := range ticks {
		if t {
			a.cats = append(a.cats, cats[j])
		}
	}
	// Single entries.
	var es []record.Entry
	for _, e := range all {
		if slices.Contains(a.cats, e.Category) {
			es = append(es, e)
		}
	}
	u.say("Share every entry of those categories, or only some of them?")
	if i, err = u.choose([]string{"Every entry of them", "Only some: choose them"}); err != nil {
		return err
	}
	if i == 1 {
		var rows []string
		for _, e := range es {
			rows = append(rows, u.row(e)+", "+e.Category.Label())
		}
		u.say("Which entries?")
		ticks, err := u.chooseMany(rows, make([]bool, len(es)), true)
		if err != nil {
			return err
		}
		for j, t := range ticks {
			if t {
				a.ids = append(a.ids, es[j].ID)
			}
		}
	}
	// Files.
	if hasFiles(es, a.ids) {
		u.say("Send the attached files too? They go inside the encrypted file; else only their names leave.")
		if i, err = u.choose([]string{"Leave them out", "Send them"}); err != nil {
			return err
		}
		a.files = i == 1
	}
	// Dates.
	if len(a.ids) == 0 {
		for _, d := range []struct {
			label string
			to    *string
		}{{"From (a date, optional)", &a.since}, {"Until (a date, optional)", &a.until}} {
			for {
				v, err := u.ask(d.label)
				if err != nil {
					return err
				}
				if v != "" {
					if _, _, err := when.ParseDate(v); err != nil {
						u.fail(err)
						continue
					}
				}
				*d.to = v
				break
			}
		}
	}
	// How long.
	for {
		v, err := u.fieldOr("Readable for: in words, such as 3 days, 2 weeks or 1 month (1 year at most), or a date", "1 week")
		if err != nil {
			return err
		}
		at, err := when.ReadExpiry(v, u.s.Now())
		if err != nil {
			u.fail(err)
			continue
		}
		a.expiry = at
		u.say("Readable until " + when.Until(at.Local(), u.s.Now()) + ".")
		break
	}
	// The file.
	for {
		v, err := u.fieldOr("Save the file as", app.DefaultShareFile(u.o.Home, u.s.Now()))
		if err != nil {
			return err
		}
		if err := app.CheckNewFile(u.o.Config, u.expandHome(v)); err != nil {
			u.fail(err)
			continue
		}
		a.out = u.expandHome(v)
		break
	}
	defer clear(a.pass)
	if a.to == "" {
		if a.pass, err = u.newPassphrase("the file", p.Words()); err != nil {
			return err
		}
	}
	return u.planShare(a)
}

// hasFiles reports whether the entries (or the ones ticked) have an
// attached file.
func hasFiles(es []record.Entry, ids []string) bool {
	for _, e := range es {
		if len(e.Attachments) > 0 && (len(ids) == 0 || slices.Contains(ids, e.ID)) {
			return true
		}
	}
	return false
}

// request is the export request the answers make.
func (a *shareAnswers) request() app.ExportRequest {
	r := app.ExportRequest{To: a.to, Expires: a.expiry.Format(time.RFC3339), Out: a.out, WithAttachments: a.files,
		Selection: share.Selection{Categories: a.cats, Since: a.since, Until: a.until}}
	if len(a.ids) > 0 {
		// Single entries chosen: exactly those, whatever the dates say.
		r.Selection = share.Selection{IDs: slices.Clone(a.ids)}
	}
	if a.to == "" {
		r.Passphrase = slices.Clone(a.pass)
	}
	return r
}

// planShare plans the export, asks about sensitive entries, reviews and
// writes it.
func (u *ui) planShare(a shareAnswers) error {
	req := a.request()
	defer func() { clear(req.Passphrase) }()
	for {
		plan, err := u.s.PlanExport(u.ctx, req)
		switch {
		case errs.Is(err, errs.Policy) && plan != nil && !req.IncludeSensitive:
			keep, err := u.sensitive(plan)
			if err != nil || keep == nil {
				return err
			}
			if *keep {
				req.IncludeSensitive = true
			} else {
				req.Selection = share.Selection{IDs: notFlagged(plan)}
				if len(req.Selection.IDs) == 0 {
					u.say("✗ Everything you chose is sensitive, so nothing is left to share.")
					return nil
				}
			}
			continue
		case err != nil && a.to == "" && errs.Is(err, errs.Policy) && plan == nil:
			// The file's passphrase was refused (the vault's own): another.
			u.fail(err)
			clear(req.Passphrase)
			if req.Passphrase, err = u.newPassphrase("the file", nil); err != nil {
				return err
			}
			continue
		case err != nil:
			u.fail(err)
			return nil
		}
		return u.reviewShare(a, req, plan)
	}
}

// notFlagged is the chosen entries that are not sensitive.
func notFlagged(plan *app.ExportResult) []string {
	flagged := map[string]bool{}
	for _, f := range plan.Flagged {
		flagged[f.ID] = true
	}
	var ids []string
	for _, e := range plan.Selected {
		if !flagged[e.ID] {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// sensitive lists the sensitive entries chosen and why, and asks whether to
// include them ("Leave them out" first); nil is cancel.
func (u *ui) sensitive(plan *app.ExportResult) (*bool, error) {
	u.heading("Sensitive entries")
	if len(plan.Flagged) == 1 {
		u.say("1 of the entries you chose is sensitive:")
	} else {
		u.say(fmt.Sprintf("%d of the entries you chose are sensitive:", len(plan.Flagged)))
	}
	for _, f := range plan.Flagged {
		why := kindWords(f.Kinds)
		if len(f.NotChecked) > 0 {
			// An attachment phr could not read needs the same decision.
			why = strings.TrimPrefix(why+"; not checked: "+safetext.Line(strings.Join(f.NotChecked, ", ")), "; ")
		}
		if u.privacy && !u.revealed[f.ID] {
			u.say(dateWords(f.Date) + ", sensitive, hidden.")
			continue
		}
		line := fmt.Sprintf("%s, %s (%s)", dateWords(f.Date), safetext.Line(f.Title), why)
		if len(f.Kinds) > 0 && f.Reasons[f.Kinds[0]] != "" {
			line += ", because " + safetext.Line(f.Reasons[f.Kinds[0]])
		}
		u.say(line + ".")
	}
	u.say("They stay on this computer unless you decide to include them. Anyone you share with could keep a copy.")
	i, err := u.choose([]string{"Leave them out", "Include them", "Cancel the share"})
	if err != nil || i == 2 {
		return nil, err
	}
	include := i == 1
	return &include, nil
}

func dateWords(d string) string {
	if d == "" {
		return "undated"
	}
	return when.DateOf(d)
}

// reviewShare says plainly who will be able to read what until when, and
// writes the file after a deliberate "Share" ("Cancel" first).
func (u *ui) reviewShare(a shareAnswers, req app.ExportRequest, plan *app.ExportResult) error {
	u.heading("Review the share")
	who := "Anyone who has the file and its passphrase"
	for _, c := range a.carers {
		if c.Name == a.to {
			who = carerLabel(c)
		}
	}
	counts := map[record.Category]int{}
	for _, e := range plan.Selected {
		counts[e.Category]++
	}
	var cats []string
	for _, c := range record.Categories() {
		if counts[c] > 0 {
			cats = append(cats, fmt.Sprintf("%s %d", strings.ToLower(c.Label()), counts[c]))
		}
	}
	u.say(fmt.Sprintf("%s will be able to read %s (%s) until %s.", who, record.Count(plan.Entries, "entry", "entries"),
		strings.Join(cats, ", "), plan.Expires.Local().Format("Monday 2 January 2006, 15:04")))
	switch {
	case len(plan.SensitiveIncluded) > 0 && u.privacy:
		u.say("Sensitive entries are included (privacy mode hides which kinds).")
	case len(plan.SensitiveIncluded) > 0:
		u.say("Sensitive entries are included: " + kindWords(plan.SensitiveIncluded) + ".")
	default:
		u.say("No sensitive entries are included.")
	}
	switch {
	case plan.Files > 0:
		u.say(record.Count(plan.Files, "attached file", "attached files") + " (" + app.SizeWords(plan.FileBytes) + ") go inside, encrypted with it.")
	case plan.FilesLeft > 0:
		u.say(record.Count(plan.FilesLeft, "attached file", "attached files") + " stay behind: only their names leave.")
	}
	u.say("The file: " + safetext.Line(req.Out) + ". After that date phr refuses to open it, but anyone who read it could keep a copy.")
	if i, err := u.choose([]string{"Cancel", "Share"}); err != nil || i == 0 {
		return err
	}
	res, err := u.s.Export(u.ctx, req)
	if err != nil {
		return u.failSave(err)
	}
	to := safetext.Line(res.To)
	if a.to == "" {
		to = "anyone with the passphrase"
	}
	u.say(fmt.Sprintf("✓ Shared. Wrote %s: %s for %s, readable until %s.", safetext.Line(res.File),
		record.Count(res.Entries, "entry", "entries"), to, res.Expires.Local().Format("2006-01-02 15:04")))
	u.say("Send the file any way you like. It is in your shares history and the audit log.")
	if a.to == "" {
		u.say("Give them the passphrase another way than the file: in person or by phone, never in the same email.")
	}
	return nil
}

// newPassphrase asks for a new passphrase for what (the vault, a file):
// typed twice, or random words offered to write down; each is rated by
// the same policy as phr password check, with ownWords refused, and only an
// acceptable one is taken.
func (u *ui) newPassphrase(what string, ownWords []string) ([]byte, error) {
	for {
		u.heading("A passphrase for " + what)
		u.say("At least 15 characters; three or four random words work well.")
		i, err := u.choose([]string{"Type my own passphrase", "Suggest random words"})
		if err != nil {
			return nil, err
		}
		var pass []byte
		if i == 1 {
			words, err := passphrase.Generate(passphrase.DefaultWords, rand.Reader)
			if err != nil {
				u.fail(err)
				continue
			}
			u.say("Suggested, word by word, joined by hyphens:")
			for j, w := range strings.Split(words, "-") {
				u.say(fmt.Sprintf("%d. %s", j+1, w))
			}
			u.say("Whole: " + words)
			u.say("Write it down now. Then type it to show you have it.")
			pass = []byte(words)
		} else {
			if pass, err = u.secret("Passphrase"); err != nil {
				return nil, err
			}
			r := app.RatePassphrase(pass, ownWords)
			u.sayRating(r)
			if !r.Acceptable {
				clear(pass)
				continue
			}
		}
		again, err := u.secret("The same passphrase again")
		if err != nil {
			clear(pass)
			return nil, err
		}
		same := string(again) == string(pass)
		clear(again)
		if same {
			return pass, nil
		}
		clear(pass)
		u.say("✗ The two passphrases are different: start again.")
	}
}

// sayRating says a passphrase's strength in words, from the policy's one
// verdict: the word, whether it is accepted, the time to guess it, the
// warning and the advice.
func (u *ui) sayRating(r passphrase.Result) {
	verdict := "too weak"
	if r.Acceptable {
		verdict = "acceptable"
	}
	line := "Strength: " + r.Label + ", " + verdict + "."
	if r.CrackTime != "" {
		line += " Time an attacker needs to guess it: " + r.CrackTime + "."
	}
	u.say(line)
	if r.Warning != "" {
		u.say("Warning: " + r.Warning)
	}
	for _, s := range r.Suggestions {
		u.say("Advice: " + s)
	}
	if !r.Acceptable {
		u.say("✗ This passphrase is too weak: choose another, or random words.")
	}
}
