package meter

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/tui/styles"
)

// TestMeterShowsTheOneVerdict: the words, the bar and the time to crack
// come from the policy's verdict, so a refused passphrase is never called
// good or strong beside "too weak".
func TestMeterShowsTheOneVerdict(t *testing.T) {
	st := styles.New(true)
	for _, tc := range []struct{ p, want string }{
		{"Tr0ub4dor&3", "very weak · ✗ too weak\nTime an attacker needs to guess it: less than a second"},
		{"1qaz2wsx3edc4rfv5tgb", "✗ too weak"},
		{"пароль пароль пароль пароль", "✗ too weak"},
		{"quartz-harbour-pepper-ostrich-tundra", "strong · ✓ acceptable"},
		{"kT9$vq2!Lm8@Zx", "✗ too weak\n! It is 14 characters long"},
	} {
		t.Run(tc.p, func(t *testing.T) {
			r := passphrase.Check([]byte(tc.p), nil)
			out := ansi.Strip(View(&st, r, false, 3))
			if !strings.Contains(out, tc.want) {
				t.Fatalf("meter for %q:\n%s\nwant %q", tc.p, out, tc.want)
			}
			if !r.Acceptable && (strings.Contains(out, "strong") || strings.Contains(out, "good ") ||
				strings.Contains(out, "year") || strings.Contains(out, "centuries")) {
				t.Fatalf("a refused passphrase is praised:\n%s", out)
			}
			if !strings.Contains(out, r.CrackTime) || !strings.Contains(out, r.Label) || strings.Count(out, "█") > 9 && !r.Acceptable {
				t.Fatalf("the meter's time or words are not the verdict's:\n%s", out)
			}
		})
	}
}

// TestMeterSaysEachThingOnce: no line of the meter repeats another, and
// the tip about random words appears once, typed or not.
func TestMeterSaysEachThingOnce(t *testing.T) {
	st := styles.New(true)
	for _, p := range []string{"Tr0ub4dor&3", "password123", "abc", "correct horse battery staple", "kT9$vq2!Lm8@Zx"} {
		out := ansi.Strip(View(&st, passphrase.Check([]byte(p), nil), false, 4))
		if n := strings.Count(strings.ToLower(out), "random words"); n > 1 {
			t.Errorf("%q: the tip appears %d times:\n%s", p, n, out)
		}
		if n := strings.Count(out, "at least 15"); n > 1 {
			t.Errorf("%q: the length rule appears %d times:\n%s", p, n, out)
		}
	}
}
