// Package tui is phr's full-screen interface, built with Bubble Tea v2.
//
// Start with Run. The root Model (this file) routes messages to the screen in
// front of a stack, and owns what is global: the session (behind a
// screen.Gate), locking, privacy mode, the help and the status line. Each
// screen is a folder under tui/screens implementing screen.Model; screens
// never import each other and talk to the root with messages (package
// screen). registry.go names the screens; styles, keys and components hold
// what they share. Every domain rule is internal/app's.
package tui

import (
	"context"
	"os"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/screens/firstrun"
	"github.com/phrhealth/phr/tui/screens/home"
	"github.com/phrhealth/phr/tui/screens/unlock"
	"github.com/phrhealth/phr/tui/styles"
)

// DefaultLockAfter is the idle time after which the interface locks itself.
const DefaultLockAfter = 5 * time.Minute

// Messages of the root model.
type (
	tickMsg time.Time
	demoMsg struct {
		s       *app.Session
		cleanup func()
		err     error
	}
	// readyMsg carries an opened session and its settings.
	readyMsg struct {
		gate     *screen.Gate
		settings app.InterfaceSettings
		status   string
	}
	// snapshotMsg asks for the current frame, rendered inside the
	// program's own goroutine (tests use it to read the screen safely).
	snapshotMsg struct{ ch chan<- string }
)

// Model is the root of the interface.
type Model struct {
	ctx  context.Context
	opts Options
	keys keys.KeyMap
	st   styles.Styles
	help help.Model
	spin spinner.Model
	w, h int

	gate     *screen.Gate // nil while locked
	stack    []screen.Model
	open     map[string]opener
	menu     []screen.MenuItem
	showHelp bool
	privacy  bool
	revealed map[string]bool
	// units are the units readings are shown in (the record's settings).
	units record.DisplayUnits

	lastKey   time.Time
	lockAfter time.Duration
	// draft is a half-typed form sealed to the vault's key while locked.
	draft   *draftMsg
	busy    string
	status  string
	failure string
	demo    bool
	// exists reports whether the vault existed when the model was made.
	exists func() (bool, error)
	// end releases whatever is still open when the program ends.
	end *release
}

// release closes the last session and removes the demo folder, once.
type release struct {
	once    sync.Once
	mu      sync.Mutex
	gates   []*screen.Gate
	cleanup func()
}

func (r *release) add(g *screen.Gate) {
	r.mu.Lock()
	r.gates = append(r.gates, g)
	r.mu.Unlock()
}

func (r *release) do() {
	r.once.Do(func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, g := range r.gates {
			g.Close()
		}
		if r.cleanup != nil {
			r.cleanup()
		}
	})
}

// New returns the interface's root model.
func New(ctx context.Context, o Options) *Model {
	m := &Model{ctx: ctx, opts: o, keys: keys.Default(), st: styles.For(o.NoColor, o.HighContrast), help: help.New(),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), revealed: map[string]bool{}, w: 80, h: 24, end: &release{}}
	m.help.SetWidth(78)
	m.open = m.registry()
	m.menu = menu(m.keys)
	m.lockAfter = o.lockAfter()
	if !o.Demo {
		ok, err := app.Exists(o.Config)
		m.exists = func() (bool, error) { return ok, err }
	}
	m.lastKey = m.now()
	return m
}

func (m *Model) now() time.Time {
	if m.opts.Config.Clock != nil {
		return m.opts.Config.Clock.Now()
	}
	return time.Now()
}

func (m *Model) defaultLockAfter() time.Duration { return DefaultLockAfter }

// env is what the screens get on every call.
func (m *Model) env() screen.Env {
	return screen.Env{Ctx: m.ctx, Config: m.opts.Config, Gate: m.gate, Styles: &m.st, Keys: &m.keys, Now: m.now,
		Grace: m.opts.grace(), Width: m.w, Height: m.h, Privacy: m.privacy, Revealed: m.revealed, Menu: m.menu, Units: m.units}
}

// Init starts the first unlock attempt (or the demo, or the first run).
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.spin.Tick, m.tick(), m.boot())
}

