// Package meter draws a passphrase's strength as a bar with words, so it
// reads the same without colour.
package meter

import (
	"fmt"
	"strings"

	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/tui/styles"
)

// View renders a rating: the bar, the score in words, the verdict, the time
// to crack, the warning and at most maxAdvice suggestions. empty is set when
// nothing has been typed yet.
func View(st *styles.Styles, r passphrase.Result, empty bool, maxAdvice int) string {
	if empty {
		return st.Muted.Render("Strength: type a passphrase to see how strong it is.")
	}
	// The bar, the words and the time all come from the policy's one
	// verdict (passphrase.Check), never from a second reading of it.
	score := min(max(r.Score, 0), 4)
	filled := score + 1
	bar := strings.Repeat("█", filled*3) + strings.Repeat("░", (5-filled)*3)
	words := r.Label
	style, verdict := st.Error, "✗ too weak"
	if r.Acceptable {
		style, verdict = st.Good, "✓ acceptable"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Strength: %s %s, %s · time to crack: %s\n", style.Render(bar), words, verdict, r.CrackTime)
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
