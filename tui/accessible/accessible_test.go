package accessible

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
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

// TestReadTicks: numbers separated by spaces or commas tick exactly those;
// Enter alone keeps the ticks, 0 ticks none, anything else is named.
func TestReadTicks(t *testing.T) {
	was := []bool{true, false, false}
	for _, tc := range []struct {
		in, bad string
		want    []bool
	}{
		{"", "", []bool{true, false, false}},
		{"0", "", []bool{false, false, false}},
		{"2 3", "", []bool{false, true, true}},
		{"3,1", "", []bool{true, false, true}},
		{" 2 , 2 ", "", []bool{false, true, false}},
		{"4", "4", nil},
		{"1 two", "two", nil},
		{"0 1", "0", nil},
	} {
		got, bad := readTicks(tc.in, was)
		if bad != tc.bad || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("readTicks(%q) = %v, %q; want %v, %q", tc.in, got, bad, tc.want, tc.bad)
		}
	}
}

// TestInputEndsAfterAFailedUnlock: input that ends after a wrong passphrase
// is a failure a script can see (the unlock error), while input that ends
// before anything was tried is a quiet quit.
func TestInputEndsAfterAFailedUnlock(t *testing.T) {
	cfg := seeded(t)
	for _, tc := range []struct {
		name, in string
		fails    bool
	}{
		{"a wrong passphrase, then the end", "not the passphrase\n", true},
		{"two wrong ones", "wrong one\nwrong two\n", true},
		{"nothing typed", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			err := Run(context.Background(), Options{Config: cfg, In: strings.NewReader(tc.in), Out: &out, Home: t.TempDir(),
				Getenv: func(string) string { return "" }})
			if tc.fails && !errs.Is(err, errs.Unlock) {
				t.Fatalf("Run = %v, want the unlock failure:\n%s", err, out.String())
			}
			if !tc.fails && err != nil {
				t.Fatalf("Run = %v, want a quiet quit:\n%s", err, out.String())
			}
		})
	}
}
