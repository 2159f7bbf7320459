package cli

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/passphrase"
)

func (r *runner) passwordCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "password",
		Example: "  phr password generate\n  phr password check < candidate.txt",
		Short:   "Rate a passphrase, or suggest one of random words",
		GroupID: "vault",
	}
	var asJSON bool
	check := &cobra.Command{
		Use:   "check [--json]",
		Short: "Rate a candidate passphrase read from stdin; exit 0 if acceptable, 4 if too weak",
		Example: "  phr password generate | phr password check\n" +
			"  phr password check --json < candidate.txt",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var p []byte
			if r.env.StdinIsTerminal && r.env.Prompt != nil {
				var err error
				if p, err = r.env.Prompt("Passphrase to rate: "); err != nil {
					return errs.New(errs.Usage, "read passphrase: %w", err)
				}
			} else {
				br := bufio.NewReader(io.LimitReader(r.env.Stdin, 1<<20))
				line, err := br.ReadBytes('\n')
				if err != nil && err != io.EOF {
					return fmt.Errorf("read stdin: %w", err)
				}
				p = []byte(strings.TrimRight(string(line), "\r\n"))
				clear(line)
			}
			defer clear(p)
			if len(p) == 0 {
				return errs.New(errs.Usage, "no passphrase on stdin: pipe the candidate, for example phr password check < file")
			}
			res := app.RatePassphrase(p, nil)
			if asJSON {
				if err := printJSON(r.env.Stdout, res); err != nil {
					return err
				}
			} else {
				verdict := "acceptable"
				if !res.Acceptable {
					verdict = "too weak"
				}
				crack := ""
				if res.CrackTime != "" {
					// None for a passphrase refused by a rule (its length).
					crack = ", " + res.CrackTime + " to crack"
				}
				fmt.Fprintf(r.env.Stdout, "%s: %s, score %d of 4, about 10^%.0f guesses%s\n", verdict, res.Label, res.Score, res.GuessesLog10, crack)
				if res.Warning != "" {
					fmt.Fprintf(r.env.Stdout, "warning: %s\n", res.Warning)
				}
				for _, s := range res.Suggestions {
					fmt.Fprintf(r.env.Stdout, "- %s\n", s)
				}
			}
			if !res.Acceptable {
				return &quietError{errs.New(errs.Policy, "the passphrase is too weak")}
			}
			return nil
		},
	}
	check.Flags().BoolVar(&asJSON, "json", false, "print {acceptable, score, guesses_log10, crack_time, warning, suggestions}")
	var words int
	var genJSON bool
	gen := &cobra.Command{
		Use:     "generate [--words N]",
		Short:   "Suggest a passphrase of random words (five by default, about 65 bits)",
		Example: "  phr password generate\n  phr password generate --words 6",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := passphrase.Generate(words, rand.Reader)
			if err != nil {
				return errs.Wrap(errs.Usage, err)
			}
			if genJSON {
				return printJSON(r.env.Stdout, map[string]any{"passphrase": p, "words": words})
			}
			fmt.Fprintln(r.env.Stdout, p)
			return nil
		},
	}
	gen.Flags().IntVar(&words, "words", passphrase.DefaultWords, "how many words, `N` (at least 4)")
	gen.Flags().BoolVar(&genJSON, "json", false, "print {passphrase, words}")
	cmd.AddCommand(check, gen)
	return cmd
}

// quietError carries an exit code without a message: the command already
// said everything on stdout.
type quietError struct{ err error }

func (q *quietError) Error() string { return q.err.Error() }
func (q *quietError) Unwrap() error { return q.err }
