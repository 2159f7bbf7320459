// Package carers lists the carers and what was shared with whom, until when.
package carers

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/screen"
)

// Share is the name of the share wizard, opened with n.
const Share = "share"

// Model is the carers screen.
type Model struct {
	carers []record.Carer
	shares []app.ShareView
	loaded bool
}

type loadedMsg struct {
	carers []record.Carer
	shares []app.ShareView
	err    error
}

// New returns the carers screen.
func New() *Model { return &Model{} }

// Load reads the carers and the shares history.
func (c *Model) Load(env screen.Env) tea.Cmd {
	ctx := env.Ctx
	return env.Run(func(s *app.Session) tea.Msg {
		cs, err := s.Carers(ctx)
		if err != nil {
			return loadedMsg{err: err}
		}
		sh, err := s.Shares(ctx)
		return loadedMsg{carers: cs, shares: sh, err: err}
	})
}

// Update handles the keys.
func (c *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		c.carers, c.shares, c.loaded = msg.carers, msg.shares, true
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, env.Keys.Back):
			return screen.Back
		case key.Matches(msg, env.Keys.Share):
			return screen.Open(screen.OpenMsg{Name: Share})
		}
	}
	return nil
}

// View renders both lists.
func (c *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if !c.loaded {
		return st.Muted.Render("Loading…")
	}
	var b strings.Builder
	b.WriteString(st.Subtitle.Render("Carers") + "\n")
	if len(c.carers) == 0 {
		b.WriteString(st.Muted.Render("  none yet: ask your carer to run phr keygen, then phr carer add NAME --recipient …") + "\n")
	}
	for _, cr := range c.carers {
		kind := "X25519 key"
		if strings.HasPrefix(strings.ToLower(cr.Recipient), "age1pq1") {
			kind = "post-quantum key"
		}
		fmt.Fprintf(&b, "  • %s (%s), %s, added %s\n", cr.Name, entry.Dash(cr.Relationship), kind, cr.Added.Format("2006-01-02"))
	}
	b.WriteString("\n" + st.Subtitle.Render("What you shared") + "\n")
	if len(c.shares) == 0 {
		b.WriteString(st.Muted.Render("  nothing yet: press n to share part of your record") + "\n")
	}
	for _, s := range c.shares {
		state := st.Good.Render("readable until " + s.Expires.Local().Format("2006-01-02 15:04"))
		if s.Expired {
			state = st.Muted.Render("expired " + s.Expires.Local().Format("2006-01-02"))
		}
		sens := ""
		if len(s.Sensitive) > 0 {
			sens = st.Sensitive.Render(" ⚑ included " + entry.Kinds(s.Sensitive))
		}
		fmt.Fprintf(&b, "  • %s  to %s, %d entries, %s%s\n", s.Created.Local().Format("2006-01-02"), s.Carer, s.Entries, state, sens)
	}
	b.WriteString("\n" + st.Muted.Width(max(20, w)).Render("Anyone you share with could keep a copy. Share only what you would be content for them to keep."))
	return b.String()
}

// Keys lists the screen's keys.
func (c *Model) Keys(env screen.Env) []key.Binding {
	return []key.Binding{env.Keys.Share, env.Keys.Back}
}

// Title names the screen.
func (c *Model) Title() string { return "Carers and shares" }
