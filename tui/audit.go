package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/audit"
)

// auditScreen shows the audit log newest first, with the chain checked.
type auditScreen struct {
	rows   []audit.Row
	broken error
	offset int
	loaded bool
}

type auditLoadedMsg struct {
	rows        []audit.Row
	broken, err error
}

func newAuditScreen() *auditScreen { return &auditScreen{} }

func (a *auditScreen) Reload(m *Model) tea.Cmd {
	s, ctx := m.sess, m.ctx
	return func() tea.Msg {
		if s == nil {
			return nil
		}
		rows, broken, err := s.AuditLog(ctx)
		return auditLoadedMsg{rows: rows, broken: broken, err: err}
	}
}

func (a *auditScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case auditLoadedMsg:
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		a.rows, a.broken, a.loaded = msg.rows, msg.broken, true
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Back):
			return func() tea.Msg { return popMsg{} }
		case key.Matches(msg, m.keys.Down):
			a.offset = min(max(0, len(a.rows)-1), a.offset+1)
		case key.Matches(msg, m.keys.Up):
			a.offset = max(0, a.offset-1)
		case key.Matches(msg, m.keys.PageDown):
			a.offset = min(max(0, len(a.rows)-1), a.offset+10)
		case key.Matches(msg, m.keys.PageUp):
			a.offset = max(0, a.offset-10)
		}
	}
	return nil
}

func (a *auditScreen) View(m *Model, w, h int) string {
	if !a.loaded {
		return m.st.Muted.Render("Loading…")
	}
	var b strings.Builder
	if a.broken != nil {
		b.WriteString(m.st.Error.Render("✗ "+a.broken.Error()) + "\n\n")
	} else {
		b.WriteString(m.st.Good.Render(fmt.Sprintf("✓ The log holds: %d rows, each chained to the one before.", len(a.rows))) + "\n\n")
	}
	rows := max(1, h-3)
	shown := 0
	for i := len(a.rows) - 1 - a.offset; i >= 0 && shown < rows; i-- {
		r := a.rows[i]
		line := fmt.Sprintf("%4d  %s  %-11s %s", r.Seq, r.At.Local().Format("2006-01-02 15:04"), r.Action, r.Detail)
		if len([]rune(line)) > w {
			line = string([]rune(line)[:w-1]) + "…"
		}
		b.WriteString(line + "\n")
		shown++
	}
	return b.String()
}

func (a *auditScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Back}
}

func (a *auditScreen) Title() string { return "Audit log" }