func (m *Model) tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// boot decides what the person sees first. Whether a vault exists was
// found by New, before the program started.
func (m *Model) boot() tea.Cmd {
	ctx, o := m.ctx, m.opts
	if o.Demo {
		m.demo = true
		return screen.Work("Making a demo record with a made-up patient…", func() tea.Msg {
			s, cleanup, err := app.OpenDemo(ctx, 1)
			return demoMsg{s: s, cleanup: cleanup, err: err}
		})
	}
	exists, err := m.exists()
	if err != nil {
		return m.show(unlock.New(unlock.Options{Failure: err.Error()}))
	}
	if !exists {
		return m.show(firstrun.New())
	}
	u := o.Unlock
	u.Prompt = nil
	if u.PassphraseFile == "" && u.PassphraseCommand == "" && u.NoKeyring {
		// A second window says so before it asks for the passphrase (a
		// flock taken and let go: a few system calls, like exists above).
		if app.OpenElsewhere(o.Config) != nil {
			return m.show(unlock.New(unlock.Options{Failure: alreadyOpen}))
		}
		return m.show(unlock.New(unlock.Options{}))
	}
	return screen.Work("Opening your record…", func() tea.Msg {
		s, err := app.Open(ctx, o.Config, u, app.ReadWrite)
		return screen.UnlockedMsg{Session: s, Err: err, Auto: true}
	})
}

// show replaces every screen with s.
func (m *Model) show(s screen.Model) tea.Cmd {
	m.stack = []screen.Model{s}
	return s.Load(m.env())
}

// Update routes a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, m.update(msg)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(max(20, msg.Width-2))
		return nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case tickMsg:
		if m.gate != nil && m.lockAfter > 0 && m.now().Sub(m.lastKey) >= m.lockAfter {
			return tea.Batch(m.lock("Locked after "+app.DurationWords(m.lockAfter)+" without a key press."), m.tick())
		}
		return m.tick()
	case screen.BusyMsg:
		m.busy = msg.Text
		return nil
	case screen.DoneMsg:
		m.busy = ""
		return m.update(msg.Msg)
	case screen.UnlockedMsg:
		if msg.Err != nil {
			if _, ok := m.front().(*unlock.Model); !ok {
				m.stack = []screen.Model{unlock.New(unlock.Options{})}
			}
			return m.forward(msg)
		}
		return m.ready(msg.Session, "")
	case screen.CreatedMsg:
		if msg.Err != nil {
			return m.forward(msg)
		}
		status := "Your vault is ready."
		switch {
		case msg.Remembered:
			status += " The key is kept in the system keyring."
		case msg.RememberErr != nil:
			// Said plainly: the person chose not to type the passphrase.
			status += " The key could not be kept in the system keyring, so phr will ask for your passphrase each time (" +
				msg.RememberErr.Error() + "); phr remember tries again."
		}
		return m.ready(msg.Session, status)
	case demoMsg:
		if msg.err != nil {
			return m.show(unlock.New(unlock.Options{Failure: "The demo could not start: " + msg.err.Error()}))
		}
		m.end.cleanup = msg.cleanup
		m.opts.Config = app.Config{VaultDir: msg.s.Dir(), Keyring: app.NewMemoryKeyring(), ScryptLog2: 12, Clock: m.opts.Config.Clock}
		return m.ready(msg.s, "Demo: a made-up patient in a throwaway folder, removed when you quit.")
	case readyMsg:
		return m.enter(msg)
	case screen.OpenMsg:
		mk, ok := m.open[msg.Name]
		if !ok || m.gate == nil {
			return nil
		}
		if (msg.Name == screen.EditForm || msg.Name == screen.Remove) && m.env().Hidden(msg.Entry) {
			// Editing or removing shows the title: reveal it first.
			m.status, m.failure = "", "Privacy mode hides this entry: press r to reveal it first."
			return nil
		}
		s := mk(msg)
		m.stack = append(m.stack, s)
		return s.Load(m.env())
	case screen.BackMsg:
		if len(m.stack) > 1 && m.gate != nil {
			m.stack = m.stack[:len(m.stack)-1]
		}
		m.forgetReveals()
		return m.reloadAll()
	case screen.HomeMsg:
		if len(m.stack) > 1 {
			m.stack = m.stack[:1]
		}
		m.forgetReveals()
		return m.reloadAll()
	case screen.ReloadMsg:
		return m.reloadAll()
	case screen.StatusMsg:
		m.status, m.failure = msg.Text, ""
		return nil
	case screen.ErrMsg:
		if m.gate != nil && errs.Is(msg.Err, errs.Busy) && strings.Contains(msg.Err.Error(), "conflict") {
			// The file changed on disk: offer to load it, never to overwrite.
			return m.update(screen.OpenMsg{Name: screen.Conflict, Err: msg.Err})
		}
		m.failure = describe(msg.Err)
		return nil
	case draftMsg:
		if msg.plain == nil {
			if m.gate == nil {
				m.draft = &msg // sealed while locked
			}
			return nil
		}
		m.status = "Here is the form you were filling in when phr locked."
		return m.update(screen.OpenMsg{Name: msg.name, Draft: msg.plain})
	case screen.RevealMsg:
		m.revealed[msg.ID] = true
		return nil
	case screen.LockAfterMsg:
		if m.opts.LockAfter == "" {
			m.lockAfter = msg.After
		}
		return nil
	case screen.UnitsMsg:
		// Every screen converts as it draws: nothing to read again.
		m.units = msg.Units
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case snapshotMsg:
		msg.ch <- m.render()
		return nil
	}
	return m.forward(msg)
}

