// Package accessible is phr's interface for screen readers and braille
// displays (phr --accessible, or ACCESSIBLE set): plain lines written in
// order, with no cursor movement, no box drawing and no colour. Every screen
// starts with a heading line ("== Home =="), every choice is numbered and
// chosen by typing its number, and every action calls the same
// internal/app use case as the full-screen interface, so the two cannot
// disagree about the record. It does what the full interface does: create
// a vault, add, edit and delete entries (with each category's own
// questions, and another reading like the last), the profile, charts as
// text, sharing with a carer or a passphrase, carers, printing, import,
// the audit log, settings and the lock.
//
// Bubble Tea always owns the terminal (raw mode, its renderer), and huh's
// accessible fields each read stdin through a new buffered scanner (typed
// lines are lost when input is piped) and panic on end of input in a
// select, so this mode reads its one input itself.
package accessible

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/when"
)

// Options is what the accessible interface needs.
type Options struct {
	Config app.Config
	// Unlock holds the sources tried once at start (a file, a command, the
	// keyring, the terminal's prompt). After a lock only a typed passphrase
	// opens the record.
	Unlock app.Unlock
	// In and Out are the person's terminal (or, in tests, a pipe).
	In  io.Reader
	Out io.Writer
	// Prompt reads a passphrase without echo; nil reads a line from In.
	Prompt func(label string) ([]byte, error)
	// Home is the folder suggested files go to and "~/" means; "" is the
	// user's home folder.
	Home string
	// Getenv reads the environment (the viewer's folder and command); nil
	// is os.Getenv.
	Getenv func(string) string
}

// errQuit ends the session: the person chose quit, or input ended.
var errQuit = errors.New("quit")

type ui struct {
	ctx context.Context
	o   Options
	in  *bufio.Reader
	out io.Writer
	s   *app.Session
	// privacy hides sensitive entries (title and kind) until revealed, as
	// the full interface's privacy mode does; revealed is what was
	// revealed since the last lock.
	privacy  bool
	revealed map[string]bool
	// units are the units readings are read out in (the record's settings).
	units record.DisplayUnits
}

