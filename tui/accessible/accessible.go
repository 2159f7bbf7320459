// Package accessible is phr's interface for screen readers and braille
// displays (phr --accessible, or ACCESSIBLE set): plain lines written in
// order, with no cursor movement, no box drawing and no colour. Every screen
// starts with a heading line ("== Home =="), every choice is numbered and
// chosen by typing its number, and every action calls the same
// internal/app use case as the full-screen interface, so the two cannot
// disagree about the record.
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
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/store"
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
}

// errQuit ends the session: the person chose quit, or input ended.
var errQuit = errors.New("quit")

type ui struct {
	ctx context.Context
	o   Options
	in  *bufio.Reader
	out io.Writer
	s   *app.Session
}

// Run runs the accessible interface until the person quits or input ends.
// The record is closed on return.
func Run(ctx context.Context, o Options) error {
	u := &ui{ctx: ctx, o: o, in: bufio.NewReader(o.In), out: o.Out}
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
		u.heading("No record yet")
		u.say("There is no vault here yet. Create one with: phr init")
		return nil
	}
	s, err := app.Open(ctx, o.Config, o.Unlock, app.ReadWrite)
	if err != nil {
		u.heading("Unlock")
		u.say("✗ " + safetext.Line(err.Error()))
		if s, err = u.unlock(); err != nil {
			return ignoreQuit(err)
		}
	}
	u.s = s
	return ignoreQuit(u.home())
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

// choose lists numbered choices and returns the index of the one typed.
func (u *ui) choose(choices []string) (int, error) {
	for i, c := range choices {
		fmt.Fprintf(u.out, "%d. %s\n", i+1, c)
	}
	for {
		fmt.Fprintf(u.out, "Type a number from 1 to %d: ", len(choices))
		s, err := u.line()
		fmt.Fprintln(u.out)
		if err != nil {
			return 0, err
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err == nil && n >= 1 && n <= len(choices) {
			return n - 1, nil
		}
		u.say(fmt.Sprintf("✗ %q is not one of the choices: type a number from 1 to %d.", safetext.Line(s), len(choices)))
	}
}

// unlock asks for the passphrase until it opens the record.
func (u *ui) unlock() (*app.Session, error) {
	for {
		var pass []byte
		var err error
		if u.o.Prompt != nil {
			pass, err = u.o.Prompt("Passphrase: ")
		} else {
			var s string
			fmt.Fprint(u.out, "Passphrase: ")
			s, err = u.line()
			fmt.Fprintln(u.out)
			pass = []byte(s)
		}
		if err != nil {
			return nil, errQuit
		}
		s, err := app.Open(u.ctx, u.o.Config, app.Unlock{Passphrase: pass, NoKeyring: true}, app.ReadWrite)
		clear(pass)
		if err == nil {
			u.say("✓ Your record is open.")
			return s, nil
		}
		u.say("✗ " + safetext.Line(err.Error()))
	}
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
		if p.Name != "" {
			u.say("Record of " + safetext.Line(p.Name) + ".")
		}
		var choices []string
		cats := record.Categories()
		for _, c := range cats {
			choices = append(choices, fmt.Sprintf("%s: %s", c.Label(), record.Count(counts[c], "entry", "entries")))
		}
		extra := []string{"Search the whole record", "Audit log", "Lock", "Quit"}
		i, err := u.choose(append(choices, extra...))
		if err != nil {
			return err
		}
		if i < len(cats) {
			err = u.list(cats[i])
		} else {
			switch extra[i-len(cats)] {
			case "Search the whole record":
				err = u.search()
			case "Audit log":
				err = u.audit()
			case "Lock":
				err = u.lock()
			case "Quit":
				return errQuit
			}
		}
		if err != nil {
			return err
		}
	}
}

// row is an entry in one line of words.
func row(e record.Entry) string {
	parts := []string{}
	if e.Date != "" {
		parts = append(parts, when.DateOf(e.Date))
	}
	parts = append(parts, safetext.Line(e.Title))
	if v := e.PlainValue(); v != "" {
		parts = append(parts, safetext.Line(v))
	}
	if e.Status != "" {
		parts = append(parts, record.StatusWords(e.Status))
	}
	s := strings.Join(parts, ", ")
	if ks := app.EffectiveKinds(e); len(ks) > 0 {
		names := make([]string, len(ks))
		for i, k := range ks {
			names[i] = k.Describe()
		}
		s += " (sensitive: " + strings.Join(names, ", ") + ")"
	}
	return s
}

