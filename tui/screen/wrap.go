package screen

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// Hang wraps text to width with prefix before its first line and as much
// space before the others, so a long line stays under its own column
// instead of running off the screen or back to the margin.
func Hang(prefix, text string, width int) []string {
	pad := strings.Repeat(" ", lipgloss.Width(prefix))
	lines := strings.Split(lipgloss.Wrap(text, max(10, width-len(pad)), ""), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = pad + lines[i]
		}
	}
	return lines
}