// Run runs the accessible interface until the person quits or input ends.
// The record is closed on return.
func Run(ctx context.Context, o Options) error {
	if o.Home == "" {
		o.Home, _ = os.UserHomeDir()
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	u := &ui{ctx: ctx, o: o, in: bufio.NewReader(o.In), out: o.Out, revealed: map[string]bool{}}
	defer func() {
		if u.s != nil {
			u.s.Close()
		}
	}()
	u.say("phr, accessible mode. Each screen starts with a line like == Home ==. Type the number of a choice and press Enter.")
	exists, err := app.Exists(o.Config)
	if err != nil {
		return err
	}
	if !exists {
		s, err := u.firstRun()
		if err != nil {
			return ignoreQuit(err)
		}
		u.ready(s)
		return ignoreQuit(u.home())
	}
	// A second window says so before it asks for the passphrase, as the
	// full interface does.
	for app.OpenElsewhere(o.Config) != nil {
		u.heading("Already open")
		u.say("phr is already open for this record in another window: close it there first, then choose Try again.")
		if i, err := u.choose([]string{"Try again", "Quit"}); err != nil || i == 1 {
			return ignoreQuit(err)
		}
	}
	s, err := app.Open(ctx, o.Config, o.Unlock, app.ReadWrite)
	if err != nil {
		u.heading("Unlock")
		u.fail(err)
		// A source that did not open it (a wrong passphrase file) is a
		// failure if nothing typed opens it either; none at all is not.
		failed := err
		if strings.Contains(err.Error(), "no passphrase source") {
			failed = nil
		}
		if s, err = u.unlock(failed); err != nil {
			return ignoreQuit(err)
		}
	}
	u.ready(s)
	return ignoreQuit(u.home())
}

// ready takes an open session: privacy mode starts on when the settings
// say so.
func (u *ui) ready(s *app.Session) {
	u.s = s
	if st, err := s.Settings(u.ctx); err == nil {
		u.privacy = u.privacy || st.PrivacyStart
		u.units = st.Units
	}
}

// hidden reports whether privacy mode hides an entry: it is sensitive (its
// own kinds or those its codes and words suggest) and not revealed.
func (u *ui) hidden(e record.Entry) bool {
	return u.privacy && !u.revealed[e.ID] && (len(e.Sensitive) > 0 || len(app.EffectiveKinds(e)) > 0)
}

func ignoreQuit(err error) error {
	if errors.Is(err, errQuit) {
		return nil
	}
	return err
}

func (u *ui) say(lines ...string) {
	for _, l := range lines {
		fmt.Fprintln(u.out, l)
	}
}

// heading starts a screen.
func (u *ui) heading(title string) { fmt.Fprintf(u.out, "\n== %s ==\n", title) }

// fail says what went wrong in one line.
func (u *ui) fail(err error) {
	u.say("✗ " + safetext.Line(err.Error()))
}

// failSave is fail for a save: when another program changed the record on
// disk it offers to load the newer record (never to write over it).
func (u *ui) failSave(err error) error {
	u.fail(err)
	if !errs.Is(err, errs.Busy) || u.s == nil {
		return nil
	}
	u.heading("Changed on disk")
	u.say("Your record was changed on disk by another program (a sync tool, or phr on another computer) while it was open here. phr did not write over it.")
	i, err := u.choose([]string{"Load the newer record", "Not now"})
	if err != nil || i == 1 {
		return err
	}
	if err := u.s.Reload(u.ctx); err != nil {
		u.fail(err)
		return nil
	}
	u.say("✓ Loaded the newer record. Your change that could not be saved is in the conflict file.")
	return nil
}

// line reads one line; the end of input quits.
func (u *ui) line() (string, error) {
	s, err := u.in.ReadString('\n')
	if err != nil && s == "" {
		return "", errQuit
	}
	return strings.TrimRight(s, "\r\n"), nil
}

// ask asks for a line of text.
func (u *ui) ask(label string) (string, error) {
	fmt.Fprint(u.out, label+": ")
	s, err := u.line()
	fmt.Fprintln(u.out)
	return strings.TrimSpace(s), err
}

// field asks for a text field that may have a value now: Enter alone keeps
// it, a lone "-" clears it.
func (u *ui) field(label, example, now string) (string, error) {
	prompt := label
	if example != "" {
		prompt += " (for example " + example + ")"
	}
	if now != "" {
		prompt += ", now " + safetext.Line(now) + " (Enter keeps it, - clears it)"
	}
	v, err := u.ask(prompt)
	switch {
	case err != nil:
		return "", err
	case v == "":
		return now, nil
	case v == "-":
		return "", nil
	}
	return v, nil
}

// fieldOr asks for a text field that has a suggestion: Enter alone takes it.
func (u *ui) fieldOr(label, suggested string) (string, error) {
	v, err := u.ask(label + " (Enter alone: " + safetext.Line(suggested) + ")")
	if v == "" {
		v = suggested
	}
	return v, err
}

// choose lists numbered choices and returns the index of the one typed.
func (u *ui) choose(choices []string) (int, error) { return u.chooseOr(choices, -1) }

// chooseOr is choose where Enter alone picks def (none when def < 0).
func (u *ui) chooseOr(choices []string, def int) (int, error) {
	for i, c := range choices {
		fmt.Fprintf(u.out, "%d. %s\n", i+1, c)
	}
	for {
		if def >= 0 {
			fmt.Fprintf(u.out, "Type a number from 1 to %d, or press Enter for %d: ", len(choices), def+1)
		} else {
			fmt.Fprintf(u.out, "Type a number from 1 to %d: ", len(choices))
		}
		s, err := u.line()
		fmt.Fprintln(u.out)
		if err != nil {
			return 0, err
		}
		if strings.TrimSpace(s) == "" && def >= 0 {
			return def, nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err == nil && n >= 1 && n <= len(choices) {
			return n - 1, nil
		}
		u.say(fmt.Sprintf("✗ %q is not one of the choices: type a number from 1 to %d.", safetext.Line(s), len(choices)))
	}
}

// chooseMany lists numbered choices, those ticked now marked so, and
// returns which are ticked after the person types the numbers to tick
// (Enter alone keeps the ticks, 0 ticks none). need refuses none.
func (u *ui) chooseMany(choices []string, ticked []bool, need bool) ([]bool, error) {
	for i, c := range choices {
		mark := ""
		if ticked[i] {
			mark = " (ticked)"
		}
		fmt.Fprintf(u.out, "%d. %s%s\n", i+1, c, mark)
	}
	for {
		fmt.Fprintf(u.out, "Type the numbers to tick, separated by spaces; Enter alone keeps the ticks, 0 ticks none: ")
		s, err := u.line()
		fmt.Fprintln(u.out)
		if err != nil {
			return nil, err
		}
		out, bad := readTicks(s, ticked)
		switch {
		case bad != "":
			u.say(fmt.Sprintf("✗ %q is not one of the choices: type numbers from 1 to %d, separated by spaces.", safetext.Line(bad), len(choices)))
		case need && !anyTrue(out):
			u.say("✗ Tick at least one: type its number.")
		default:
			return out, nil
		}
	}
}

// readTicks reads "1 3, 4" into ticks: Enter alone keeps was, "0" none;
// bad is the first word that is no choice.
func readTicks(s string, was []bool) (ticks []bool, bad string) {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if len(words) == 0 {
		return append([]bool(nil), was...), ""
	}
	ticks = make([]bool, len(was))
	if len(words) == 1 && words[0] == "0" {
		return ticks, ""
	}
	for _, w := range words {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > len(was) {
			return nil, w
		}
		ticks[n-1] = true
	}
	return ticks, ""
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

// secret reads a passphrase: without echo through Prompt, else a line.
func (u *ui) secret(label string) ([]byte, error) {
	if u.o.Prompt != nil {
		p, err := u.o.Prompt(label + ": ")
		if err != nil {
			return nil, errQuit
		}
		return p, nil
	}
	s, err := u.ask(label)
	return []byte(s), err
}

// unlock asks for the passphrase until it opens the record. failed is why
// the record did not open so far: when the input ends before it opens,
// that is the answer, so a script sees a non-zero exit, not a quiet quit.
func (u *ui) unlock(failed error) (*app.Session, error) {
	for {
		pass, err := u.secret("Passphrase")
		if err != nil {
			if errors.Is(err, errQuit) && failed != nil {
				return nil, failed
			}
			return nil, err
		}
		s, err := app.Open(u.ctx, u.o.Config, app.Unlock{Passphrase: pass, NoKeyring: true}, app.ReadWrite)
		clear(pass)
		if err == nil {
			u.say("✓ Your record is open.")
			return s, nil
		}
		u.fail(err)
		failed = err
	}
}

// menu is what home offers besides the categories, in the full
// interface's order, then the lock and quit.
var menu = []struct {
	label string
	run   func(*ui) error
}{
	{"Your profile and emergency details", (*ui).profile},
	{"Search the whole record", (*ui).search},
	{"Charts of measurements and results", (*ui).charts},
	{"Share with a carer", (*ui).share},
	{"Carers and what you shared", (*ui).carers},
	{"Print a summary, a card or an archive", (*ui).print},
	{"Import a file or an Apple Health export", (*ui).importFile},
	{"Audit log", (*ui).audit},
	{"Settings", (*ui).settings},
	{"Change your passphrase", (*ui).passwd},
	{"Lock", (*ui).lock},
	{"Quit", func(*ui) error { return errQuit }},
}

// home is the first screen: who, what matters, and every choice.
func (u *ui) home() error {
	for {
		u.heading("Home")
		p, err := u.s.Profile(u.ctx)
		if err != nil {
			return err
		}
		counts, err := u.s.Counts(u.ctx)
		if err != nil {
			return err
		}
		g, err := u.s.Glance(u.ctx)
		if err != nil {
			return err
		}
		u.glance(p, g)
		var choices []string
		cats := record.Categories()
		for _, c := range cats {
			choices = append(choices, fmt.Sprintf("%s: %s", c.Label(), record.Count(counts[c], "entry", "entries")))
		}
		for _, m := range menu {
			choices = append(choices, m.label)
		}
		privacy := "Privacy mode is off: turn it on to hide sensitive entries"
		if u.privacy {
			privacy = "Privacy mode is on, sensitive entries are hidden: turn it off"
		}
		choices = append(choices[:len(choices)-2], privacy, choices[len(choices)-2], choices[len(choices)-1])
		i, err := u.choose(choices)
		if err != nil {
			return err
		}
		switch m := i - len(cats); {
		case m < 0:
			err = u.list(cats[i])
		case m < len(menu)-2:
			err = menu[m].run(u)
		case m == len(menu)-2:
			u.privacy = !u.privacy
			u.revealed = map[string]bool{}
			if u.privacy {
				u.say("✓ Privacy mode on: sensitive entries are hidden.")
			} else {
				u.say("✓ Privacy mode off.")
			}
		default:
			err = menu[m-1].run(u)
		}
		if err != nil {
			return err
		}
	}
}

// glance says who the record is of and what matters at a glance, as the
// full interface's home screen shows it: allergies, the medications being
// taken, the appointments to come.
func (u *ui) glance(p record.Profile, g app.Glance) {
	if p.Name != "" {
		who := "Record of " + safetext.Line(p.Name)
		if a := p.Age(u.s.Now()); a >= 0 {
			who += fmt.Sprintf(", %d", a)
		}
		u.say(who + ".")
	}
	for _, f := range []struct{ name, v string }{{"Blood type", p.BloodType}, {"Emergency contact", p.EmergencyContact}} {
		if f.v != "" {
			u.say(f.name + ": " + safetext.Line(f.v) + ".")
		}
	}
	for _, l := range []struct {
		name string
		es   []record.Entry
	}{{"Allergies", g.Allergies}, {"Taking", g.Medications}, {"Next appointments", g.Upcoming}} {
		names := make([]string, 0, len(l.es))
		for _, e := range l.es {
			t := safetext.Line(e.Title)
			if u.hidden(e) {
				t = "sensitive, hidden"
			}
			if e.Category == record.Appointment && e.Date != "" {
				t = when.DateOf(e.Date) + " " + t
			}
			names = append(names, t)
		}
		if len(names) == 0 {
			names = []string{"none recorded"}
		}
		u.say(l.name + ": " + strings.Join(names, "; ") + ".")
	}
}

// lock drops the record from memory until the passphrase is typed again.
func (u *ui) lock() error {
	u.s.Close()
	u.s = nil
	u.revealed = map[string]bool{}
	u.heading("Locked")
	u.say("Your record is locked. Type your passphrase to open it again.")
	s, err := u.unlock(nil)
	if err != nil {
		return err
	}
	u.ready(s)
	return nil
}

// expandHome reads "~/" as the home folder, as the full interface does.
func (u *ui) expandHome(p string) string {
	p = strings.TrimSpace(p)
	if rest, ok := strings.CutPrefix(p, "~/"); ok && u.o.Home != "" {
		return u.o.Home + "/" + rest
	}
	return p
}
