package screen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/phrhealth/phr/tui/styles"
)

// TestScroll: the window always holds the focused lines and says what is
// hidden; what fits is left alone.
func TestScroll(t *testing.T) {
	st := styles.New(true)
	var ls []string
	for i := range 10 {
		ls = append(ls, fmt.Sprintf("line %d", i))
	}
	s := strings.Join(ls, "\n")
	cases := []struct {
		from, to, height int
		first, last      string
	}{
		{0, 1, 20, "line 0", "line 9"},
		{0, 1, 5, "line 0", "↓ 6 more below"},
		{9, 10, 5, "line 6", "↑ 6 more above"},
		{5, 6, 5, "line 2", "↑ 2 more above · ↓ 4 more below"},
		{2, 8, 4, "line 2", "↑ 2 more above · ↓ 5 more below"}, // taller than the window: its start
		{-3, 99, 4, "line 0", "↓ 7 more below"},
	}
	for _, c := range cases {
		out := strings.Split(Scroll(&st, s, c.from, c.to, c.height), "\n")
		if len(out) > c.height || out[0] != c.first || out[len(out)-1] != c.last {
			t.Errorf("Scroll(%d, %d, %d) = %q", c.from, c.to, c.height, out)
		}
		joined := strings.Join(out, "\n")
		for i := max(c.from, 0); i < min(c.to, 10, max(c.from, 0)+c.height-1); i++ {
			if !strings.Contains(joined, ls[i]) {
				t.Errorf("Scroll(%d, %d, %d) lost the focused %q", c.from, c.to, c.height, ls[i])
			}
		}
	}
}

// TestHang: a long line wraps under its own column, each line within the
// width (a hyphen may end a line, as in print); a short one is left as it
// is.
func TestHang(t *testing.T) {
	got := Hang("  2024-03-01  ", "Penicillin and every other antibiotic of the beta-lactam family", 40)
	want := []string{
		"  2024-03-01  Penicillin and every other",
		"              antibiotic of the beta-",
		"              lactam family",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := Hang("  ", "short", 40); len(got) != 1 || got[0] != "  short" {
		t.Fatalf("a short line: %q", got)
	}
}
