package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the interface. Screens pick the bindings
// they handle, and the help screen is generated from the same values, so the
// two cannot drift apart.
type KeyMap struct {
	Quit, Lock, Help, Back, Privacy              key.Binding
	Up, Down, PageUp, PageDown, Top, Bottom      key.Binding
	Open, Filter, Add, Edit, Delete, Reveal      key.Binding
	Search, Charts, Audit, Carers, NextSeries    key.Binding
	PrevSeries, Generate, Remember, Submit, Tab  key.Binding
	Confirm, Cancel, Left, Right, ShowPassphrase key.Binding
	Share                                        key.Binding
}

// DefaultKeyMap returns phr's key bindings.
func DefaultKeyMap() KeyMap {
	b := func(help string, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Quit:           b("ctrl+c", "quit", "ctrl+c"),
		Lock:           b("ctrl+l", "lock now", "ctrl+l"),
		Help:           b("?", "show or hide help", "?"),
		Back:           b("esc", "back", "esc"),
		Privacy:        b("p", "privacy mode on or off", "p"),
		Up:             b("↑/k", "up", "up", "k"),
		Down:           b("↓/j", "down", "down", "j"),
		PageUp:         b("pgup", "page up", "pgup"),
		PageDown:       b("pgdn", "page down", "pgdown", "pgdn"),
		Top:            b("home/g", "first", "home", "g"),
		Bottom:         b("end/G", "last", "end", "G"),
		Open:           b("enter", "open", "enter"),
		Filter:         b("/", "filter as you type", "/"),
		Add:            b("a", "add an entry", "a"),
		Edit:           b("e", "edit", "e"),
		Delete:         b("d", "delete", "d"),
		Reveal:         b("r", "reveal this sensitive entry", "r"),
		Search:         b("s", "search the whole record", "s"),
		Charts:         b("c", "charts", "c"),
		Audit:          b("l", "audit log", "l"),
		Carers:         b("h", "carers and shares", "h"),
		NextSeries:     b("→/n", "next chart", "right", "n"),
		PrevSeries:     b("←/N", "previous chart", "left", "N"),
		Generate:       b("ctrl+g", "suggest a passphrase of random words", "ctrl+g"),
		Remember:       b("ctrl+r", "remember in the system keyring (on/off)", "ctrl+r"),
		Submit:         b("enter", "continue", "enter"),
		Tab:            b("tab", "next field", "tab", "shift+tab"),
		Confirm:        b("y", "yes", "y"),
		Cancel:         b("n/esc", "no", "n", "esc"),
		Left:           b("←", "left", "left", "h"),
		Right:          b("→", "right", "right", "l"),
		ShowPassphrase: b("ctrl+s", "show or hide what you type", "ctrl+s"),
		Share:          b("n", "share part of your record", "n"),
	}
}

// bindings is a help.KeyMap made of a list of bindings.
type bindings []key.Binding

func (b bindings) ShortHelp() []key.Binding { return b }
func (b bindings) FullHelp() [][]key.Binding {
	// Two columns fit an 80-column terminal.
	per := max(6, (len(b)+1)/2)
	var out [][]key.Binding
	for i := 0; i < len(b); i += per {
		end := min(i+per, len(b))
		out = append(out, b[i:end])
	}
	return out
}
