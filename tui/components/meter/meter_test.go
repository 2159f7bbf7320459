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
		{"Tr0ub4dor&3", "very weak, ✗ too weak · time to crack: less than a second"},
		{"1qaz2wsx3edc4rfv5tgb", "✗ too weak"},
		{"пароль пароль пароль пароль", "✗ too weak"},
		{"quartz-harbour-pepper-ostrich-tundra", "strong, ✓ acceptable"},
	} {
		t.Run(tc.p, func(t *testing.T) {
			r := passphrase.Check([]byte(tc.p), nil)
			out := ansi.Strip(View(&st, r, false, 3))
			if !strings.Contains(out, tc.want) {
				t.Fatalf("meter for %q:\n%s\nwant %q", tc.p, out, tc.want)
			}
			if !r.Acceptable && (strings.Contains(out, "strong") || strings.Contains(out, "good,")) {
				t.Fatalf("a refused passphrase is praised:\n%s", out)
			}
			if !strings.Contains(out, r.CrackTime) || !strings.Contains(out, r.Label) {
				t.Fatalf("the meter's time or words are not the verdict's:\n%s", out)
			}
		})
	}
}
