package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/phrhealth/phr/internal/record"
)

// TestREADMECommands checks every phr command line in the README's sh blocks
// against the real command tree: the command exists, every flag exists and
// parses, and a category argument is a real category. A renamed command or
// flag makes it fail. (The walk-throughs themselves run in testdata/script.)
func TestREADMECommands(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := readmeCommandLines(string(b))
	if len(lines) < 40 {
		t.Fatalf("found only %d phr command lines in the README", len(lines))
	}
	for _, line := range lines {
		args := shellWords(line)
		r := &runner{env: Env{}}
		root := r.rootCommand()
		root.InitDefaultCompletionCmd()
		cmd, rest, err := root.Find(args)
		if err != nil || cmd == root && len(args) > 0 {
			t.Errorf("README: %q: no such command", line)
			continue
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("README: %q: %v", line, err)
			continue
		}
		pos := cmd.Flags().Args()
		if err := cmd.ValidateArgs(pos); err != nil {
			t.Errorf("README: %q: %v", line, err)
		}
		if (cmd.Name() == "add" && cmd.Parent() == root || cmd.Name() == "list" && cmd.Parent() == root) && len(pos) > 0 {
			if _, err := record.ParseCategory(pos[0]); err != nil {
				t.Errorf("README: %q: %v", line, err)
			}
		}
		if cats, err := cmd.Flags().GetStringSlice("category"); err == nil {
			for _, c := range cats {
				if _, err := record.ParseCategory(c); err != nil {
					t.Errorf("README: %q: %v", line, err)
				}
			}
		}
	}
}

// readmeCommandLines returns the phr invocations in ```sh blocks, with
// continuation lines joined and anything before a pipe dropped.
func readmeCommandLines(md string) []string {
	var out []string
	in := false
	var cont string
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") {
			in = t == "```sh"
			continue
		}
		if !in {
			continue
		}
		if cont != "" {
			t = cont + " " + t
			cont = ""
		}
		if strings.HasSuffix(t, "\\") {
			cont = strings.TrimSuffix(t, "\\")
			continue
		}
		if i := strings.LastIndex(t, "| phr "); i >= 0 {
			t = t[i+2:]
		}
		if c := strings.Index(t, "  #"); c >= 0 {
			t = strings.TrimSpace(t[:c])
		}
		if strings.HasPrefix(t, "phr ") {
			out = append(out, t)
		}
	}
	return out
}

// shellWords splits a command line as sh would for simple quoting, drops
// redirections, and returns the words after "phr".
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	quote := rune(0)
	depth := 0
	have := false
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote && depth == 0 {
				quote = 0
			} else {
				if r == '(' {
					depth++
				} else if r == ')' {
					depth--
				}
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, have = r, true
		case r == ' ' || r == '\t':
			if have {
				words = append(words, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		words = append(words, cur.String())
	}
	var out []string
	for i := 1; i < len(words); i++ {
		if words[i] == "<" || words[i] == ">" {
			i++
			continue
		}
		out = append(out, words[i])
	}
	return out
}

// TestREADMEWeeklyExport checks that the README's scripted weekly export is,
// word for word, the weekly.sh that testdata/script/weekly_export.txtar runs
// (in a week holding a sensitive result), so the README's script is the one
// that is known to work.
func TestREADMEWeeklyExport(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	i := strings.Index(md, "### A scripted weekly export")
	if i < 0 {
		t.Fatal("README: no section \"### A scripted weekly export\"")
	}
	md = md[i:]
	start := strings.Index(md, "```sh\n")
	if start < 0 {
		t.Fatal("README: the weekly export has no sh block")
	}
	block := md[start+len("```sh\n"):]
	end := strings.Index(block, "```")
	if end < 0 {
		t.Fatal("README: the weekly export's sh block does not end")
	}
	block = block[:end]
	ar, err := txtar.ParseFile(filepath.Join("testdata", "script", "weekly_export.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "weekly.sh" {
			if got := string(f.Data); got != block {
				t.Fatalf("README's weekly export differs from the tested weekly.sh:\nREADME:\n%s\ntested:\n%s", block, got)
			}
			return
		}
	}
	t.Fatal("weekly_export.txtar has no weekly.sh")
}
