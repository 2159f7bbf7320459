package screen

import (
	"sync"
	"time"

	"charm.land/bubbles/v2/textinput"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
)

// Gate guards an open session. Commands use the session under a read lock;
// locking or quitting closes it under the write lock, so it waits for work
// under way (a save completes whole) and no command touches a record after
// it was dropped: such a command does nothing and returns nil.
//
// A command made before the close (a save the person asked for with enter,
// then locked at once) runs on its own goroutine and may reach the gate after
// Close; Close therefore first waits, briefly, for the commands already made
// to start, so "save, then lock" never drops the save.
type Gate struct {
	mu sync.RWMutex
	s  *app.Session

	pmu     sync.Mutex
	pending int           // commands made by Do that have not started
	started chan struct{} // signalled each time one starts
}

// startGrace bounds Close's wait for commands made but not started: Bubble
// Tea starts a command as soon as Update returns, so only a command made and
// never handed to Bubble Tea waits this long.
const startGrace = time.Second

// NewGate guards s.
func NewGate(s *app.Session) *Gate { return &Gate{s: s} }

// Do returns a command that runs fn with the session, or returns nil if
// the session was closed meanwhile. A nil Gate runs nothing.
func (g *Gate) Do(fn func(s *app.Session) tea.Msg) func() tea.Msg {
	if g == nil {
		return func() tea.Msg { return nil }
	}
	g.pmu.Lock()
	g.pending++
	g.pmu.Unlock()
	var once sync.Once
	return func() tea.Msg {
		g.mu.RLock()
		once.Do(g.start)
		defer g.mu.RUnlock()
		if g.s == nil {
			return nil
		}
		return fn(g.s)
	}
}

// start counts a command made by Do as started.
func (g *Gate) start() {
	g.pmu.Lock()
	g.pending--
	if g.started != nil {
		select {
		case g.started <- struct{}{}:
		default:
		}
	}
	g.pmu.Unlock()
}

// Close waits for the commands already made to start (at most startGrace)
// and for those using the session to finish, then closes it (dropping the
// decrypted record from memory). It is safe to call more than once.
func (g *Gate) Close() {
	if g == nil {
		return
	}
	g.waitStarted(startGrace)
	g.mu.Lock()
	s := g.s
	g.s = nil
	g.mu.Unlock()
	if s != nil {
		s.Close()
	}
}

// waitStarted waits until every command made by Do has started holding the
// session (so Close's write lock queues behind it), or until grace passed.
func (g *Gate) waitStarted(grace time.Duration) {
	g.pmu.Lock()
	if g.started == nil {
		g.started = make(chan struct{}, 1)
	}
	started := g.started
	g.pmu.Unlock()
	deadline := time.NewTimer(grace)
	defer deadline.Stop()
	for {
		g.pmu.Lock()
		n := g.pending
		g.pmu.Unlock()
		if n <= 0 {
			return
		}
		select {
		case <-started:
		case <-deadline.C:
			return
		}
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
