package when

import (
	"strings"
	"testing"
	"time"
)

// TestAxisTicks: a chart's date labels never repeat a date, fall inside
// the stretch drawn, and use the coarsest words that fit.
func TestAxisTicks(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s+"T00:00:00Z")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		from, to string
		n        int
		want     string
	}{
		{"2016-12-03", "2026-11-13", 5, "2018 | 2020 | 2022 | 2024 | 2026"},
		{"2024-01-10", "2024-12-20", 4, "Apr 2024 | Jul 2024 | Oct 2024"},
		{"2024-03-01", "2024-03-04", 5, "1 Mar 2024 | 2 Mar 2024 | 3 Mar 2024 | 4 Mar 2024"},
		{"2024-03-01", "2024-03-31", 3, "1 Mar 2024 | 15 Mar 2024 | 29 Mar 2024"},
		{"2024-03-05", "2024-03-05", 5, "5 Mar 2024"},
		{"2024-01-05", "2024-03-09", 3, "Feb 2024 | Mar 2024"},
	} {
		ticks := AxisTicks(d(tc.from), d(tc.to), tc.n)
		var labels []string
		seen := map[string]bool{}
		for _, tk := range ticks {
			labels = append(labels, tk.Label)
			if seen[tk.Label] {
				t.Errorf("%s to %s: %q twice", tc.from, tc.to, tk.Label)
			}
			seen[tk.Label] = true
			if tk.At.Before(d(tc.from)) || tk.At.After(d(tc.to)) {
				t.Errorf("%s to %s: %q lies outside", tc.from, tc.to, tk.Label)
			}
		}
		if got := strings.Join(labels, " | "); got != tc.want || len(ticks) > tc.n {
			t.Errorf("AxisTicks(%s, %s, %d) = %s, want %s", tc.from, tc.to, tc.n, got, tc.want)
		}
	}
}
