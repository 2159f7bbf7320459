// Package keys holds phr's one KeyMap. Screens pick the bindings they handle
// and list them for the help, which is generated from the same values, so the
// keys a screen answers and the keys its help shows cannot drift apart.
package keys

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the interface.
type KeyMap struct {
	Quit, QuitLetter, Lock, Help, HelpF1, Back   key.Binding
	Privacy                                      key.Binding
	Up, Down, PageUp, PageDown, Top, Bottom      key.Binding
	Open, Filter, Add, Edit, Delete, Reveal      key.Binding
	Search, Charts, Audit, Carers, NextSeries    key.Binding
	PrevSeries, Generate, Remember, Submit, Tab  key.Binding
	Confirm, Cancel, Left, Right, ShowPassphrase key.Binding
	Share, Settings, Profile, Print, Import      key.Binding
	ViewFile, SaveFile, Another, Passwd, Keyring key.Binding
	// The home screen's glance lists, when they hold more than it shows.
	AllAllergies, AllMedications, AllAppointments key.Binding
}

// Default returns phr's key bindings.
func Default() KeyMap {
	b := func(help string, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Quit:            b("ctrl+c", "quit", "ctrl+c"),
		QuitLetter:      b("q", "back, or quit on the home screen", "q"),
		Lock:            b("ctrl+l", "lock now", "ctrl+l"),
		Help:            b("?", "help", "?"),
		HelpF1:          b("f1", "help", "f1"),
		Back:            b("esc", "back", "esc"),
		Privacy:         b("p", "privacy mode on or off", "p"),
		Up:              b("↑/k", "up", "up", "k"),
		Down:            b("↓/j", "down", "down", "j"),
		PageUp:          b("pgup", "page up", "pgup"),
		PageDown:        b("pgdn", "page down", "pgdown", "pgdn"),
		Top:             b("home/g", "first", "home", "g"),
		Bottom:          b("end/G", "last", "end", "G"),
		Open:            b("enter", "open", "enter"),
		Filter:          b("/", "filter", "/"),
		Add:             b("a", "add an entry", "a"),
		Edit:            b("e", "edit", "e"),
		Delete:          b("d", "delete", "d"),
		Reveal:          b("r", "reveal sensitive", "r"),
		Search:          b("s", "search", "s"),
		Charts:          b("c", "charts", "c"),
		Audit:           b("l", "audit log", "l"),
		Carers:          b("h", "carers and shares", "h"),
		Settings:        b("o", "settings", "o"),
		Profile:         b("i", "profile", "i"),
		ViewFile:        b("v", "view the attached file", "v"),
		SaveFile:        b("x", "save a copy of the file", "x"),
		Another:         b("+", "add another reading like this one", "+"),
		Passwd:          b("P", "change your passphrase", "P"),
		Keyring:         b("K", "keep the vault key in the keyring, or not", "K"),
		NextSeries:      b("→/n", "next chart", "right", "n"),
		PrevSeries:      b("←/N", "previous chart", "left", "N"),
		Generate:        b("ctrl+g", "suggest a passphrase of random words", "ctrl+g"),
		Remember:        b("ctrl+r", "remember in the system keyring (on/off)", "ctrl+r"),
		Submit:          b("enter", "continue", "enter"),
		Tab:             b("tab", "next field", "tab", "shift+tab"),
		Confirm:         b("y", "yes", "y"),
		Cancel:          b("n/esc", "no", "n", "esc"),
		Left:            b("←", "left", "left", "h"),
		Right:           b("→", "right", "right", "l"),
		ShowPassphrase:  b("ctrl+s", "show or hide what you type", "ctrl+s"),
		Share:           b("n", "share part of your record", "n"),
		Print:           b("w", "print a summary or card, or keep an archive", "w"),
		Import:          b("f", "import a file: FHIR, C-CDA, CSV or an Apple Health export", "f"),
		AllAllergies:    b("a", "all allergies", "a"),
		AllMedications:  b("m", "all medications", "m"),
		AllAppointments: b("u", "all appointments", "u"),
	}
}

// BackAndQuit says in the help what esc and q do on every screen.
const BackAndQuit = "esc or q: back one screen; on the home screen, quit. While you type, q is a letter, and a form " +
	"with something typed in asks first. ctrl+c quits at once; your record is saved as you go."

// WithHelp returns a copy of a binding that describes itself differently on
// one screen ("enter" opens on one, unlocks on another).
func WithHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// Help is a list of bindings as a help.KeyMap. Bindings that show the same
// key twice are listed once.
type Help []key.Binding

// Dedup drops bindings whose help key was already listed.
func (h Help) Dedup() Help {
	seen := map[string]bool{}
	out := make(Help, 0, len(h))
	for _, b := range h {
		k := b.Help().Key
		if seen[k] || !b.Enabled() {
			continue
		}
		seen[k] = true
		out = append(out, b)
	}
	return out
}

// ShortHelp returns the bindings on one line.
func (h Help) ShortHelp() []key.Binding { return h }

// FullHelp returns the bindings in columns that fit an 80-column terminal.
func (h Help) FullHelp() [][]key.Binding {
	per := max(6, (len(h)+1)/2)
	var out [][]key.Binding
	for i := 0; i < len(h); i += per {
		out = append(out, h[i:min(i+per, len(h))])
	}
	return out
}
