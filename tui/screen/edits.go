package screen

import tea "charm.land/bubbletea/v2"

// Edits reports whether a key changes typed text (a character, a paste's
// key, backspace or delete), after which a screen clears the error about
// what was typed before: an error stays only until the person acts on it.
func Edits(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		_, paste := msg.(tea.PasteMsg)
		return paste
	}
	return k.Text != "" || k.Code == tea.KeyBackspace || k.Code == tea.KeyDelete
}
