// Package screen is the contract between phr's root model and its screens.
//
// A screen is a folder under tui/screens that implements Model. Screens never
// import each other: to open another screen they send OpenMsg with its name
// (the root looks the name up in its registry), to go back BackMsg, and slow
// work runs through Work so the root shows a spinner and never freezes. The
// root hands every call an Env: the session, styles, keys, clock, size and
// privacy state. A screen keeps its own state and never reaches into the
// root's.
package screen

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/styles"
)

// Model is one screen of the interface.
type Model interface {
	// Load starts loading what the screen shows. The root calls it when
	// the screen opens and again after the record changed (an edit, a
	// delete, a reload from disk).
	Load(env Env) tea.Cmd
	// Update handles a message while the screen is in front.
	Update(env Env, msg tea.Msg) tea.Cmd
	// View renders the screen into width × height cells.
	View(env Env, width, height int) string
	// Keys lists the keys the screen handles, for the help.
	Keys(env Env) []key.Binding
	// Title names the screen in the header.
	Title() string
}

// Typer is a screen that takes text right now, so letters are not taken as
// the interface's own keys (p, q, ?).
type Typer interface {
	Typing() bool
}

// Env is what a screen may use, handed to it on every call.
type Env struct {
	Ctx context.Context
	// Config is the vault's configuration (used by the unlock and first-run
	// screens, which run before there is a session).
	Config app.Config
	// Gate holds the open record; nil while locked. Use it through Run and
	// Work, which keep a command from touching a record that was dropped.
	Gate   *Gate
	Styles *styles.Styles
	Keys   *keys.KeyMap
	// Now is the injectable clock.
	Now func() time.Time
	// Grace is how long a new confirmation ignores keys (confirm.Dialog.Arm).
	Grace time.Duration
	// Width and Height are the terminal's size.
	Width, Height int
	// Privacy is set while privacy mode hides sensitive entries; Revealed
	// holds the ones the person revealed on purpose (read only).
	Privacy  bool
	Revealed map[string]bool
	// Menu is what the home screen offers besides the categories.
	Menu []MenuItem
	// Units are the units the person chose to read readings in; a screen
	// shows an entry through Shown.
	Units record.DisplayUnits
}

// Shown is an entry as the screens show it: its value in the person's
// chosen units (record.DisplayUnits.Shown); the entry itself is unchanged.
func (e Env) Shown(r record.Entry) record.Entry { return e.Units.Shown(r) }

// Hidden reports whether privacy mode hides an entry: it is sensitive and
// the person has not revealed it.
func (e Env) Hidden(r record.Entry) bool {
	return e.Privacy && !e.Revealed[r.ID] && (len(r.Sensitive) > 0 || len(app.EffectiveKinds(r)) > 0)
}

// MenuItem is a screen the home screen offers, with its shortcut.
type MenuItem struct {
	Label string
	Key   key.Binding
	Open  OpenMsg
}

// Names of the screens that other screens open.
const (
	List     = "list"
	Detail   = "detail"
	AddForm  = "add"
	EditForm = "edit"
	Remove   = "remove"
	Conflict = "conflict"
	// Profile, Share and AddCarer are forms that keep a draft across the
	// lock (Drafter), so they name themselves.
	Profile  = "profile"
	Share    = "share"
	AddCarer = "addcarer"
)

// Holder is a screen about one entry (its details, its edit form, the
// question to remove it). A revealed sensitive entry stays revealed only
// while a screen in the stack holds it.
type Holder interface {
	Holds() string
}

// Drafter is a form that can hand over what was typed in it, so the root
// keeps it across the lock, sealed to the vault's key, and opens the form
// again with it after the unlock (OpenMsg.Draft). ok is false when nothing
// was typed.
type Drafter interface {
	Draft() (name string, data []byte, ok bool)
}

// OpenMsg asks the root to open the named screen on top of the current one.
type OpenMsg struct {
	Name     string
	Category record.Category
	Entry    record.Entry
	ID       string
	Err      error
	// Draft is what a Drafter handed over, to fill the form again.
	Draft []byte
}

// Open returns a command that opens a screen.
func Open(o OpenMsg) tea.Cmd { return func() tea.Msg { return o } }

// Messages from screens to the root.
type (
	// BackMsg closes the screen in front.
	BackMsg struct{}
	// HomeMsg closes every screen but the home screen.
	HomeMsg struct{}
	// ReloadMsg asks every open screen to load again.
	ReloadMsg struct{}
	// StatusMsg shows a line of good news at the bottom.
	StatusMsg struct{ Text string }
	// ErrMsg shows a failure at the bottom (or, for a record changed on
	// disk, offers to load the newer one).
	ErrMsg struct{ Err error }
	// RevealMsg shows one sensitive entry despite privacy mode.
	RevealMsg struct{ ID string }
	// BusyMsg shows a spinner with a text until the work ends.
	BusyMsg struct{ Text string }
	// DoneMsg carries the result of work started with Work; the root stops
	// the spinner and hands Msg to the screen in front.
	DoneMsg struct{ Msg tea.Msg }
	// LockAfterMsg changes the idle lock (the settings screen).
	LockAfterMsg struct{ After time.Duration }
	// UnitsMsg changes the units readings are shown in (the settings
	// screen).
	UnitsMsg struct{ Units record.DisplayUnits }
	// SelectMsg asks the screen in front to select an entry (the list, after
	// a form added it), now or once its next load shows it.
	SelectMsg struct{ ID string }
)

// Select returns a command that selects an entry in the screen in front.
func Select(id string) tea.Cmd { return func() tea.Msg { return SelectMsg{id} } }

// Back returns a command that closes the screen in front.
func Back() tea.Msg { return BackMsg{} }

// Status returns a command that shows good news.
func Status(text string) tea.Cmd { return func() tea.Msg { return StatusMsg{text} } }

// Fail returns a command that shows a failure.
func Fail(err error) tea.Cmd { return func() tea.Msg { return ErrMsg{err} } }

// Reveal returns a command that reveals one sensitive entry.
func Reveal(id string) tea.Cmd { return func() tea.Msg { return RevealMsg{id} } }

// Work runs slow work (decrypting, saving, a query that may take a while)
// outside Update with a spinner and a text; its result comes back to the
// screen in front. Keys other than quit wait until it ends.
func Work(text string, fn func() tea.Msg) tea.Cmd {
	return tea.Sequence(
		func() tea.Msg { return BusyMsg{text} },
		func() tea.Msg { return DoneMsg{fn()} },
	)
}

// Messages from the unlock and first-run screens to the root.
type (
	// UnlockedMsg is the result of opening the vault. Auto is set for the
	// first, non-interactive attempt (file, command, keyring).
	UnlockedMsg struct {
		Session *app.Session
		Err     error
		Auto    bool
	}
	// CreatedMsg is the result of creating a vault on first run.
	CreatedMsg struct {
		Session    *app.Session
		Err        error
		Remembered bool
		// RememberErr says why the key asked to be remembered could not be
		// kept in the system keyring (the vault exists all the same).
		RememberErr error
	}
)
