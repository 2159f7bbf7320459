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
// --help and error waiting for an answer; without them fang styles the
// output and asks, which shows the check can fail.
func TestNoColourQueryWhenUnstyled(t *testing.T) {
	requireE2E(t)
	script, err := exec.LookPath("script")
	if err != nil {
		t.Fatal("script(1) (util-linux or bsdutils) is needed to give phr a terminal: install it")
	}
	bin := buildPHR(t)
	osc11 := []byte("\x1b]11;?")
	run := func(env ...string) []byte {
		t.Helper()
		cmd := exec.Command(script, "-qec", bin+" list --frob", "/dev/null")
		cmd.Env = append(os.Environ(), "TERM=xterm-256color", "NO_COLOR=")
		cmd.Env = append(cmd.Env, env...)
		cmd.Stdin = nil
		out, _ := cmd.Output()
		if !bytes.Contains(out, []byte("unknown flag: --frob")) {
			t.Fatalf("%v: phr did not answer: %q", env, out)
		}
		return out
	}
	if out := run(); !bytes.Contains(out, osc11) {
		t.Fatalf("styled output without a colour query: the test cannot see one: %q", out)
	}
	for _, env := range [][]string{{"NO_COLOR=1"}, {"TERM=dumb"}} {
		if out := run(env...); bytes.Contains(out, osc11) || bytes.Contains(out, []byte("\x1b[c")) {
			t.Errorf("%v: phr asked the terminal about its colours: %q", env, out)
		}
	}
}
