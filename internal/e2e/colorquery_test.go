package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// TestNoColourQueryWhenUnstyled runs phr on a terminal that never answers
// (script(1)'s pseudo-terminal) and checks what phr wrote to it: with
// NO_COLOR or TERM=dumb no question about the background colour (OSC 11) or
// the terminal's attributes (DA1) is sent, since such a terminal leaves every
// --help and error waiting for an answer; without them fang styles help
// and asks (an error never asks), which shows the check can fail.
func TestNoColourQueryWhenUnstyled(t *testing.T) {
	requireE2E(t)
	script, err := exec.LookPath("script")
	if err != nil {
		t.Fatal("script(1) (util-linux or bsdutils) is needed to give phr a terminal: install it")
	}
	bin := buildPHR(t)
	osc11 := []byte("\x1b]11;?")
	// Styled help is the one output that asks the terminal its colours
	// (a failure prints one plain line and asks nothing: internal/cli's
	// TestNoColourQuery); unstyled, help asks nothing either.
	run := func(args, want string, env ...string) []byte {
		t.Helper()
		cmd := exec.Command(script, "-qec", bin+" "+args, "/dev/null")
		cmd.Env = append(os.Environ(), "TERM=xterm-256color", "NO_COLOR=")
		cmd.Env = append(cmd.Env, env...)
		cmd.Stdin = nil
		out, _ := cmd.Output()
		if !bytes.Contains(out, []byte(want)) {
			t.Fatalf("%s %v: phr did not answer: %q", args, env, out)
		}
		return out
	}
	if out := run("list --help", "list"); !bytes.Contains(out, osc11) {
		t.Fatalf("styled help without a colour query: the test cannot see one: %q", out)
	}
	for _, env := range [][]string{{"NO_COLOR=1"}, {"TERM=dumb"}} {
		for _, c := range []struct{ args, want string }{{"list --help", "list"}, {"list --frob", "unknown flag: --frob"}} {
			if out := run(c.args, c.want, env...); bytes.Contains(out, osc11) || bytes.Contains(out, []byte("\x1b[c")) {
				t.Errorf("%s %v: phr asked the terminal about its colours: %q", c.args, env, out)
			}
		}
	}
	if out := run("list --frob", "unknown flag: --frob"); bytes.Contains(out, osc11) {
		t.Errorf("a failure on a styled terminal asked the terminal about its colours: %q", out)
	}
}