// forward hands a message to the screen in front.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	if s := m.front(); s != nil {
		return s.Update(m.env(), msg)
	}
	return nil
}

func (m *Model) front() screen.Model {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.lastKey = m.now()
	typing := m.typing()
	home := m.atHome()
	// q and esc mean one thing everywhere: back, and on the home screen
	// (or before the record is open) quit. q is a letter while typing; a
	// form with typed data asks before esc throws it away.
	if key.Matches(msg, m.keys.QuitLetter) && !typing && m.busy == "" && (m.showHelp || (m.gate != nil && !home)) {
		msg = tea.KeyPressMsg{Code: tea.KeyEscape}
	}
	switch {
	case key.Matches(msg, m.keys.Quit), key.Matches(msg, m.keys.QuitLetter) && !typing && m.busy == "":
		return m.quit()
	case home && !m.showHelp && !typing && m.busy == "" && key.Matches(msg, m.keys.Back):
		return m.quit()
	case m.gate != nil && key.Matches(msg, m.keys.Lock):
		// Locking works at any moment, even while a save runs: the gate's
		// Close waits for that save to finish whole.
		m.busy = ""
		return m.lock("")
	case m.busy != "":
		return nil
	case m.showHelp:
		if key.Matches(msg, m.keys.Help, m.keys.HelpF1, m.keys.Back) {
			m.showHelp = false
		}
		return nil
	case key.Matches(msg, m.keys.HelpF1), key.Matches(msg, m.keys.Help) && !typing:
		m.showHelp = true
		return nil
	case m.gate != nil && key.Matches(msg, m.keys.Privacy) && !typing:
		m.privacy = !m.privacy
		m.revealed = map[string]bool{}
		if m.privacy {
			m.status = "Privacy mode on: sensitive entries are hidden."
		} else {
			m.status = "Privacy mode off."
		}
		m.failure = ""
		return nil
	}
	m.status, m.failure = "", ""
	return m.forward(msg)
}

// atHome reports whether the open record's first screen is in front.
func (m *Model) atHome() bool {
	return m.gate != nil && len(m.stack) == 1
}

// typing reports whether the screen in front takes text, so letters are
// not taken as the interface's own keys.
func (m *Model) typing() bool {
	t, ok := m.front().(screen.Typer)
	return ok && t.Typing()
}

func (m *Model) reloadAll() tea.Cmd {
	env := m.env()
	cmds := make([]tea.Cmd, 0, len(m.stack))
	for _, s := range m.stack {
		cmds = append(cmds, s.Load(env))
	}
	return tea.Batch(cmds...)
}

// ready reads the interface settings of a freshly opened session before
// anything of the record is shown, so privacy mode is on from the first
// frame when the person chose it.
func (m *Model) ready(s *app.Session, status string) tea.Cmd {
	g := screen.NewGate(s)
	m.end.add(g)
	m.stack = nil
	ctx := m.ctx
	return screen.Work("Opening your record…", g.Do(func(s *app.Session) tea.Msg {
		// Copies for a viewer that a killed phr left behind go now.
		app.SweepViewCopies(app.PrivateViewDir(os.Getenv))
		st, _ := s.Settings(ctx)
		return readyMsg{gate: g, settings: st, status: status}
	}))
}

