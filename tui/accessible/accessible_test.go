package accessible

import (
	"bufio"
	"errors"
	"strings"
	"testing"
)

// TestChoose: a choice is a number in range; anything else is refused with
// the range, and the end of input quits instead of failing.
func TestChoose(t *testing.T) {
	var out strings.Builder
	u := &ui{in: bufio.NewReader(strings.NewReader("x\n0\n3\n2\n")), out: &out}
	i, err := u.choose([]string{"Back", "Delete this entry"})
	if err != nil || i != 1 {
		t.Fatalf("choose = %d, %v", i, err)
	}
	if n := strings.Count(out.String(), "is not one of the choices: type a number from 1 to 2."); n != 3 {
		t.Fatalf("%d refusals, want 3:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "1. Back\n2. Delete this entry\n") {
		t.Fatalf("the choices are not numbered:\n%s", out.String())
	}
	u = &ui{in: bufio.NewReader(strings.NewReader("")), out: &out}
	if _, err := u.choose([]string{"Back"}); !errors.Is(err, errQuit) {
		t.Fatalf("end of input: %v", err)
	}
}
