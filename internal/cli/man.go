package cli

import (
	"fmt"
	"regexp"
	"strings"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"github.com/phrhealth/phr/internal/errs"
)

// manExitStatus, manEnvironment, manFiles and manExamples are the man page's
// sections beyond what mango makes from the command tree. mango reads each
// as a format string: no per cent signs or backslashes. The exit codes are
// the contract's (README, "Exit codes"); TestManPage checks each is named.
const (
	manExitStatus = `0: done.
1: failed (I/O, a damaged file, anything else); the vault on disk is unchanged.
2: usage: unknown command, flag, category, date or id; a missing input file.
3: cannot unlock: wrong passphrase or key, or no way to ask for one.
4: refused by policy: a weak passphrase, sensitive entries not confirmed.
5: extract not usable: expired, altered, not for this key, or not an extract.
6: vault busy: open for writing in another phr, or changed on disk since it was read.
With --json a failure also prints {"error": {"exit", "kind", "message", "items"}} on stdout.`

	manEnvironment = `PHR_VAULT: the vault folder, as --vault.
PHR_PASSPHRASE_FILE: read the vault passphrase from the first line of this file, as --passphrase-file.
PHR_PASSPHRASE_COMMAND: run this through the shell and read the passphrase from the first line of its output.
PHR_IDENTITY: the carer's key file for phr open, as --identity.
PHR_LOCK_WAIT: how long to wait for a vault another phr is writing (a duration, as --wait).
NO_COLOR: no colour, and no question to the terminal about its colours.
TERM: TERM=dumb also turns styling off.
XDG_DATA_HOME: on Linux, the vault folder is $XDG_DATA_HOME/phr when set.`

	manFiles = `~/.local/share/phr (Linux), ~/Library/Application Support/phr (macOS), phr in the AppData folder (Windows): the vault folder, unless --vault or PHR_VAULT names another.
identity.age: the vault key, encrypted with the passphrase.
record.age: the whole record, encrypted with the vault key; record.age.1 to .3 are the previous versions.
files/*.age: attachments, each encrypted.
lock: shows that a phr is writing; holds no data.`

	manExamples = `phr: open the interface.
phr add allergy --title "Penicillin" --date 2001-05-01
phr list measurement --since 30d --json
phr import gp-record.xml --dry-run
phr export --to Sam --category measurement,result --since 7d --exclude-sensitive --out week.age --json
phr open week.age --identity carer.key
phr audit --verify`
)

// thHeading matches the man page's title line, which mango dates with the
// clock; manCommand gives it the build's date and version instead.
var thHeading = regexp.MustCompile(`(?m)^\.TH .*$`)

func (r *runner) manCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "man",
		Short:  "Print the man page (roff)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, cmd.Root())
			if err != nil {
				return errs.New(errs.Failed, "make the man page: %w", err)
			}
			page = page.WithSection("Exit status", manExitStatus).WithSection("Environment", manEnvironment).
				WithSection("Files", manFiles).WithSection("Examples", manExamples)
			text := page.Build(roff.NewDocument())
			v, _ := r.buildVersion()
			date := r.env.Clock.Now().UTC().Format("2006-01-02")
			if len(v.Date) >= 10 {
				date = v.Date[:10]
			}
			heading := fmt.Sprintf(`.TH PHR 1 "%s" "phr %s" "User Commands"`, date, strings.ReplaceAll(v.Version, `"`, ""))
			text = thHeading.ReplaceAllLiteralString(text, heading)
			_, err = fmt.Fprint(r.env.Stdout, text)
			return err
		},
	}
}
