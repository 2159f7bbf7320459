package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/screens/addcarer"
	"github.com/phrhealth/phr/tui/screens/audit"
	"github.com/phrhealth/phr/tui/screens/carers"
	"github.com/phrhealth/phr/tui/screens/charts"
	"github.com/phrhealth/phr/tui/screens/conflict"
	"github.com/phrhealth/phr/tui/screens/detail"
	"github.com/phrhealth/phr/tui/screens/entryform"
	"github.com/phrhealth/phr/tui/screens/home"
	"github.com/phrhealth/phr/tui/screens/importfile"
	"github.com/phrhealth/phr/tui/screens/keyring"
	"github.com/phrhealth/phr/tui/screens/list"
	"github.com/phrhealth/phr/tui/screens/passwd"
	"github.com/phrhealth/phr/tui/screens/printout"
	"github.com/phrhealth/phr/tui/screens/profile"
	"github.com/phrhealth/phr/tui/screens/remove"
	"github.com/phrhealth/phr/tui/screens/search"
	"github.com/phrhealth/phr/tui/screens/settings"
	"github.com/phrhealth/phr/tui/screens/sharewizard"
)

// opener makes a screen for an OpenMsg.
type opener func(o screen.OpenMsg) screen.Model

// registry maps screen names to their constructors. A new screen is a new
// folder under tui/screens, one line here and, if the home screen should
// offer it, one line in menu.
func (m *Model) registry() map[string]opener {
	return map[string]opener{
		screen.List:   func(o screen.OpenMsg) screen.Model { return list.New(o.Category) },
		screen.Detail: func(o screen.OpenMsg) screen.Model { return detail.New(o.ID) },
		screen.AddForm: func(o screen.OpenMsg) screen.Model {
			return drafted(o, entryform.FromDraft, func() *entryform.Model {
				if o.Entry.Title != "" {
					return entryform.NewLike(o.Entry) // another reading
				}
				return entryform.New(o.Category)
			})
		},
		screen.EditForm: func(o screen.OpenMsg) screen.Model {
			return drafted(o, entryform.FromDraft, func() *entryform.Model { return entryform.NewEdit(o.Entry) })
		},
		screen.Remove:   func(o screen.OpenMsg) screen.Model { return remove.New(o.Entry) },
		screen.Conflict: func(o screen.OpenMsg) screen.Model { return conflict.New(o.Err) },
		"search":        func(screen.OpenMsg) screen.Model { return search.New() },
		"charts":        func(screen.OpenMsg) screen.Model { return charts.New() },
		"audit":         func(screen.OpenMsg) screen.Model { return audit.New() },
		"settings":      func(screen.OpenMsg) screen.Model { return settings.New(m.defaultLockAfter()) },
		carers.Share:    func(o screen.OpenMsg) screen.Model { return drafted(o, sharewizard.FromDraft, sharewizard.New) },
		"carers":        func(screen.OpenMsg) screen.Model { return carers.New() },
		carers.Add:      func(o screen.OpenMsg) screen.Model { return drafted(o, addcarer.FromDraft, addcarer.New) },
		home.Profile:    func(o screen.OpenMsg) screen.Model { return drafted(o, profile.FromDraft, profile.New) },
		"print":         func(screen.OpenMsg) screen.Model { return printout.New() },
		importfile.Name: func(screen.OpenMsg) screen.Model { return importfile.New() },
		passwd.Name:     func(screen.OpenMsg) screen.Model { return passwd.New() },
		keyring.Name:    func(screen.OpenMsg) screen.Model { return keyring.New() },
	}
}

// drafted makes a form (a screen.Drafter) again from the draft an OpenMsg
// carries after the unlock, else a fresh one.
func drafted[M screen.Model](o screen.OpenMsg, fromDraft func([]byte) (M, error), fresh func() M) screen.Model {
	if f, err := fromDraft(o.Draft); err == nil {
		return f
	}
	return fresh()
}

// menu is what the home screen offers besides the categories, in order,
// each with its shortcut.
func menu(k keys.KeyMap) []screen.MenuItem {
	item := func(label, name string, b key.Binding) screen.MenuItem {
		return screen.MenuItem{Label: label, Key: b, Open: screen.OpenMsg{Name: name}}
	}
	return []screen.MenuItem{
		item("Your profile and emergency details", home.Profile, k.Profile),
		item("Search the whole record", "search", k.Search),
		item("Charts of measurements and results", "charts", k.Charts),
		item("Share with a carer", carers.Share, k.Share),
		item("Carers and what you shared", "carers", k.Carers),
		item("Print a summary, a card or an archive", "print", k.Print),
		item("Import a file or an Apple Health export", importfile.Name, k.Import),
		item("Audit log", "audit", k.Audit),
		item("Settings", "settings", k.Settings),
		item("Change your passphrase", passwd.Name, k.Passwd),
		item("The keyring: open phr without asking", keyring.Name, k.Keyring),
	}
}
