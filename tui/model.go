// Package tui is phr's full-screen interface, built with Bubble Tea v2. It
// goes through internal/app exactly as the commands do: no domain rule lives
// here. The root Model routes messages to the screen on top of a stack;
// screens never call each other, they send messages (pushMsg, popMsg,
// reloadMsg). Slow work (decrypting, saving, queries) runs in tea.Cmds.
package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// DefaultLockAfter is the idle time after which the interface locks itself.
const DefaultLockAfter = 5 * time.Minute

// screen is one page of the main interface.
type screen interface {
	// Update handles a message while the screen is on top.
	Update(m *Model, msg tea.Msg) tea.Cmd
	// View renders the screen into the given size.
	View(m *Model, width, height int) string
	// Bindings lists the keys the screen handles, for the help.
	Bindings(k KeyMap) []key.Binding
	// Title names the screen in the header.
	Title() string
}

// reloader is a screen that re-reads the record after a change.
type reloader interface {
	Reload(m *Model) tea.Cmd
}

// Messages between the screens and the root model.
type (
	pushMsg     struct{ s screen }
	popMsg      struct{}
	reloadMsg   struct{}
	statusMsg   struct{ text string }
	errMsg      struct{ err error }
	tickMsg     time.Time
	unlockedMsg struct {
		s   *app.Session
		err error
		// auto is set for the first, non-interactive attempt.
		auto bool
	}
	createdMsg struct {
		s          *app.Session
		err        error
		remembered bool
	}
	// snapshotMsg asks for the current frame, rendered inside the
	// program's own goroutine (tests use it to read the screen safely).
	snapshotMsg struct{ ch chan<- string }
	demoMsg     struct {
		s       *app.Session
		cleanup func()
		err     error
	}
)

type state int

const (
	stateBoot state = iota
	stateFirstRun
	stateUnlock
	stateMain
)

// Model is the root of the interface.
type Model struct {
	ctx   context.Context
	opts  Options
	keys  KeyMap
	st    Styles
	help  help.Model
	spin  spinner.Model
	w, h  int
	state state
	// locked is set once the person locked the record (or it locked itself):
	// from then on only a typed passphrase opens it.
	locked      bool
	busy        string
	sess        *app.Session
	demoCleanup func()
	stack       []screen
	showHelp    bool
	privacy     bool
	revealed    map[string]bool
	lastKey     time.Time
	lockAfter   time.Duration
	status      string
	failure     string
	unlock      *unlockScreen
	first       *firstRunScreen
}

// New returns the interface's root model.
func New(ctx context.Context, o Options) *Model {
	m := &Model{ctx: ctx, opts: o, keys: DefaultKeyMap(), st: NewStyles(o.NoColor), help: help.New(),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), revealed: map[string]bool{}, w: 80, h: 24}
	m.lockAfter = o.lockAfter()
	m.lastKey = m.now()
	m.unlock = newUnlockScreen(m)
	m.first = newFirstRunScreen(m)
	return m
}

func (m *Model) now() time.Time {
	if m.opts.Config.Clock != nil {
		return m.opts.Config.Clock.Now()
	}
	return time.Now()
}

// Init starts the first unlock attempt (or the demo, or the first run).
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.spin.Tick, m.tick(), m.boot())
}

func (m *Model) tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// boot decides what the person sees first.
func (m *Model) boot() tea.Cmd {
	ctx, o := m.ctx, m.opts
	if o.Demo {
		m.busy = "Making a demo record with a made-up patient…"
		return func() tea.Msg {
			s, cleanup, err := app.OpenDemo(ctx, 1)
			return demoMsg{s: s, cleanup: cleanup, err: err}
		}
	}
	exists, err := app.Exists(o.Config)
	if err != nil {
		m.failure = err.Error()
		m.state = stateUnlock
		return nil
	}
	if !exists {
		m.state = stateFirstRun
		return m.first.focus()
	}
	u := o.Unlock
	u.Prompt = nil
	if u.PassphraseFile == "" && u.PassphraseCommand == "" && u.NoKeyring {
		m.state = stateUnlock
		return m.unlock.focus()
	}
	m.busy = "Opening your record…"
	return func() tea.Msg {
		s, err := app.Open(ctx, o.Config, u, app.ReadWrite)
		return unlockedMsg{s: s, err: err, auto: true}
	}
}

