package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// entryFlags are the fields shared by add and edit.
type entryFlags struct {
	title, date, end, status, value, unit, code, note string
	dose, route, frequency, reaction, severity, crit  string
	tags, sensitive, attach                           []string
	noSensitive, noTags                               bool
}

func (f *entryFlags) register(fs *pflag.FlagSet, edit bool) {
	fs.StringVar(&f.title, "title", "", "what it is, in your words: `TEXT`")
	fs.StringVar(&f.date, "date", "", "when it happened or started, a `DATE`: 2024-03-01, 1 March 2024, March 2024, 2024-03, yesterday, 3 days ago, 7d")
	fs.StringVar(&f.end, "end", "", "when it ended, a `DATE`, written as for --date")
	fs.StringVar(&f.status, "status", "", "the entry's `STATUS` for its category, such as active or resolved (a condition), stopped (a medication), booked (an appointment)")
	fs.StringVar(&f.value, "value", "", "a reading or result, a `VALUE` such as 82.5 or 142/91")
	fs.StringVar(&f.unit, "unit", "", "the `UNIT` of the value, such as kg or mmHg")
	fs.StringVar(&f.dose, "dose", "", "a medication's `DOSE`: the amount and its unit, such as 500 mg, 1 tablet or 1-2 puffs")
	fs.StringVar(&f.route, "route", "", "how a medication is taken, a `ROUTE` such as \"by mouth\", inhaled or \"on the skin\"")
	fs.StringVar(&f.frequency, "frequency", "", "how often a medication is taken, such as \"twice a day\" or \"as needed\" (`WORDS`)")
	fs.StringVar(&f.reaction, "reaction", "", "what an allergy does, such as \"hives, swollen lips\" (`WORDS`)")
	fs.StringVar(&f.severity, "severity", "", "how bad an allergy's reaction was, a `SEVERITY`: mild, moderate or severe")
	fs.StringVar(&f.crit, "criticality", "", "how dangerous a next reaction to an allergy may be: low, high or unable-to-assess (`LEVEL`)")
	fs.StringVar(&f.code, "code", "", "a code as `SYSTEM|CODE` (for example snomed|38341003)")
	fs.StringVar(&f.note, "note", "", "notes, as `TEXT`")
	fs.StringArrayVar(&f.tags, "tag", nil, "a `TAG` (repeat for more)")
	fs.StringArrayVar(&f.sensitive, "sensitive", nil, "a sensitive `KIND` (repeat for more): mental-health, sexual-health, hiv, substance-use, genetic, violence, private")
	fs.StringArrayVar(&f.attach, "attach", nil, "attach a `FILE` (a letter or scan; repeat for more); it is stored encrypted")
	if edit {
		fs.BoolVar(&f.noSensitive, "no-sensitive", false, "remove every sensitive kind (and stop suggesting them for this entry)")
		fs.BoolVar(&f.noTags, "no-tags", false, "remove every tag")
	}
}

// apply copies the flags that were given onto e; dates are read as people
// write them (when.ReadDate: "1 March 2024", "yesterday", "2024-03").
func (f *entryFlags) apply(fs *pflag.FlagSet, e *record.Entry, now time.Time) error {
	set := func(name string, dst *string, v string) {
		if fs.Changed(name) {
			*dst = v
		}
	}
	set("title", &e.Title, f.title)
	for _, d := range []struct {
		name string
		dst  *string
		v    string
	}{{"date", &e.Date, f.date}, {"end", &e.End, f.end}} {
		if fs.Changed(d.name) {
			c, err := when.ReadDate(d.v, now)
			if err != nil {
				return errs.New(errs.Usage, "--%s: %w", d.name, err)
			}
			*d.dst = c
		}
	}
	if fs.Changed("status") {
		st, err := record.ParseStatus(e.Category, f.status)
		if err != nil {
			return errs.Wrap(errs.Usage, err)
		}
		e.Status = st
	}
	set("dose", &e.Dose, f.dose)
	set("route", &e.Route, f.route)
	set("frequency", &e.Frequency, f.frequency)
	set("reaction", &e.Reaction, f.reaction)
	set("severity", &e.Severity, f.severity)
	set("criticality", &e.Criticality, f.crit)
	set("value", &e.Value, f.value)
	set("unit", &e.Unit, f.unit)
	set("note", &e.Notes, f.note)
	if fs.Changed("code") {
		c, err := parseCode(f.code)
		if err != nil {
			return err
		}
		e.Code = c
	}
	if fs.Changed("tag") {
		e.Tags = f.tags
	}
	if f.noTags {
		e.Tags = nil
	}
	if fs.Changed("sensitive") || f.noSensitive {
		e.Sensitive = nil
		for _, s := range f.sensitive {
			k, err := record.ParseKind(s)
			if err != nil {
				return errs.Wrap(errs.Usage, err)
			}
			e.Sensitive = append(e.Sensitive, k)
		}
		e.SensitiveReviewed = true
	}
	return nil
}

