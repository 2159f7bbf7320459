package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/app"
)

// settingsScreen changes the interface settings kept in the record: start
// in privacy mode, and the idle lock.
type settingsScreen struct {
	form      *huh.Form
	privacy   bool
	lockAfter string
	loaded    bool
}

type settingsLoadedMsg struct {
	st  app.InterfaceSettings
	err error
}

type settingsSavedMsg struct {
	privacy   bool
	lockAfter string
	err       error
}

func newSettingsScreen() *settingsScreen { return &settingsScreen{} }

func (s *settingsScreen) Typing() bool { return true }

func (s *settingsScreen) Reload(m *Model) tea.Cmd {
	if s.loaded {
		return nil
	}
	sess, ctx := m.sess, m.ctx
	return func() tea.Msg {
		if sess == nil {
			return nil
		}
		st, err := sess.Settings(ctx)
		return settingsLoadedMsg{st: st, err: err}
	}
}

func (s *settingsScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case settingsLoadedMsg:
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		s.loaded, s.privacy, s.lockAfter = true, msg.st.PrivacyStart, msg.st.LockAfter
		if s.lockAfter == "" {
			s.lockAfter = DefaultLockAfter.String()
		}
		s.form = huh.NewForm(huh.NewGroup(
			huh.NewConfirm().Title("Start in privacy mode?").
				Description("Sensitive entries stay hidden until you reveal one.").Value(&s.privacy),
			huh.NewInput().Title("Lock after").Description("how long without a key press, e.g. 2m or 15m; off to never lock by itself").
				Value(&s.lockAfter).Validate(func(v string) error { _, err := app.ParseLockAfter(v); return err }),
		)).WithShowHelp(true).WithWidth(max(40, m.w-6))
		return s.form.Init()
	case settingsSavedMsg:
		m.busy = ""
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		if d, err := app.ParseLockAfter(msg.lockAfter); err == nil && m.opts.LockAfter == "" {
			m.lockAfter = d
		}
		return tea.Sequence(func() tea.Msg { return popMsg{} }, func() tea.Msg { return statusMsg{"Settings saved."} })
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Back) {
			return func() tea.Msg { return popMsg{} }
		}
	}
	if s.form == nil {
		return nil
	}
	model, cmd := s.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		s.form = f
	}
	if s.form.State == huh.StateCompleted {
		s.form.State = huh.StateNormal
		sess, ctx, p, l := m.sess, m.ctx, s.privacy, s.lockAfter
		m.busy = "Saving…"
		return func() tea.Msg {
			err := sess.SaveSettings(ctx, &p, &l)
			return settingsSavedMsg{privacy: p, lockAfter: l, err: err}
		}
	}
	if s.form.State == huh.StateAborted {
		return func() tea.Msg { return popMsg{} }
	}
	return cmd
}

func (s *settingsScreen) View(m *Model, w, h int) string {
	if s.form == nil {
		return m.st.Muted.Render("Loading…")
	}
	return s.form.View()
}

func (s *settingsScreen) Bindings(k KeyMap) []key.Binding {
	if s.form == nil {
		return []key.Binding{k.Back}
	}
	return append(s.form.KeyBinds(), withHelp(k.Back, "cancel"))
}

func (s *settingsScreen) Title() string { return "Settings" }
