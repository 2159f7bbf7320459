package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
)

// Completion: categories, sensitive kinds and statuses come from phr itself;
// tags, carer names and entry ids from the vault, and only when it opens
// without a prompt and without running a command (the unlock agent or the
// system keyring), since a shell completing a word must never wait for a
// passphrase. Such an open is audited like any read.

type completeFunc = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

func completeCategories(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, c := range record.Categories() {
		out = append(out, string(c)+"\t"+c.Label())
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeCategoryList completes a comma-separated --category value.
func completeCategoryList(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done := ""
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done = toComplete[:i+1]
	}
	var out []string
	for _, c := range record.Categories() {
		if !strings.Contains(","+done, ","+string(c)+",") {
			out = append(out, done+string(c))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

func completeKinds(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, k := range record.Kinds() {
		out = append(out, string(k)+"\t"+k.Describe())
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeStatuses offers the statuses of the category already typed (add
// CATEGORY), or of every category.
func completeStatuses(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	seen := map[string]bool{}
	var out []string
	for _, c := range record.Categories() {
		if len(args) > 0 && cmd.Name() == "add" && string(c) != args[0] {
			continue
		}
		for _, s := range c.Statuses() {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// fromVault completes from the vault when it opens without asking.
func (r *runner) fromVault(list func(cmd *cobra.Command, s *app.Session, toComplete string) []string) completeFunc {
	return func(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		u := app.Unlock{}
		s, err := r.openWith(cmd.Context(), app.ReadMostly, u)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return list(cmd, s, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func (r *runner) completeIDs() completeFunc {
	return r.fromVault(func(cmd *cobra.Command, s *app.Session, toComplete string) []string {
		items, err := s.IDsWithPrefix(cmd.Context(), toComplete, 50)
		if err != nil {
			return nil
		}
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = it.ID + "\t" + clip(safetext.Line(it.Title), 40)
		}
		return out
	})
}

func (r *runner) completeTags() completeFunc {
	return r.fromVault(func(cmd *cobra.Command, s *app.Session, _ string) []string {
		tags, err := s.Tags(cmd.Context())
		if err != nil {
			return nil
		}
		for i, t := range tags {
			tags[i] = safetext.Line(t)
		}
		return tags
	})
}

func (r *runner) completeCarers() completeFunc {
	return r.fromVault(func(cmd *cobra.Command, s *app.Session, _ string) []string {
		cs, err := s.Carers(cmd.Context())
		if err != nil {
			return nil
		}
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = safetext.Line(c.Name)
			if c.Relationship != "" {
				out[i] += "\t" + safetext.Line(c.Relationship)
			}
		}
		return out
	})
}

// registerCompletions attaches the completions to the command tree by
// command and flag name, so each command's file needs no completion code.
func (r *runner) registerCompletions(root *cobra.Command) {
	ids, tags, carers := r.completeIDs(), r.completeTags(), r.completeCarers()
	// cobra's own help and completion commands, made now rather than when
	// run, so that their help has examples as every other command's does.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Example = "  phr help export\n  phr help carer add"
		case "completion":
			c.Example = "  phr completion bash > ~/.local/share/bash-completion/completions/phr\n  phr completion zsh > \"${fpath[1]}/_phr\"\n  phr completion fish > ~/.config/fish/completions/phr.fish\n  phr completion powershell >> $PROFILE"
			for _, sh := range c.Commands() {
				sh.Example = completionExamples[sh.Name()]
			}
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		switch c.CommandPath() {
		case "phr add", "phr list":
			c.ValidArgsFunction = completeCategories
		case "phr show", "phr edit", "phr rm", "phr attachment get":
			c.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return ids(cmd, args, toComplete)
			}
		case "phr carer rm":
			c.ValidArgsFunction = carers
		}
		for name, fn := range map[string]completeFunc{"category": completeCategoryList, "sensitive": completeKinds,
			"status": completeStatuses, "tag": tags, "to": carers, "item": ids} {
			if c.LocalFlags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completionExamples are the examples of phr completion's commands: load
// the script now, or install it for every new shell.
var completionExamples = map[string]string{
	"bash":       "  source <(phr completion bash)\n  phr completion bash > ~/.local/share/bash-completion/completions/phr",
	"zsh":        "  source <(phr completion zsh)\n  phr completion zsh > \"${fpath[1]}/_phr\"",
	"fish":       "  phr completion fish | source\n  phr completion fish > ~/.config/fish/completions/phr.fish",
	"powershell": "  phr completion powershell | Out-String | Invoke-Expression\n  phr completion powershell >> $PROFILE",
}