// parseCode reads SYSTEM|CODE, with an optional |DISPLAY.
func parseCode(s string) (*record.Code, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	parts := strings.SplitN(s, "|", 3)
	if len(parts) < 2 || strings.TrimSpace(parts[0]) == "" || strings.TrimSpace(parts[1]) == "" {
		return nil, errs.New(errs.Usage, "invalid code %q: use SYSTEM|CODE, for example snomed|38341003", s)
	}
	c := &record.Code{System: strings.ToLower(strings.TrimSpace(parts[0])), Code: strings.TrimSpace(parts[1])}
	if len(parts) == 3 {
		c.Display = strings.TrimSpace(parts[2])
	}
	return c, nil
}

// addOptions are what phr add adds: the entries read from its flags or
// from JSON on stdin, the files to attach, and how to answer.
type addOptions struct {
	Entries []record.Entry
	Attach  []string
	// JSON prints the result as JSON: an array when WasArray (the input
	// was one), else the one entry.
	JSON, WasArray bool
}

func (r *runner) addCommand() *cobra.Command {
	var f entryFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "add CATEGORY --title T [flags] | add --json",
		Short:   "Add an entry (or entries as JSON on stdin)",
		GroupID: "record",
		Example: "  phr add medication --title Metformin --dose \"500 mg\" --frequency \"twice a day\" --date \"1 March 2024\"\n" +
			"  phr add allergy --title Penicillin --reaction hives --severity moderate --criticality high\n" +
			"  phr add measurement --title Weight --value 82.5 --unit kg\n" +
			"  echo '{\"category\":\"allergy\",\"title\":\"Penicillin\"}' | phr add --json",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := addOptions{Attach: f.attach, JSON: asJSON}
			if asJSON {
				if len(args) > 0 {
					return errs.New(errs.Usage, "with --json the entries come on stdin: leave out the category")
				}
				var err error
				if o.Entries, o.WasArray, err = readEntriesJSON(r.env.Stdin); err != nil {
					return err
				}
			} else {
				if len(args) == 0 {
					return errs.New(errs.Usage, "say what to add: phr add CATEGORY --title T (categories: condition, medication, allergy, immunization, result, measurement, procedure, appointment, document, contact, note)")
				}
				cat, err := record.ParseCategory(args[0])
				if err != nil {
					return errs.Wrap(errs.Usage, err)
				}
				e := record.Entry{Category: cat}
				if err := f.apply(cmd.Flags(), &e, r.env.Clock.Now()); err != nil {
					return err
				}
				o.Entries = []record.Entry{e}
			}
			if err := o.check(); err != nil {
				return err
			}
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			return r.runAdd(cmd.Context(), s, o)
		},
	}
	f.register(cmd.Flags(), false)
	cmd.Flags().BoolVar(&asJSON, "json", false, "read one entry object, or an array of them, from stdin and print the result as JSON")
	return cmd
}

// check normalizes the entries and refuses one phr would not store, naming
// it, before the vault is unlocked.
func (o addOptions) check() error {
	for i := range o.Entries {
		if !o.JSON && o.Entries[i].Title == "" {
			return errs.New(errs.Usage, "an entry needs a title: add --title")
		}
		if err := app.NormalizeEntry(&o.Entries[i]); err != nil {
			return errs.WithItems(fmt.Errorf("entry %d: %w", i+1, err), fmt.Sprintf("entry %d", i+1))
		}
	}
	return nil
}

// runAdd adds the entries (app checks each, as check does) and prints their
// ids (or the entries as JSON), saying on stderr which ones it marked
// sensitive and why.
func (r *runner) runAdd(ctx context.Context, s *app.Session, o addOptions) error {
	res, err := s.Add(ctx, o.Entries, o.Attach)
	if err != nil {
		return err
	}
	for _, a := range res {
		for k, why := range a.Suggested {
			r.stderrf("phr: %s marked %s (%s); to undo: phr edit %s --no-sensitive\n", a.Entry.ID, k, why, a.Entry.ID)
		}
	}
	if o.JSON {
		out := make([]entryOut, len(res))
		for i, a := range res {
			out[i] = entryJSON(a.Entry)
		}
		if len(out) == 1 && !o.WasArray {
			return printJSON(r.env.Stdout, out[0])
		}
		return printJSON(r.env.Stdout, out)
	}
	for _, a := range res {
		fmt.Fprintln(r.env.Stdout, a.Entry.ID)
	}
	return nil
}

// maxEntriesJSON bounds what phr add --json reads from stdin.
const maxEntriesJSON = 64 << 20

