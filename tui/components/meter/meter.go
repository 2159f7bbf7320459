// Package meter draws a passphrase's strength as a bar with words, so it
// reads the same without colour.
package meter

import (
	"fmt"
	"strings"

	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/tui/styles"
)

// Empty is what the meter says before anything is typed: the rule and the
// tip, said here once (the screens do not repeat them).
const Empty = "Strength: at least 15 characters; three or four random words work well."

// View renders a rating: the bar with the verdict in words, the time an
// attacker needs, the warning and at most maxAdvice suggestions. empty is
// set when nothing has been typed yet.
func View(st *styles.Styles, r passphrase.Result, empty bool, maxAdvice int) string {
	if empty {
		return st.Muted.Render(Empty)
	}
	// The bar, the words and the time all come from the policy's one
	// verdict (passphrase.Check), never from a second reading of it. A
	// refused passphrase's bar is red and at most three fifths full.
	score := min(max(r.Score, 0), 4)
	filled := score + 1
	bar := strings.Repeat("█", filled*3) + strings.Repeat("░", (5-filled)*3)
	style, verdict := st.Error, "✗ too weak"
	if r.Acceptable {
		style, verdict = st.Good, "✓ acceptable"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Strength: %s %s · %s\n", style.Render(bar), r.Label, style.Render(verdict))
	if r.CrackTime != "" {
		// Empty when refused for a rule though slow to guess: no
		// "centuries" beside "too weak".
		b.WriteString(st.Muted.Render("Time an attacker needs to guess it: "+r.CrackTime) + "\n")
	}
	if r.Warning != "" {
		b.WriteString(st.Warning.Render("! "+r.Warning) + "\n")
	}
	for i, s := range r.Suggestions {
		if i == maxAdvice {
			break
		}
		b.WriteString(st.Muted.Render("· "+s) + "\n")
	}
	return b.String()
}
