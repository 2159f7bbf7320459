// Package entry renders entries the same way on every screen: one line in a
// list, the title or the privacy placeholder, the words for sensitive kinds.
package entry

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/screen"
)

// Hidden is what privacy mode shows instead of a sensitive entry's title.
const Hidden = "sensitive, hidden"

// Title is an entry's title made safe for the terminal (see
// internal/safetext), or the privacy placeholder.
func Title(env screen.Env, e record.Entry) string {
	if env.Hidden(e) {
		return env.Styles.Sensitive.Render(Hidden)
	}
	return safetext.Line(e.Title)
}

// Row renders one entry on one line of width w: date, title, value, and a
// "▲ high" beside a result outside its reference range and a "⚑ sensitive"
// marker, both in words (not colour alone).
func Row(env screen.Env, e *record.Entry, selected bool, w int) string {
	st := env.Styles
	date := when.DateOf(e.Date)
	if date == "" {
		date = "undated   "
	}
	title := safetext.Line(e.Title)
	shown := env.Shown(*e)
	val := safetext.Line(shown.PlainValue())
	// An imported interpretation ("Below low normal") is the flag's words.
	flag := record.FlagMark(safetext.Line(e.Flag()))
	mark := ""
	if len(e.Sensitive) > 0 {
		mark = " ⚑ sensitive"
	}
	hidden := env.Hidden(*e)
	if hidden {
		title, val, flag = Hidden, "", ""
	}
	if flag != "" {
		flag = " " + flag
	}
	// A long value (a document's place, a note-like result) gives way to
	// the title rather than pushing the row past the screen's edge.
	if room := w - len(date) - len(flag) - len(mark) - 8 - 16; len([]rune(val)) > max(8, room) {
		val = Truncate(val, max(8, room))
	}
	tw := max(10, w-len(date)-len(val)-len(flag)-len(mark)-8)
	if r := []rune(title); len(r) > tw {
		title = string(r[:tw-1]) + "…"
	}
	line := fmt.Sprintf("%s  %-*s %s", date, tw, title, val)
	if selected {
		return st.Selected.Render("› "+line+flag) + st.Sensitive.Render(mark)
	}
	if hidden {
		return "  " + date + "  " + st.Sensitive.Render(fmt.Sprintf("%-*s", tw, title)) + st.Sensitive.Render(mark)
	}
	return "  " + line + st.Error.Render(flag) + st.Sensitive.Render(mark)
}

// Kinds describes sensitive kinds in words: "mental health, genetic".
func Kinds(ks []record.Kind) string {
	w := make([]string, len(ks))
	for i, k := range ks {
		w[i] = safetext.Line(k.Describe())
	}
	return strings.Join(w, ", ")
}

// Dash shows an empty value as a dash.
func Dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// Truncate cuts a rendered line to w cells, ending it with "…" when cut.
func Truncate(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	return lipgloss.NewStyle().MaxWidth(max(1, w-1)).Render(s) + "…"
}
