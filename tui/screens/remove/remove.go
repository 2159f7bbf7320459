// Package remove asks before deleting an entry. "Keep it" is focused and
// keys are ignored for a moment after the question opens (components/confirm).
package remove

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the delete question.
type Model struct {
	e      record.Entry
	dialog *confirm.Dialog
}

// Holds names the entry the question is about.
func (c *Model) Holds() string { return c.e.ID }

type removedMsg struct {
	title string
	err   error
}

// New returns the question for entry e.
func New(e record.Entry) *Model {
	d := confirm.New("Keep it", "Delete")
	d.YesNo = true
	return &Model{e: e, dialog: d}
}

// Load starts the dialog's grace period.
func (c *Model) Load(env screen.Env) tea.Cmd { return c.dialog.Arm(env.Grace) }

// Update waits for a deliberate choice.
func (c *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(removedMsg); ok {
		if msg.err != nil {
			return tea.Sequence(screen.Back, screen.Fail(msg.err))
		}
		return tea.Sequence(screen.Back, screen.Status("Deleted "+msg.title+". To undo: "+undo+", before any other change."))
	}
	switch c.dialog.Update(env.Keys, msg) {
	case confirm.Safe:
		return screen.Back
	case confirm.Risky:
		ctx, id, title := env.Ctx, c.e.ID, c.which(env)
		return env.Work("Deleting…", func(s *app.Session) tea.Msg {
			_, err := s.Remove(ctx, id)
			return removedMsg{title: title, err: err}
		})
	}
	return nil
}

// undo is how a deletion is taken back: the save before it rotated the
// record as it was into backup 1 (internal/vault), which phr restore puts
// back, with every change made since.
const (
	undoHow     = "quit and run"
	undoCommand = "phr restore --backup 1"
	undo        = undoHow + " " + undoCommand
)

// which names the entry in words: its title in quotes, its category and
// date, or only "the sensitive entry" while sensitive entries are hidden.
func (c *Model) which(env screen.Env) string {
	title, kind := c.parts(env)
	if kind == "" {
		return title
	}
	return title + " " + kind
}

// parts are which's title and its "(category, date)" ("" when hidden).
func (c *Model) parts(env screen.Env) (title, kind string) {
	if env.Hidden(c.e) {
		return "the sensitive entry", ""
	}
	date := when.DateOf(c.e.Date)
	if date == "" {
		date = "undated"
	}
	return fmt.Sprintf("%q", safetext.Line(c.e.Title)), fmt.Sprintf("(%s, %s)", c.e.Category, date)
}

// View renders the question.
func (c *Model) View(env screen.Env, w, h int) string {
	// The box fits the terminal and its words wrap inside it, so a small
	// screen never breaks its border.
	// The command to undo stands on a line of its own, never broken.
	// When the question does not fit one line, the category and date go
	// on a line of their own: wrapped, a date would break at a hyphen.
	box := env.Styles.WarnBox.Width(min(w, 76))
	question := "Delete " + c.which(env) + "?"
	if title, kind := c.parts(env); kind != "" && lipgloss.Width(question) > box.GetWidth()-box.GetHorizontalFrameSize() {
		question = "Delete " + title + "\n" + kind + "?"
	}
	return box.Render(fmt.Sprintf("%s\n\nIt leaves your record now. To undo it, %s:\n\n  %s\n\n"+
		"before you change anything else (the three versions of the record before this one are kept as backups).\n\n%s",
		question, undoHow, undoCommand, c.dialog.Buttons(env.Styles)))
}

// Keys lists the dialog's keys.
func (c *Model) Keys(env screen.Env) []key.Binding { return c.dialog.Keys(env.Keys) }

// Title names the screen.
func (c *Model) Title() string { return "Delete?" }
