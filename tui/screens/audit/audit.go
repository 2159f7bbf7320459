// Package audit shows the audit log newest first, with the result of the
// hash-chain check on top: each row in words (who did what, when), and
// enter opens one with everything it holds.
package audit

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the audit screen.
type Model struct {
	rows   []audit.Row
	broken error
	cursor int // 0 is the newest row
	offset int // the first row shown, counted from the newest
	open   bool
	loaded bool
}

type loadedMsg struct {
	rows        []audit.Row
	broken, err error
}

// New returns the audit screen.
func New() *Model { return &Model{} }

// Load reads and checks the log.
func (a *Model) Load(env screen.Env) tea.Cmd {
	ctx := env.Ctx
	return env.Run(func(s *app.Session) tea.Msg {
		trail, err := s.AuditLog(ctx)
		return loadedMsg{rows: trail.Rows, broken: trail.Broken, err: err}
	})
}

// row is the i-th row from the newest.
func (a *Model) row(i int) audit.Row { return a.rows[len(a.rows)-1-i] }

// Update moves the cursor, opens a row and closes it.
func (a *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	last := max(0, len(a.rows)-1)
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		a.rows, a.broken, a.loaded = msg.rows, msg.broken, true
		a.cursor = min(a.cursor, last)
	case tea.KeyPressMsg:
		if a.open {
			if key.Matches(msg, k.Back, k.Open) {
				a.open = false
			}
			return nil
		}
		page := max(1, env.Height-9)
		switch {
		case key.Matches(msg, k.Back):
			return screen.Back
		case key.Matches(msg, k.Open) && len(a.rows) > 0:
			a.open = true
		case key.Matches(msg, k.Down):
			a.cursor = min(last, a.cursor+1)
		case key.Matches(msg, k.Up):
			a.cursor = max(0, a.cursor-1)
		case key.Matches(msg, k.PageDown):
			a.cursor = min(last, a.cursor+page)
		case key.Matches(msg, k.PageUp):
			a.cursor = max(0, a.cursor-page)
		case key.Matches(msg, k.Top):
			a.cursor = 0
		case key.Matches(msg, k.Bottom):
			a.cursor = last
		}
	}
	return nil
}

// View renders the check and the visible rows, newest first, or the row
// that is open.
func (a *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if !a.loaded {
		return st.Muted.Render("Loading…")
	}
	if a.open {
		return a.viewRow(env, w)
	}
	var b strings.Builder
	if a.broken != nil {
		b.WriteString(st.Error.Width(max(20, w)).Render("✗ The log was altered: "+a.broken.Error()) + "\n\n")
	} else {
		b.WriteString(st.Good.Render(fmt.Sprintf("✓ The log holds %d rows, each chained to the one before.", len(a.rows))) + "\n\n")
	}
	rows := max(1, h-3)
	a.offset = min(a.offset, a.cursor)
	if a.cursor >= a.offset+rows {
		a.offset = a.cursor - rows + 1
	}
	for i := a.offset; i < len(a.rows) && i < a.offset+rows; i++ {
		r := a.row(i)
		// The detail may quote a file or a carer's name: cleaned.
		words := audit.Describe(r, time.Local)
		line := r.At.Local().Format("2 Jan 2006 15:04") + "  " + safetext.Line(words.Sentence())
		if rs := []rune(line); len(rs) > w-2 {
			line = string(rs[:max(1, w-3)]) + "…"
		}
		if i == a.cursor {
			b.WriteString(st.Selected.Render("› "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

// viewRow shows one row whole: when, who, what, and what is stored.
func (a *Model) viewRow(env screen.Env, w int) string {
	st := env.Styles
	r := a.row(a.cursor)
	words := audit.Describe(r, time.Local)
	field := func(k, v string) string {
		return st.Label.Render(k) + st.Normal.Width(max(20, w-17)).Render(safetext.Line(v)) + "\n"
	}
	var b strings.Builder
	b.WriteString(st.Subtitle.Render(fmt.Sprintf("Row %d of the audit log", r.Seq)) + "\n\n")
	b.WriteString(field("When", words.When))
	b.WriteString(field("Who", words.Who))
	b.WriteString(field("What", words.What))
	b.WriteString(field("Stored as", r.Action+" "+r.Detail))
	b.WriteString(field("Chained to", r.Prev))
	b.WriteString("\n" + st.Muted.Render("esc or enter goes back to the log."))
	return b.String()
}

// Keys lists the screen's keys.
func (a *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	if a.open {
		return []key.Binding{keys.WithHelp(k.Back, "back to the log")}
	}
	return []key.Binding{k.Up, k.Down, keys.WithHelp(k.Open, "open the row"), k.PageUp, k.PageDown, k.Top, k.Bottom, k.Back}
}

// Title names the screen.
func (a *Model) Title() string { return "Audit log" }