// list shows a category's entries, newest first.
func (u *ui) list(c record.Category) error {
	for {
		es, err := u.s.List(u.ctx, store.Filter{Categories: []record.Category{c}, Limit: 200})
		if err != nil {
			return err
		}
		u.heading(c.Label() + ": " + record.Count(len(es), "entry", "entries"))
		var choices []string
		for _, e := range es {
			choices = append(choices, row(e))
		}
		choices = append(choices, "Add an entry to "+c.Label(), "Back")
		i, err := u.choose(choices)
		if err != nil {
			return err
		}
		switch {
		case i < len(es):
			err = u.detail(es[i].ID)
		case i == len(es):
			err = u.add(c)
		default:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// detail shows every field of one entry.
func (u *ui) detail(id string) error {
	e, err := u.s.Entry(u.ctx, id)
	if err != nil {
		return err
	}
	u.heading("Details: " + safetext.Line(e.Title))
	field := func(name, v string) {
		if v != "" {
			u.say(name + ": " + v)
		}
	}
	field("Category", e.Category.Label())
	field("Date", when.DateOf(e.Date))
	field("Status", record.StatusWords(e.Status))
	field("Value", safetext.Line(e.PlainValue()))
	field("Notes", safetext.Line(e.Notes))
	field("Tags", safetext.Line(strings.Join(e.Tags, ", ")))
	i, err := u.choose([]string{"Back", "Delete this entry"})
	if err != nil || i == 0 {
		return err
	}
	u.heading("Delete")
	u.say(fmt.Sprintf("Delete %q (%s)? The last three versions of the record keep it as backups.", safetext.Line(e.Title), e.Category.Label()))
	if i, err = u.choose([]string{"Keep it", "Delete it"}); err != nil || i == 0 {
		return err
	}
	if _, err := u.s.Remove(u.ctx, id); err != nil {
		u.say("✗ " + safetext.Line(err.Error()))
		return nil
	}
	u.say(fmt.Sprintf("✓ Deleted %q. To undo, quit and run phr restore --backup 1 before any other change.", safetext.Line(e.Title)))
	return nil
}

// add asks for an entry's fields one by one and adds it.
func (u *ui) add(c record.Category) error {
	u.heading("Add to " + c.Label())
	u.say("Leave a field empty to skip it (the title is needed).")
	var e record.Entry
	e.Category = c
	for e.Title == "" {
		t, err := u.ask("Title")
		if err != nil {
			return err
		}
		if e.Title = t; t == "" {
			u.say("✗ A title is needed: type what it is, in your words.")
		}
	}
	for {
		d, err := u.ask("Date (for example 2024-03-01, 1 March 2024, yesterday)")
		if err != nil {
			return err
		}
		if d == "" {
			break
		}
		if e.Date, err = when.ReadDate(d, u.s.Now()); err == nil {
			break
		}
		u.say("✗ " + safetext.Line(err.Error()))
	}
	for _, f := range []struct {
		label string
		to    *string
	}{{"Value (for example 82.5 or 142/91)", &e.Value}, {"Unit (for example kg or mmHg)", &e.Unit}, {"Notes", &e.Notes}} {
		v, err := u.ask(f.label)
		if err != nil {
			return err
		}
		*f.to = v
	}
	res, err := u.s.Add(u.ctx, []record.Entry{e}, nil)
	if err != nil {
		u.say("✗ " + safetext.Line(err.Error()))
		return nil
	}
	text := "✓ Added " + safetext.Line(e.Title) + "."
	for k, why := range res[0].Suggested {
		text += fmt.Sprintf(" Marked %s (%s).", k.Describe(), safetext.Line(why))
	}
	u.say(text)
	return nil
}

// search finds entries by words.
func (u *ui) search() error {
	u.heading("Search")
	q, err := u.ask("Search for")
	if err != nil || q == "" {
		return err
	}
	es, err := u.s.Search(u.ctx, q, 50)
	if err != nil {
		u.say("✗ " + safetext.Line(err.Error()))
		return nil
	}
	u.heading(fmt.Sprintf("Search results: %s for %q", record.Count(len(es), "match", "matches"), safetext.Line(q)))
	var choices []string
	for _, e := range es {
		choices = append(choices, row(e)+", "+e.Category.Label())
	}
	i, err := u.choose(append(choices, "Back"))
	if err != nil || i == len(es) {
		return err
	}
	return u.detail(es[i].ID)
}

// audit reads the audit log, newest first.
func (u *ui) audit() error {
	t, err := u.s.AuditLog(u.ctx)
	if err != nil {
		return err
	}
	u.heading("Audit log")
	if t.Broken != nil {
		u.say("✗ " + safetext.Line(t.Broken.Error()))
	} else {
		u.say(fmt.Sprintf("The log holds %s, each chained to the one before.", record.Count(len(t.Rows), "row", "rows")))
	}
	for i := len(t.Rows) - 1; i >= 0 && i >= len(t.Rows)-20; i-- {
		r := t.Rows[i]
		u.say(fmt.Sprintf("%d. %s, %s: %s", r.Seq, r.At.Local().Format("2006-01-02 15:04"), r.Action, safetext.Line(r.Detail)))
	}
	_, err = u.choose([]string{"Back"})
	return err
}

// lock drops the record from memory until the passphrase is typed again.
func (u *ui) lock() error {
	u.s.Close()
	u.s = nil
	u.heading("Locked")
	u.say("Your record is locked. Type your passphrase to open it again.")
	s, err := u.unlock()
	if err != nil {
		return err
	}
	u.s = s
	return nil
}
