package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
)

// carersScreen lists the carers and the shares history. It is the home of
// the sharing screens; sharing itself is done with phr export for now.
type carersScreen struct {
	carers []record.Carer
	shares []app.ShareView
	loaded bool
}

type carersLoadedMsg struct {
	carers []record.Carer
	shares []app.ShareView
	err    error
}

func newCarersScreen() *carersScreen { return &carersScreen{} }

func (c *carersScreen) Reload(m *Model) tea.Cmd {
	s, ctx := m.sess, m.ctx
	return func() tea.Msg {
		if s == nil {
			return nil
		}
		cs, err := s.Carers(ctx)
		if err != nil {
			return carersLoadedMsg{err: err}
		}
		sh, err := s.Shares(ctx)
		return carersLoadedMsg{carers: cs, shares: sh, err: err}
	}
}

func (c *carersScreen) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case carersLoadedMsg:
		if msg.err != nil {
			return func() tea.Msg { return errMsg{msg.err} }
		}
		c.carers, c.shares, c.loaded = msg.carers, msg.shares, true
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Back):
			return func() tea.Msg { return popMsg{} }
		case key.Matches(msg, m.keys.Share):
			return push(newShareScreen())
		}
	}
	return nil
}

func (c *carersScreen) View(m *Model, w, h int) string {
	if !c.loaded {
		return m.st.Muted.Render("Loading…")
	}
	var b strings.Builder
	b.WriteString(m.st.Subtitle.Render("Carers") + "\n")
	if len(c.carers) == 0 {
		b.WriteString(m.st.Muted.Render("  none yet: ask your carer to run phr keygen, then phr carer add NAME --recipient …") + "\n")
	}
	for _, cr := range c.carers {
		kind := "X25519 key"
		if strings.HasPrefix(strings.ToLower(cr.Recipient), "age1pq1") {
			kind = "post-quantum key"
		}
		b.WriteString(fmt.Sprintf("  • %s (%s), %s, added %s\n", cr.Name, dashed(cr.Relationship), kind, cr.Added.Format("2006-01-02")))
	}
	b.WriteString("\n" + m.st.Subtitle.Render("What you shared") + "\n")
	if len(c.shares) == 0 {
		b.WriteString(m.st.Muted.Render("  nothing yet: press n to share part of your record") + "\n")
	}
	for _, s := range c.shares {
		state := m.st.Good.Render("readable until " + s.Expires.Local().Format("2006-01-02 15:04"))
		if s.Expired {
			state = m.st.Muted.Render("expired " + s.Expires.Local().Format("2006-01-02"))
		}
		sens := ""
		if len(s.Sensitive) > 0 {
			sens = m.st.Sensitive.Render(" ⚑ included " + kindWords(s.Sensitive))
		}
		b.WriteString(fmt.Sprintf("  • %s  to %s, %d entries, %s%s\n", s.Created.Local().Format("2006-01-02"), s.Carer, s.Entries, state, sens))
	}
	b.WriteString("\n" + m.st.Muted.Render("Anyone you share with could keep a copy. Share only what you would be content for them to keep."))
	return b.String()
}

func (c *carersScreen) Bindings(k KeyMap) []key.Binding { return []key.Binding{k.Share, k.Back} }

func (c *carersScreen) Title() string { return "Carers and shares" }
