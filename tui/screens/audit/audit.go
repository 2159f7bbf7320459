// Package audit shows the audit log newest first, with the result of the
// hash-chain check on top.
package audit

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the audit screen.
type Model struct {
	rows   []audit.Row
	broken error
	offset int
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

// Update scrolls.
func (a *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	k := env.Keys
	last := max(0, len(a.rows)-1)
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		a.rows, a.broken, a.loaded = msg.rows, msg.broken, true
	case tea.KeyPressMsg:
		page := max(1, env.Height-9)
		switch {
		case key.Matches(msg, k.Back):
			return screen.Back
		case key.Matches(msg, k.Down):
			a.offset = min(last, a.offset+1)
		case key.Matches(msg, k.Up):
			a.offset = max(0, a.offset-1)
		case key.Matches(msg, k.PageDown):
			a.offset = min(last, a.offset+page)
		case key.Matches(msg, k.PageUp):
			a.offset = max(0, a.offset-page)
		case key.Matches(msg, k.Top):
			a.offset = 0
		case key.Matches(msg, k.Bottom):
			a.offset = last
		}
	}
	return nil
}

// View renders the check and the visible rows, newest first.
func (a *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if !a.loaded {
		return st.Muted.Render("Loading…")
	}
	var b strings.Builder
	if a.broken != nil {
		b.WriteString(st.Error.Width(max(20, w)).Render("✗ The log was altered: "+a.broken.Error()) + "\n\n")
	} else {
		b.WriteString(st.Good.Render(fmt.Sprintf("✓ The log holds: %d rows, each chained to the one before.", len(a.rows))) + "\n\n")
	}
	rows := max(1, h-3)
	shown := 0
	for i := len(a.rows) - 1 - a.offset; i >= 0 && shown < rows; i-- {
		r := a.rows[i]
		line := fmt.Sprintf("%4d  %s  %-11s %s", r.Seq, r.At.Local().Format("2006-01-02 15:04"), safetext.Line(r.Action), safetext.Line(r.Detail))
		if rs := []rune(line); len(rs) > w {
			line = string(rs[:w-1]) + "…"
		}
		b.WriteString(line + "\n")
		shown++
	}
	return b.String()
}

// Keys lists the screen's keys.
func (a *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Back}
}

// Title names the screen.
func (a *Model) Title() string { return "Audit log" }
