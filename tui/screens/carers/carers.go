// Package carers lists the carers and what was shared with whom, until when.
// From here the person adds a carer (a), removes one (d, "Keep" focused) and
// starts a share (n).
package carers

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Names of the screens this one opens.
const (
	// Share is the share wizard, opened with n.
	Share = screen.Share
	// Add is the add-carer form, opened with a.
	Add = screen.AddCarer
)

// Model is the carers screen.
type Model struct {
	carers []record.Carer
	shares []app.ShareView
	loaded bool
	cursor int
	// removing is the carer the remove question is about, with its dialog.
	removing *record.Carer
	dialog   *confirm.Dialog
}

type loadedMsg struct {
	carers []record.Carer
	shares []app.ShareView
	err    error
}

type removedMsg struct {
	name string
	err  error
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
		c.cursor = min(c.cursor, max(0, len(c.carers)-1))
		return nil
	case removedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		return tea.Batch(screen.Status("Removed "+msg.name+". Anything already sent to them stays readable until it expires."),
			func() tea.Msg { return screen.ReloadMsg{} })
	}
	if c.removing != nil {
		switch c.dialog.Update(env.Keys, msg) {
		case confirm.Safe:
			c.removing, c.dialog = nil, nil
		case confirm.Risky:
			ctx, name := env.Ctx, c.removing.Name
			c.removing, c.dialog = nil, nil
			return env.Work("Removing…", func(s *app.Session) tea.Msg {
				return removedMsg{name: name, err: s.RemoveCarer(ctx, name)}
			})
		}
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, env.Keys.Back) {
			c.removing, c.dialog = nil, nil
		}
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, env.Keys.Back):
		return screen.Back
	case key.Matches(k, env.Keys.Share):
		return screen.Open(screen.OpenMsg{Name: Share})
	case key.Matches(k, env.Keys.Add):
		return screen.Open(screen.OpenMsg{Name: Add})
	case key.Matches(k, env.Keys.Up):
		c.cursor = max(0, c.cursor-1)
	case key.Matches(k, env.Keys.Down):
		c.cursor = min(max(0, len(c.carers)-1), c.cursor+1)
	case key.Matches(k, env.Keys.Delete) && c.loaded && len(c.carers) > 0:
		cr := c.carers[c.cursor]
		c.removing = &cr
		c.dialog = confirm.New("Keep "+safetext.Line(cr.Name), "Remove")
		c.dialog.YesNo = true
		return c.dialog.Arm(env.Grace)
	}
	return nil
}

// View renders both lists.
func (c *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if !c.loaded {
		return st.Muted.Render("Loading…")
	}
	if c.removing != nil {
		return st.WarnBox.Width(min(w-2, 68)).Render(fmt.Sprintf(
			"Remove %s?\n\nYou will no longer be able to share with them.\nAnything already sent to them stays readable until it expires.\n\n%s",
			safetext.Line(c.removing.Name), c.dialog.Buttons(st)))
	}
	var b strings.Builder
	b.WriteString(st.Subtitle.Render("Carers") + "\n")
	if len(c.carers) == 0 {
		b.WriteString(st.Muted.Width(max(20, w)).Render("  none yet: ask your carer to run phr keygen and send you the text it prints, then press a to add them") + "\n")
	}
	for i, cr := range c.carers {
		kind := "X25519 key"
		if strings.HasPrefix(strings.ToLower(cr.Recipient), "age1pq1") {
			kind = "post-quantum key"
		}
		who := safetext.Line(cr.Name)
		if cr.Relationship != "" {
			who += " (" + safetext.Line(cr.Relationship) + ")"
		}
		line := fmt.Sprintf("%s, %s %s, added %s", who, kind,
			app.RecipientFingerprint(cr.Recipient), cr.Added.Format("2006-01-02"))
		if i == c.cursor {
			b.WriteString(st.Selected.Render("› "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	b.WriteString("\n" + st.Subtitle.Render("What you shared") + "\n")
	if len(c.shares) == 0 {
		b.WriteString(st.Muted.Render("  nothing yet: press n to share part of your record") + "\n")
	}
	for _, s := range c.shares {
		state := st.Good.Render("readable until " + s.Expires.Local().Format("2006-01-02 15:04") + " (" + when.Left(s.Expires.Sub(env.Now())) + ")")
		if s.Expired {
			state = st.Muted.Render("expired " + s.Expires.Local().Format("2006-01-02"))
		}
		sens := ""
		if len(s.Sensitive) > 0 {
			sens = st.Sensitive.Render(" ⚑ included " + entry.Kinds(s.Sensitive))
		}
		file := ""
		if s.File != "" {
			file = ", " + safetext.Line(filepath.Base(s.File))
		}
		fmt.Fprintf(&b, "  • %s  to %s, %s%s, %s%s\n", s.Created.Local().Format("2006-01-02"), safetext.Line(s.Carer), record.Count(s.Entries, "entry", "entries"), file, state, sens)
	}
	b.WriteString("\n" + st.Muted.Width(max(20, w)).Render("Anyone you share with could keep a copy. Share only what you would be content for them to keep."))
	return b.String()
}

// Keys lists the screen's keys.
func (c *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	if c.removing != nil {
		return append(c.dialog.Keys(k), keys.WithHelp(k.Back, "keep"))
	}
	// The footer drops what does not fit: the actions come first.
	out := []key.Binding{keys.WithHelp(k.Add, "add a carer"), k.Share}
	if len(c.carers) > 0 {
		out = append(out, keys.WithHelp(k.Delete, "remove a carer"), k.Up, k.Down)
	}
	return append(out, k.Back)
}

// Title names the screen.
func (c *Model) Title() string { return "Carers and shares" }