// enter shows the home screen of an open session.
func (m *Model) enter(r readyMsg) tea.Cmd {
	m.gate = r.gate
	m.lastKey = m.now()
	m.status, m.failure = r.status, ""
	if r.settings.PrivacyStart {
		m.privacy = true
	}
	m.units = r.settings.Units
	if m.opts.LockAfter == "" && r.settings.LockAfter != "" {
		if d, err := app.ParseLockAfter(r.settings.LockAfter); err == nil {
			m.lockAfter = d
		}
	}
	return tea.Batch(m.show(home.New()), m.restoreDraft())
}

// lock drops everything of the record from the screen at once, and the
// record itself from memory as soon as work under way ends. From then on
// only the typed passphrase opens it. why heads the locked screen ("" for
// the plain "Your record is locked.").
func (m *Model) lock(why string) tea.Cmd {
	g := m.gate
	// A half-typed form is kept sealed to the vault's key while locked.
	var name string
	var plain []byte
	if d, ok := m.front().(screen.Drafter); ok {
		if n, b, ok := d.Draft(); ok {
			name, plain = n, b
		}
	}
	// Copies opened in a viewer go with the session: say so, since the
	// viewer may still show the file.
	copies := 0
	if ids, ok := g.Do(func(s *app.Session) tea.Msg { return s.ViewCopies() })().([]string); ok {
		copies = len(ids)
	}
	m.draft = nil
	m.gate = nil
	m.revealed = map[string]bool{}
	m.showHelp = false
	m.status, m.failure = "", ""
	closed := make(chan struct{})
	msg := "Type your passphrase to open it again."
	switch {
	case copies == 1:
		msg = "The copy of a file made for your viewer is removed (a viewer still open may show it until you close it). " + msg
	case copies > 1:
		msg = "The copies of files made for your viewer are removed (a viewer still open may show them until you close it). " + msg
	}
	if m.demo {
		msg += " (This is the demo: its passphrase is “" + app.DemoPassphrase + "”.)"
	}
	return tea.Batch(
		m.show(unlock.New(unlock.Options{Reason: why, Message: msg, Locked: true, Closed: closed})),
		func() tea.Msg {
			var sealed tea.Msg
			if plain != nil {
				sealed = g.Do(func(s *app.Session) tea.Msg {
					b, err := s.SealDraft(plain)
					clear(plain)
					if err != nil {
						return nil
					}
					return draftMsg{name: name, sealed: b}
				})()
			}
			g.Close()
			close(closed)
			return sealed
		},
	)
}

// draftMsg carries a form's draft sealed to the vault's key (lock), or
// opened again (after the unlock).
type draftMsg struct {
	name   string
	sealed []byte
	plain  []byte
}

// restoreDraft opens the form kept across the lock, if any.
func (m *Model) restoreDraft() tea.Cmd {
	d := m.draft
	m.draft = nil
	if d == nil {
		return nil
	}
	return m.gate.Do(func(s *app.Session) tea.Msg {
		b, err := s.OpenDraft(d.sealed)
		if err != nil {
			return nil
		}
		return draftMsg{name: d.name, plain: b}
	})
}

// quit drops the record and ends the program once it is closed.
func (m *Model) quit() tea.Cmd {
	m.gate = nil
	m.stack = nil
	end := m.end
	return tea.Sequence(func() tea.Msg { end.do(); return nil }, tea.Quit)
}

// maxFoot is the most lines the status line wraps to.
const maxFoot = 3

// View renders the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "phr"
	return v
}

