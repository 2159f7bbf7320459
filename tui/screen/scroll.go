package screen

import (
	"fmt"
	"strings"

	"github.com/phrhealth/phr/tui/styles"
)

// Scroll fits s into height lines without cutting what matters: when s is
// taller, it shows a window that holds lines from up to (not including) to
// (the focused field, the highlighted choice), as near the top as that
// allows, and its last line says how much lies above and below. A screen
// calls it from View, so a small terminal scrolls instead of losing the
// cursor.
func Scroll(st *styles.Styles, s string, from, to, height int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for len(lines) > 1 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if height < 2 || len(lines) <= height {
		return s
	}
	view := height - 1 // the last line says what is hidden
	from = min(max(from, 0), len(lines)-1)
	to = min(max(to, from+1), len(lines))
	top := 0
	if to > view {
		top = to - view
	}
	top = min(top, from)
	end := min(top+view, len(lines))
	var more []string
	if top > 0 {
		more = append(more, fmt.Sprintf("↑ %d more above", top))
	}
	if below := len(lines) - end; below > 0 {
		more = append(more, fmt.Sprintf("↓ %d more below", below))
	}
	return strings.Join(lines[top:end], "\n") + "\n" + st.Muted.Render(strings.Join(more, " · "))
}
