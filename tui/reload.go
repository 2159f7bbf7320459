package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// reloadScreen appears when a save was refused because record.age changed
// on disk (a sync tool, another computer). It never offers to overwrite:
// the choices are to load the newer record (focused) or to leave things as
// they are for now. The unsaved change is already in a conflict file.
type reloadScreen struct {
	detail string
	choice int
	opened time.Time
}

type reloadedMsg struct{ err error }

func newReloadScreen(err error) *reloadScreen {
	return &reloadScreen{detail: err.Error(), opened: time.Now()}
}

func (r *reloadScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reloadedMsg:
		m.busy = ""
		if msg.err != nil {
			return func() tea.Msg { return errMsg(msg) }
		}
		m.stack = m.stack[:1]
		return tea.Batch(m.reloadAll(), func() tea.Msg {
			return statusMsg{"Loaded the newer record. Your change that could not be saved is in the conflict file."}
		})
	case tea.KeyPressMsg:
		if time.Since(r.opened) < confirmGrace {
			return nil
		}
		switch {
		case key.Matches(msg, m.keys.Left), key.Matches(msg, m.keys.Right), key.Matches(msg, m.keys.Tab):
			r.choice = 1 - r.choice
		case key.Matches(msg, m.keys.Back):
			return func() tea.Msg { return popMsg{} }
		case key.Matches(msg, m.keys.Submit):
			if r.choice == 1 {
				return func() tea.Msg { return popMsg{} }
			}
			s, ctx := m.sess, m.ctx
			m.busy = "Loading the newer record…"
			return func() tea.Msg { return reloadedMsg{err: s.Reload(ctx)} }
		}
	}
	return nil
}

func (r *reloadScreen) View(m *Model, w, h int) string {
	a, b := "[ Load the newer record ]", "[ Not now ]"
	if r.choice == 0 {
		a, b = m.st.Selected.Render("› "+a), "  "+b
	} else {
		a, b = "  "+a, m.st.Selected.Render("› "+b)
	}
	conflict := ""
	if i := strings.Index(r.detail, "record.conflict-"); i >= 0 {
		conflict = "\nYour change is kept in " + strings.Fields(r.detail[i:])[0] + "."
	}
	return m.st.WarnBox.Width(min(w-2, 76)).Render("Your record was changed on disk by another program\n" +
		"(a sync tool, or phr on another computer) while it was open here.\n\n" +
		"phr did not write over it." + conflict + "\n\n" + a + "   " + b)
}

func (r *reloadScreen) Bindings(k KeyMap) []key.Binding {
	return []key.Binding{k.Left, k.Right, withHelp(k.Submit, "choose")}
}

func (r *reloadScreen) Title() string { return "Changed on disk" }