func (m *Model) render() string {
	w, h := max(m.w, 40), max(m.h, 12)
	env := m.env()
	header := m.st.Title.Render("phr") + m.st.Muted.Render(" · your health record")
	foot := ""
	switch {
	// Status and failure lines may quote a title or an error about outside
	// text, so they are cleaned here, once for every screen. A long one
	// wraps (up to three lines) instead of being cut, and the screen above
	// gets the fewer lines.
	case m.failure != "":
		foot = m.st.Error.Width(w - 2).MaxHeight(maxFoot).Render("✗ " + safetext.Line(m.failure))
	case m.status != "":
		foot = m.st.Good.Width(w - 2).MaxHeight(maxFoot).Render("✓ " + safetext.Line(m.status))
	}
	bodyH := h - 4 - max(0, lipgloss.Height(foot)-1)
	var body string
	var bindings []key.Binding
	if s := m.front(); s != nil {
		header += m.st.Muted.Render(" › ") + m.st.Subtitle.Render(safetext.Line(s.Title()))
		body = s.View(env, w-2, bodyH-1)
		bindings = s.Keys(env)
	}
	if m.gate != nil {
		if !m.typing() {
			bindings = append(bindings, m.keys.Privacy)
		}
		bindings = append(bindings, m.keys.Lock)
		if m.privacy {
			header += m.st.Warning.Render("  [privacy mode]")
		}
	}
	switch {
	case m.typing():
		bindings = append(bindings, m.keys.HelpF1, m.keys.Quit)
	case m.atHome():
		bindings = append(bindings, m.keys.Help, keys.WithHelp(m.keys.QuitLetter, "quit"), m.keys.Quit)
	default:
		bindings = append(bindings, m.keys.Help, m.keys.Quit)
	}
	if m.showHelp {
		body = m.st.Subtitle.Render("Keys on this screen") + "\n\n" + m.help.FullHelpView(keys.Help(bindings).Dedup().FullHelp()) +
			"\n\n" + m.st.Muted.Width(max(20, w-2)).Render(keys.BackAndQuit+" Press esc to close this help.")
	}
	if m.busy != "" {
		// It may name what is worked on (an attached file's name).
		body = "\n" + m.spin.View() + " " + safetext.Line(m.busy)
	}
	short := m.shortHelp(bindings, w-2)
	body = lipgloss.NewStyle().Width(w - 2).Height(bodyH).MaxHeight(bodyH).Render(body)
	out := lipgloss.JoinVertical(lipgloss.Left, header, "", body, foot, entry.Truncate(short, w-2))
	return m.st.App.Render(out)
}

// shortHelp is the bottom line: as many of the screen's keys as fit in
// width, then help and quit.
func (m *Model) shortHelp(bindings []key.Binding, width int) string {
	hk := m.keys.Help
	if m.typing() {
		hk = m.keys.HelpF1
	}
	tail := []key.Binding{hk, m.keys.Quit}
	if m.atHome() && !m.typing() {
		tail = []key.Binding{hk, keys.WithHelp(m.keys.QuitLetter, "quit"), m.keys.Quit}
	}
	var head []key.Binding
	measure := m.help
	measure.SetWidth(0) // the help bubble would cut the line itself
	line := measure.ShortHelpView(tail)
	for _, b := range keys.Help(bindings).Dedup() {
		if k := b.Help().Key; k == m.keys.Help.Help().Key || k == hk.Help().Key || k == m.keys.Quit.Help().Key || k == m.keys.QuitLetter.Help().Key {
			continue
		}
		next := measure.ShortHelpView(append(append(head[:len(head):len(head)], b), tail...))
		if lipgloss.Width(next) > width {
			break
		}
		head, line = append(head, b), next
	}
	return line
}

// alreadyOpen is what a second window says before asking for the
// passphrase.
const alreadyOpen = "phr is already open for this record in another window: close it there first, then type your passphrase here."

// describe turns an error into words for the status line.
func describe(err error) string {
	msg := err.Error()
	if errs.Is(err, errs.Busy) {
		return msg + " (press esc, then quit and reopen phr to load the newer record)"
	}
	return msg
}

// forgetReveals hides again every revealed entry no open screen is about:
// a reveal lasts while its entry is on screen, not for the rest of the
// session.
func (m *Model) forgetReveals() {
	held := map[string]bool{}
	for _, s := range m.stack {
		if h, ok := s.(screen.Holder); ok && h.Holds() != "" {
			held[h.Holds()] = true
		}
	}
	for id := range m.revealed {
		if !held[id] {
			delete(m.revealed, id)
		}
	}
}
