package screen

import (
	"charm.land/bubbles/v2/textinput"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
)

// Gate guards an open session. Commands use the session under a read lock;
// locking or quitting closes it under the write lock, so it waits for work
// under way (a save completes whole) and no command touches a record after
// it was dropped: such a command does nothing and returns nil.
type Gate struct {
	mu sync.RWMutex
	s  *app.Session
}

// NewGate guards s.
func NewGate(s *app.Session) *Gate { return &Gate{s: s} }

// Do returns a command that runs fn with the session, or returns nil if
// the session was closed meanwhile. A nil Gate runs nothing.
func (g *Gate) Do(fn func(s *app.Session) tea.Msg) func() tea.Msg {
	return func() tea.Msg {
		if g == nil {
			return nil
		}
		g.mu.RLock()
		defer g.mu.RUnlock()
		if g.s == nil {
			return nil
		}
		return fn(g.s)
	}
}

// Close waits for the commands using the session, then closes it (dropping
// the decrypted record from memory). It is safe to call more than once.
func (g *Gate) Close() {
	if g == nil {
		return
	}
	g.mu.Lock()
	s := g.s
	g.s = nil
	g.mu.Unlock()
	if s != nil {
		s.Close()
	}
}

// Run returns a command that uses the session (see Gate.Do).
func (e Env) Run(fn func(s *app.Session) tea.Msg) tea.Cmd { return e.Gate.Do(fn) }

// Work runs fn with the session as slow work, with a spinner (see Work).
func (e Env) Work(text string, fn func(s *app.Session) tea.Msg) tea.Cmd {
	return Work(text, e.Gate.Do(fn))
}

// StyleInput gives a text field the interface's look for its placeholder,
// so the example in an empty field never passes for typed text (italic
// and faint without colour).
func (e Env) StyleInput(in *textinput.Model) {
	if e.Styles == nil {
		return
	}
	st := in.Styles()
	st.Focused.Placeholder, st.Blurred.Placeholder = e.Styles.Placeholder, e.Styles.Placeholder
	in.SetStyles(st)
}
