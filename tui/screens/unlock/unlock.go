// Package unlock is the screen that asks for the passphrase of an existing
// vault: at start when no other source opened it, and after every lock, when
// only the typed passphrase opens it.
package unlock

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Options set up the screen.
type Options struct {
	// Message says what to do (and why the passphrase is asked for).
	Message string
	// Locked is set after a lock (the header says "Locked").
	Locked bool
	// Reason heads the screen after a lock ("Locked after 5 minutes
	// without a key press."); "Your record is locked." when empty.
	Reason string
	// Closed, if not nil, is closed once the previous session let go of the
	// vault; unlocking waits for it.
	Closed <-chan struct{}
	// Failure is a problem to show at once (the demo could not start).
	Failure string
}

// Model is the unlock screen.
type Model struct {
	o      Options
	input  textinput.Model
	failed string
	// closing is true from a lock until the previous session let go of the
	// vault: a save under way when the person locked still finishes, and
	// the screen says "Locked" only once nothing more will be written.
	closing bool
}

// closedMsg says the previous session let go of the vault.
type closedMsg struct{}

// New returns the unlock screen.
func New(o Options) *Model {
	in := textinput.New()
	in.Prompt = "Passphrase: "
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = 1024
	in.SetWidth(50)
	return &Model{o: o, input: in, failed: o.Failure, closing: o.Closed != nil}
}

// Typing is always true: every letter is part of the passphrase.
func (u *Model) Typing() bool { return true }

// Load focuses the field and, after a lock, waits for the previous session
// to let go of the vault.
func (u *Model) Load(screen.Env) tea.Cmd {
	if !u.closing {
		return u.input.Focus()
	}
	closed := u.o.Closed
	return tea.Batch(u.input.Focus(), func() tea.Msg {
		<-closed
		return closedMsg{}
	})
}

// Update handles typing, enter and the result of an attempt.
func (u *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case closedMsg:
		u.closing = false
		return nil
	case screen.UnlockedMsg:
		// Only failures reach the screen; the root takes a success.
		u.input.Reset()
		if msg.Auto && errs.Is(msg.Err, errs.Unlock) {
			// The non-interactive sources did not work: ask, quietly.
			if !strings.Contains(msg.Err.Error(), "no passphrase source") {
				u.o.Message = "The saved passphrase or key did not open the vault; type your passphrase."
			}
			return u.input.Focus()
		}
		u.failed = describe(msg.Err)
		return u.input.Focus()
	case tea.KeyPressMsg:
		if !key.Matches(msg, env.Keys.Submit) {
			if screen.Edits(msg) {
				u.failed = ""
			}
			break
		}
		pass := []byte(u.input.Value())
		if len(pass) == 0 {
			return nil
		}
		u.input.Reset()
		u.failed = ""
		ctx, cfg, closed := env.Ctx, env.Config, u.o.Closed
		return screen.Work("Opening your record…", func() tea.Msg {
			if closed != nil {
				<-closed
			}
			s, err := app.Open(ctx, cfg, app.Unlock{Passphrase: pass, NoKeyring: true}, app.ReadWrite)
			clear(pass)
			return screen.UnlockedMsg{Session: s, Err: err}
		})
	}
	var cmd tea.Cmd
	u.input, cmd = u.input.Update(msg)
	return cmd
}

// describe says what went wrong without revealing anything else.
func describe(err error) string {
	switch errs.KindOf(err) {
	case errs.Unlock:
		return "That passphrase does not open this vault. Check it and try again."
	case errs.Busy:
		if errors.Is(err, app.ErrOlderCopy) {
			return err.Error()
		}
		return "phr is already open for this record in another window: close it there first."
	}
	return err.Error()
}

// View renders the screen.
func (u *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	var b strings.Builder
	// Said once: the heading, then what to do without saying it again.
	head := "Your record is locked."
	switch {
	case u.closing:
		head = "Locking: finishing the change you were saving…"
	case u.o.Reason != "":
		head = u.o.Reason
	}
	b.WriteString(st.Subtitle.Width(max(20, w)).Render(head) + "\n\n")
	msg := u.o.Message
	if msg == "" {
		msg = "Type your passphrase to open it."
	}
	b.WriteString(st.Muted.Width(max(20, w)).Render(msg) + "\n\n")
	b.WriteString(u.input.View() + "\n")
	if u.failed != "" {
		b.WriteString("\n" + st.Error.Width(max(20, w)).Render("✗ "+u.failed) + "\n")
	}
	return b.String()
}

// Keys lists the screen's keys.
func (u *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	return []key.Binding{keys.WithHelp(k.Submit, "unlock")}
}

// Title names the screen.
func (u *Model) Title() string {
	if u.closing {
		return "Locking…"
	}
	if u.o.Locked {
		return "Locked"
	}
	return "Unlock"
}