// Update routes a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(msg.Width - 2)
		return m, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case tickMsg:
		if m.state == stateMain && m.lockAfter > 0 && m.now().Sub(m.lastKey) >= m.lockAfter {
			m.lock("Locked after " + m.lockAfter.String() + " without a key press.")
		}
		return m, m.tick()
	case unlockedMsg:
		return m, m.unlocked(msg)
	case createdMsg:
		m.busy = ""
		if msg.err != nil {
			m.first.fail(msg.err)
			return m, nil
		}
		m.status = "Your vault is ready."
		if msg.remembered {
			m.status += " The key is kept in the system keyring."
		}
		return m, m.enter(msg.s)
	case demoMsg:
		m.busy = ""
		if msg.err != nil {
			m.failure = "The demo could not start: " + msg.err.Error()
			m.state = stateUnlock
			return m, nil
		}
		m.demoCleanup = msg.cleanup
		m.opts.Config = app.Config{VaultDir: msg.s.Dir(), Keyring: app.NewMemoryKeyring(), ScryptLog2: 12, Clock: m.opts.Config.Clock}
		m.status = "Demo: a made-up patient in a throwaway folder, removed when you quit."
		return m, m.enter(msg.s)
	case statusMsg:
		m.busy, m.status, m.failure = "", msg.text, ""
		return m, nil
	case errMsg:
		m.busy = ""
		if m.state == stateMain && errs.Is(msg.err, errs.Busy) && strings.Contains(msg.err.Error(), "conflict") {
			// The file changed on disk: offer to reload, never to overwrite.
			m.stack = append(m.stack, newReloadScreen(msg.err))
			return m, nil
		}
		m.failure = describe(msg.err)
		return m, nil
	case pushMsg:
		m.stack = append(m.stack, msg.s)
		if r, ok := msg.s.(reloader); ok {
			return m, r.Reload(m)
		}
		return m, nil
	case popMsg:
		if len(m.stack) > 1 {
			m.stack = m.stack[:len(m.stack)-1]
		}
		return m, m.reloadAll()
	case reloadMsg:
		return m, m.reloadAll()
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case snapshotMsg:
		msg.ch <- m.render()
		return m, nil
	}
	return m, m.forward(msg)
}

// forward hands a message to whatever is in front.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	switch m.state {
	case stateFirstRun:
		return m.first.Update(m, msg)
	case stateUnlock:
		return m.unlock.Update(m, msg)
	case stateMain:
		if top := m.top(); top != nil {
			return top.Update(m, msg)
		}
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.lastKey = m.now()
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case m.state == stateMain && key.Matches(msg, m.keys.Lock):
		// Locking works at any moment, even while a save runs: Close waits
		// for that save to finish whole, then drops the record.
		m.lock("Locked.")
		return m.unlock.focus()
	case m.busy != "":
		return nil
	case m.showHelp:
		if key.Matches(msg, m.keys.Help, m.keys.Back) {
			m.showHelp = false
		}
		return nil
	case key.Matches(msg, m.keys.Help) && !m.typing():
		m.showHelp = true
		return nil
	case m.state == stateMain && key.Matches(msg, m.keys.Privacy) && !m.typing():
		m.privacy = !m.privacy
		m.revealed = map[string]bool{}
		if m.privacy {
			m.status = "Privacy mode on: sensitive entries are hidden."
		} else {
			m.status = "Privacy mode off."
		}
		return nil
	}
	m.status, m.failure = "", ""
	return m.forward(msg)
}

// typing reports whether the screen in front takes text, so letters are
// not taken as commands.
func (m *Model) typing() bool {
	switch m.state {
	case stateFirstRun, stateUnlock:
		return true
	}
	if t, ok := m.top().(interface{ Typing() bool }); ok {
		return t.Typing()
	}
	return false
}

