package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// The commands that read entries: list, search and show. Each has its
// options and a run function that takes an open session, so a Go test can
// call it (list_test.go); the cobra command parses, checks what it can
// before unlocking, opens the vault and calls it.

// listOptions are phr list's argument and flags.
type listOptions struct {
	Category          string // "" lists every category
	Since, Until, Tag string
	JSON, JSONL       bool
}

// filter checks the options and returns the store filter they ask for.
func (o listOptions) filter() (store.Filter, error) {
	f := store.Filter{Since: o.Since, Until: o.Until, Tag: o.Tag}
	if o.Category != "" {
		c, err := record.ParseCategory(o.Category)
		if err != nil {
			return f, errs.Wrap(errs.Usage, err)
		}
		f.Categories = []record.Category{c}
	}
	return f, oneJSONForm(o.JSON, o.JSONL)
}

// oneJSONForm refuses --json and --jsonl together (list, search, audit),
// before the vault is opened.
func oneJSONForm(json, jsonl bool) error {
	if json && jsonl {
		return errs.New(errs.Usage, "choose one: --json or --jsonl")
	}
	return nil
}

func (r *runner) listCommand() *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:     "list [CATEGORY]",
		Short:   "List entries, newest first",
		GroupID: "record",
		Example: "  phr list\n  phr list measurement --since 2024-01-01 --json\n  phr list --tag diabetes",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Category = args[0]
			}
			if _, err := o.filter(); err != nil {
				return err
			}
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			return r.runList(cmd.Context(), s, o)
		},
	}
	cmd.Flags().StringVar(&o.Since, "since", "", "only entries on or after `DATE|AGO` (2024-03-01, or a time ago: 7d, 2w)")
	cmd.Flags().StringVar(&o.Until, "until", "", "only entries on or before `DATE|AGO` (2024-03-31, or a time ago: 7d, 2w)")
	cmd.Flags().StringVar(&o.Tag, "tag", "", "only entries with this `TAG`")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print a JSON array")
	cmd.Flags().BoolVar(&o.JSONL, "jsonl", false, "print one JSON object per entry, a line each")
	return cmd
}

// runList prints the entries o selects: a table of rows, or every entry
// whole as JSON, streamed one at a time.
func (r *runner) runList(ctx context.Context, s *app.Session, o listOptions) error {
	f, err := o.filter()
	if err != nil {
		return err
	}
	if o.JSON || o.JSONL {
		out := newJSONStream(r.env.Stdout, o.JSONL)
		err := s.EachEntry(ctx, f, func(e record.Entry) error {
			e.Sensitive = app.EffectiveKinds(e)
			return out.add(entryJSON(e))
		})
		if err != nil && out.n == 0 {
			return err // nothing printed yet: the error is the only output
		}
		if cerr := out.close(); err == nil {
			err = cerr
		}
		return err
	}
	// The table shows what a row holds, and the stored sensitive kinds are
	// the gate's (app refreshes them when the tables change), so the rows
	// are read without the rest.
	f.Rows = true
	es, err := s.List(ctx, f)
	if err != nil {
		return err
	}
	if len(es) == 0 {
		r.stderrf("phr: no entries\n")
		return nil
	}
	units, err := s.Units(ctx)
	if err != nil {
		return err
	}
	printEntriesIn(r.env.Stdout, es, units)
	return nil
}

// searchOptions are phr search's words and flags.
type searchOptions struct {
	Query       string
	JSON, JSONL bool
	Limit       int // 0: every match
}

func (r *runner) searchCommand() *cobra.Command {
	var o searchOptions
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search titles, notes and codes (words match as prefixes)",
		Long: "Search titles, notes and codes of every entry; each word matches as the start of a word, and all must match.\n" +
			"Entries that are not measurements come first, best match first; then the measurements (readings), newest first.",
		GroupID: "record",
		Example: "  phr search penicil\n  phr search \"blood pressure\" --json",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Query = strings.Join(args, " ")
			if err := oneJSONForm(o.JSON, o.JSONL); err != nil {
				return err
			}
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			return r.runSearch(cmd.Context(), s, o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print a JSON array")
	cmd.Flags().BoolVar(&o.JSONL, "jsonl", false, "print one JSON object per entry, a line each")
	cmd.Flags().IntVar(&o.Limit, "limit", 0, "at most `N` results, in that order (0: all)")
	return cmd
}

// runSearch prints the entries that match o.Query, in the search's order.
func (r *runner) runSearch(ctx context.Context, s *app.Session, o searchOptions) error {
	es, err := s.Search(ctx, o.Query, o.Limit)
	if err != nil {
		return err
	}
	effectiveKinds(es)
	if o.JSON || o.JSONL {
		out := newJSONStream(r.env.Stdout, o.JSONL)
		for _, e := range es {
			if err := out.add(entryJSON(e)); err != nil {
				return err
			}
		}
		return out.close()
	}
	if len(es) == 0 {
		r.stderrf("phr: nothing matches %q\n", o.Query)
		return nil
	}
	units, err := s.Units(ctx)
	if err != nil {
		return err
	}
	printEntriesIn(r.env.Stdout, es, units)
	return nil
}

// showOptions are phr show's entry id and flag.
type showOptions struct {
	ID   string // an id or a unique prefix of one
	JSON bool
}

func (r *runner) showCommand() *cobra.Command {
	var o showOptions
	cmd := &cobra.Command{
		Use:     "show ID",
		Example: "  phr show k3j2m9q4xd\n  phr show k3j2 --json",
		Short:   "Show every field of one entry",
		GroupID: "record",
		Args:    exactArgs(1, "say which entry: phr show ID (ids are in phr list)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			s, err := r.open(cmd.Context(), app.ReadMostly)
			if err != nil {
				return err
			}
			return r.runShow(cmd.Context(), s, o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the entry as JSON (with its original imported text)")
	return cmd
}

// runShow prints every field of one entry.
func (r *runner) runShow(ctx context.Context, s *app.Session, o showOptions) error {
	e, err := s.Entry(ctx, o.ID)
	if err != nil {
		return err
	}
	e.Sensitive = app.EffectiveKinds(e)
	if o.JSON {
		return printJSON(r.env.Stdout, entryJSON(e))
	}
	units, err := s.Units(ctx)
	if err != nil {
		return err
	}
	printEntry(r.env.Stdout, e, units)
	return nil
}

// effectiveKinds shows each entry's kinds as the gate sees them (its own
// and what its codes, words and labels suggest), so a list never shows an
// entry as plain that an export would stop.
func effectiveKinds(es []record.Entry) {
	for i := range es {
		es[i].Sensitive = app.EffectiveKinds(es[i])
	}
}