// readEntriesJSON reads one entry object or an array of them, and says
// which it was.
func readEntriesJSON(in io.Reader) ([]record.Entry, bool, error) {
	b, err := io.ReadAll(io.LimitReader(in, maxEntriesJSON+1))
	if err != nil {
		return nil, false, fmt.Errorf("read stdin: %w", err)
	}
	if len(b) > maxEntriesJSON {
		return nil, false, errs.New(errs.Usage, "the JSON on stdin is larger than phr's limit of %s for one phr add --json: add the entries in smaller groups", record.Size(maxEntriesJSON))
	}
	trimmed := strings.TrimSpace(string(b))
	if trimmed == "" {
		return nil, false, errs.New(errs.Usage, "no JSON on stdin: pipe one entry object or an array of them")
	}
	dec := func(v any) error {
		d := json.NewDecoder(strings.NewReader(trimmed))
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			return errs.New(errs.Usage, "invalid entry JSON: %v", err)
		}
		// One value only: a second object (or anything else) after it
		// would otherwise be dropped without a word.
		if _, err := d.Token(); err != io.EOF {
			return errs.New(errs.Usage, "invalid entry JSON: more after the first JSON value (at byte %d): send one object, or one array of them", d.InputOffset())
		}
		return nil
	}
	if strings.HasPrefix(trimmed, "[") {
		var es []record.Entry
		if err := dec(&es); err != nil {
			return nil, true, err
		}
		if len(es) == 0 {
			return nil, true, errs.New(errs.Usage, "the JSON array is empty: nothing to add")
		}
		return es, true, nil
	}
	var e record.Entry
	if err := dec(&e); err != nil {
		return nil, false, err
	}
	return []record.Entry{e}, false, nil
}

// editOptions are what phr edit changes: the entry, a change to make to
// it as read (the flags given), files to attach, and how to answer.
type editOptions struct {
	ID     string
	Change func(e *record.Entry) error
	Attach []string
	JSON   bool
}

func (r *runner) editCommand() *cobra.Command {
	var f entryFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "edit ID [flags]",
		Short:   "Change an entry: only the flags you give change",
		GroupID: "record",
		Example: "  phr edit k3j2m9q4xd --status stopped --end 2025-01-10\n  phr edit k3j2m9q4xd --sensitive mental-health\n  phr edit k3j2m9q4xd --no-sensitive",
		Args:    exactArgs(1, "say which entry: phr edit ID [flags]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			changes := false
			cmd.Flags().Visit(func(fl *pflag.Flag) {
				changes = changes || fl.Name != "json" && cmd.InheritedFlags().Lookup(fl.Name) == nil
			})
			if !changes {
				return errs.New(errs.Usage, "say what to change: phr edit %s --title T, --status S, --attach FILE... (see phr edit --help)", args[0])
			}
			o := editOptions{ID: args[0], Attach: f.attach, JSON: asJSON,
				Change: func(e *record.Entry) error { return f.apply(cmd.Flags(), e, r.env.Clock.Now()) }}
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			return r.runEdit(cmd.Context(), s, o)
		},
	}
	f.register(cmd.Flags(), true)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the changed entry as JSON")
	return cmd
}

// runEdit reads the entry, changes it, saves it and prints its id (or the
// saved entry as JSON).
func (r *runner) runEdit(ctx context.Context, s *app.Session, o editOptions) error {
	e, err := s.Entry(ctx, o.ID)
	if err != nil {
		return err
	}
	if o.Change != nil {
		if err := o.Change(&e); err != nil {
			return err
		}
	}
	if err := s.Edit(ctx, &e, o.Attach); err != nil {
		return err
	}
	if o.JSON {
		if e, err = s.Entry(ctx, e.ID); err != nil {
			return err
		}
		return printJSON(r.env.Stdout, entryJSON(e))
	}
	fmt.Fprintln(r.env.Stdout, e.ID)
	return nil
}

// rmOptions are phr rm's entry and flag.
type rmOptions struct {
	ID   string
	JSON bool
}

func (r *runner) rmCommand() *cobra.Command {
	var o rmOptions
	cmd := &cobra.Command{
		Use:     "rm ID",
		Example: "  phr rm k3j2m9q4xd\n  phr rm k3j2 --json",
		Short:   "Remove an entry (the last three versions of the record keep it as backups)",
		GroupID: "record",
		Args:    exactArgs(1, "say which entry: phr rm ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			s, err := r.open(cmd.Context(), app.ReadWrite)
			if err != nil {
				return err
			}
			return r.runRm(cmd.Context(), s, o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print {removed: ID}")
	return cmd
}

// runRm removes the entry and says which it was.
func (r *runner) runRm(ctx context.Context, s *app.Session, o rmOptions) error {
	e, err := s.Remove(ctx, o.ID)
	if err != nil {
		return err
	}
	if o.JSON {
		return printJSON(r.env.Stdout, map[string]string{"removed": e.ID})
	}
	fmt.Fprintf(r.env.Stdout, "removed %s (%s: %s)\n", safe(e.ID), safe(string(e.Category)), safe(e.Title))
	return nil
}

// exactArgs is cobra.ExactArgs with a message that says what to type.
func exactArgs(n int, hint string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return errs.New(errs.Usage, "%s", hint)
		}
		return nil
	}
}