func (m *Model) top() screen {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

func (m *Model) reloadAll() tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.stack {
		if r, ok := s.(reloader); ok {
			cmds = append(cmds, r.Reload(m))
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) unlocked(msg unlockedMsg) tea.Cmd {
	m.busy = ""
	if msg.err != nil {
		m.state = stateUnlock
		if msg.auto && errs.Is(msg.err, errs.Unlock) {
			// The non-interactive sources did not work: ask, quietly.
			if !strings.Contains(msg.err.Error(), "no passphrase source") {
				m.unlock.message = "The saved passphrase or key did not open the vault; type your passphrase."
			}
			return m.unlock.focus()
		}
		m.unlock.fail(msg.err)
		return m.unlock.focus()
	}
	m.locked = false
	return m.enter(msg.s)
}

// enter shows the main interface for an open session.
func (m *Model) enter(s *app.Session) tea.Cmd {
	m.sess = s
	m.state = stateMain
	m.lastKey = m.now()
	if v, err := s.Setting(m.ctx, app.SettingPrivacyStart); err == nil && v == "1" {
		m.privacy = true
	}
	if m.opts.LockAfter == "" {
		if v, err := s.Setting(m.ctx, app.SettingLockAfter); err == nil && v != "" {
			if d, err := parseLockAfter(v); err == nil {
				m.lockAfter = d
			}
		}
	}
	m.stack = []screen{newHomeScreen()}
	return m.reloadAll()
}

// lock drops the record from memory and everything of it from the screen.
func (m *Model) lock(why string) {
	if m.sess != nil {
		m.sess.Close()
		m.sess = nil
	}
	m.stack = nil
	m.revealed = map[string]bool{}
	m.showHelp = false
	m.busy = ""
	m.locked = true
	m.state = stateUnlock
	m.status, m.failure = "", ""
	m.unlock.reset()
	m.unlock.message = why + " Type your passphrase to open your record again."
	if m.demoCleanup != nil {
		m.unlock.message += " (This is the demo: its passphrase is “" + app.DemoPassphrase + "”.)"
	}
}

func (m *Model) quit() tea.Cmd {
	if m.sess != nil {
		m.sess.Close()
		m.sess = nil
	}
	m.stack = nil
	if m.demoCleanup != nil {
		m.demoCleanup()
		m.demoCleanup = nil
	}
	return tea.Quit
}

// hidden reports whether privacy mode hides this entry.
func (m *Model) hidden(e record.Entry) bool {
	return m.privacy && len(e.Sensitive) > 0 && !m.revealed[e.ID]
}

// View renders the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "phr"
	return v
}

func (m *Model) render() string {
	w, h := max(m.w, 40), max(m.h, 12)
	header := m.st.Title.Render("phr") + m.st.Muted.Render(" · your health record")
	var title string
	var body string
	var keys []key.Binding
	switch m.state {
	case stateBoot:
		body = ""
	case stateFirstRun:
		title = "Welcome"
		body = m.first.View(m, w-2, h-5)
		keys = m.first.Bindings(m.keys)
	case stateUnlock:
		title = "Unlock"
		if m.locked {
			title = "Locked"
		}
		body = m.unlock.View(m, w-2, h-5)
		keys = m.unlock.Bindings(m.keys)
	case stateMain:
		if top := m.top(); top != nil {
			title = top.Title()
			body = top.View(m, w-2, h-5)
			keys = append(top.Bindings(m.keys), m.keys.Privacy, m.keys.Lock, m.keys.Help, m.keys.Quit)
		}
	}
	if m.privacy && m.state == stateMain {
		header += m.st.Warning.Render("  [privacy mode]")
	}
	if title != "" {
		header += m.st.Muted.Render(" › ") + m.st.Subtitle.Render(title)
	}
	if m.showHelp {
		body = m.st.Subtitle.Render("Keys on this screen") + "\n\n" + m.help.FullHelpView(bindings(append(keys, m.keys.Help, m.keys.Quit)).FullHelp()) +
			"\n\n" + m.st.Muted.Render("Press ? or esc to close this help.")
	}
	if m.busy != "" {
		body = "\n" + m.spin.View() + " " + m.busy
	}
	foot := ""
	switch {
	case m.failure != "":
		foot = m.st.Error.Render("✗ " + m.failure)
	case m.status != "":
		foot = m.st.Good.Render("✓ " + m.status)
	}
	short := m.help.ShortHelpView(shortKeys(keys, m.keys))
	body = lipgloss.NewStyle().Width(w - 2).Height(h - 4).MaxHeight(h - 4).Render(body)
	out := lipgloss.JoinVertical(lipgloss.Left, header, "", body, truncate(foot, w-2), truncate(short, w-2))
	return m.st.App.Render(out)
}

// shortKeys keeps the bottom line short: the screen's first keys and help.
func shortKeys(keys []key.Binding, k KeyMap) []key.Binding {
	out := make([]key.Binding, 0, 6)
	for _, b := range keys {
		if len(out) == 4 {
			break
		}
		out = append(out, b)
	}
	return append(out, k.Help, k.Quit)
}

func truncate(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	return lipgloss.NewStyle().MaxWidth(w).Render(s)
}

// describe turns an error into words for the status line.
func describe(err error) string {
	msg := err.Error()
	if errs.Is(err, errs.Busy) {
		return msg + " (press esc, then quit and reopen phr to load the newer record)"
	}
	return msg
}
