package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// buildVersion is the release stamp from ldflags, with anything it leaves
// empty filled from the Go build info: the module version when built with
// `go install ...@vX.Y.Z`, and the git revision and commit time when built in
// a checkout with VCS stamping on (a plain `go build` there; not with
// -buildvcs=false). A build with neither is version "dev". modified reports
// uncommitted changes in that checkout.
func (r *runner) buildVersion() (v VersionInfo, modified bool) {
	v = r.env.Version
	if info, ok := debug.ReadBuildInfo(); ok {
		if v.Version == "" && info.Main.Version != "(devel)" {
			v.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && v.Commit == "":
				v.Commit = s.Value
			case s.Key == "vcs.time" && v.Date == "":
				v.Date = s.Value
			case s.Key == "vcs.modified" && r.env.Version.Commit == "":
				modified = s.Value == "true"
			}
		}
	}
	if v.Version == "" {
		v.Version = "dev"
	}
	return v, modified
}

// versionString is what `phr --version` prints after "phr version ": the
// same facts as `phr version`, on one line.
func (r *runner) versionString() string {
	v, modified := r.buildVersion()
	var parts []string
	if v.Commit != "" {
		c := "commit " + shortCommit(v.Commit)
		if modified {
			c += " (modified)"
		}
		parts = append(parts, c)
	}
	if v.Date != "" {
		parts = append(parts, "built "+v.Date)
	}
	parts = append(parts, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH)
	return v.Version + " (" + strings.Join(parts, ", ") + ")"
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func (r *runner) versionCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "version",
		Example: "  phr version\n  phr version --json",
		Short:   "Print the version, commit, build date and Go version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return r.runVersion(asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {version, commit, date, go, platform}")
	return cmd
}

// runVersion prints the version, commit, build date and Go version.
func (r *runner) runVersion(asJSON bool) error {
	v, modified := r.buildVersion()
	info := map[string]string{"version": v.Version, "commit": v.Commit, "date": v.Date, "go": runtime.Version(),
		"platform": runtime.GOOS + "/" + runtime.GOARCH}
	if asJSON {
		return printJSON(r.env.Stdout, info)
	}
	commit := dash(v.Commit)
	if modified {
		commit += " (modified)"
	}
	fmt.Fprintf(r.env.Stdout, "phr %s\ncommit %s\nbuilt %s\n%s %s\n", v.Version, commit, dash(v.Date), info["go"], info["platform"])
	return nil
}
