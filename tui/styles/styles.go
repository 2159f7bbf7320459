// Package styles holds every lipgloss style of the interface in one Styles
// value, built once from a palette. Colour is never the only carrier of
// meaning: warnings also carry words or symbols (✗, ✓, !, ⚑), so the
// interface reads the same with NO_COLOR. Placeholders (the examples in an
// empty field) are italic and faint without colour, and a form's begin
// with "e.g.", so they never pass for typed text. A high-contrast look
// (--high-contrast, PHR_HIGH_CONTRAST) uses the terminal's own foreground
// for text, reverse video for the selection, bright ANSI colours for signs
// and no grey at all.
package styles

import (
	"image/color"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the interface uses.
type Styles struct {
	App       lipgloss.Style
	Title     lipgloss.Style
	Subtitle  lipgloss.Style
	Muted     lipgloss.Style
	Selected  lipgloss.Style
	Normal    lipgloss.Style
	Error     lipgloss.Style
	Warning   lipgloss.Style
	Good      lipgloss.Style
	Card      lipgloss.Style
	WarnBox   lipgloss.Style
	Key       lipgloss.Style
	Label     lipgloss.Style
	Sensitive lipgloss.Style
	StatusBar lipgloss.Style
	// Series colours a chart's lines, one style each, told apart by
	// marker too (colour is never the only sign).
	Series []lipgloss.Style
	// Plain is set when colour is off (NO_COLOR): a chart then marks its
	// lines with letters.
	Plain bool
	// Placeholder is an empty field's example text.
	Placeholder lipgloss.Style
	// Form is the theme of every huh form, so forms follow the same look
	// (colour, NO_COLOR, high contrast).
	Form huh.Theme
	// markExamples is set when colour cannot tell an example from typed
	// text (see Example).
	markExamples bool
}

// Example is the placeholder of a huh form's field: the text, marked
// "e.g. " without colour and in high contrast. huh draws a field without
// the focus with its text input's own grey placeholder style, which no
// theme reaches and NO_COLOR turns into plain text: the words then tell
// an example from an answer.
func (s *Styles) Example(text string) string {
	if s == nil || !s.markExamples || text == "" {
		return text
	}
	return "e.g. " + text
}

// New builds the styles; plain drops every colour (NO_COLOR).
func New(plain bool) Styles { return For(plain, false) }

// For builds the styles: plain drops every colour (NO_COLOR), contrast
// builds the high-contrast look.
func For(plain, contrast bool) Styles {
	c := func(hex string) color.Color {
		if plain {
			return lipgloss.NoColor{}
		}
		return lipgloss.Color(hex)
	}
	if contrast {
		return highContrast(plain, c)
	}
	accent, muted, red, amber, green := c("#7D9CF0"), c("#8A8F98"), c("#E5534B"), c("#D29922"), c("#57AB5A")
	st := Styles{
		App:       lipgloss.NewStyle().Padding(0, 1),
		Title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtitle:  lipgloss.NewStyle().Bold(true),
		Muted:     lipgloss.NewStyle().Foreground(muted),
		Selected:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Normal:    lipgloss.NewStyle(),
		Error:     lipgloss.NewStyle().Bold(true).Foreground(red),
		Warning:   lipgloss.NewStyle().Foreground(amber),
		Good:      lipgloss.NewStyle().Foreground(green),
		Card:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(muted).Padding(0, 1),
		WarnBox:   lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(amber).Padding(0, 1),
		Key:       lipgloss.NewStyle().Bold(true),
		Label:     lipgloss.NewStyle().Foreground(muted).Width(16),
		Sensitive: lipgloss.NewStyle().Foreground(amber).Italic(true),
		StatusBar: lipgloss.NewStyle().Foreground(muted),
		// Blue, orange, green and magenta stay apart for the commonest
		// colour blindness (Okabe-Ito's palette).
		Series: []lipgloss.Style{
			lipgloss.NewStyle().Foreground(c("#56B4E9")), lipgloss.NewStyle().Foreground(c("#E69F00")),
			lipgloss.NewStyle().Foreground(c("#009E73")), lipgloss.NewStyle().Foreground(c("#CC79A7")),
		},
		Plain:       plain,
		Placeholder: lipgloss.NewStyle().Foreground(muted),
	}
	if plain {
		st.Placeholder = lipgloss.NewStyle().Italic(true).Faint(true)
		st.markExamples = true
	}
	st.Form = formTheme(st, plain, false)
	return st
}

// highContrast is the look for low vision: text in the terminal's own
// foreground (never grey), bold headings, the selection in reverse video,
// thick borders and bright ANSI colours, which the terminal's theme keeps
// readable on its own background.
func highContrast(plain bool, c func(string) color.Color) Styles {
	red, amber, green, blue := c("9"), c("11"), c("10"), c("14")
	st := Styles{
		App:         lipgloss.NewStyle().Padding(0, 1),
		Title:       lipgloss.NewStyle().Bold(true).Underline(true),
		Subtitle:    lipgloss.NewStyle().Bold(true),
		Muted:       lipgloss.NewStyle(),
		Selected:    lipgloss.NewStyle().Bold(true).Reverse(true),
		Normal:      lipgloss.NewStyle(),
		Error:       lipgloss.NewStyle().Bold(true).Foreground(red),
		Warning:     lipgloss.NewStyle().Bold(true).Foreground(amber),
		Good:        lipgloss.NewStyle().Bold(true).Foreground(green),
		Card:        lipgloss.NewStyle().Border(lipgloss.ThickBorder()).Padding(0, 1),
		WarnBox:     lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(amber).Padding(0, 1),
		Key:         lipgloss.NewStyle().Bold(true),
		Label:       lipgloss.NewStyle().Bold(true).Width(16),
		Sensitive:   lipgloss.NewStyle().Bold(true).Foreground(amber),
		StatusBar:   lipgloss.NewStyle(),
		Series:      []lipgloss.Style{lipgloss.NewStyle().Foreground(blue), lipgloss.NewStyle().Foreground(amber), lipgloss.NewStyle().Foreground(green), lipgloss.NewStyle().Foreground(red)},
		Plain:       plain,
		Placeholder: lipgloss.NewStyle().Italic(true),
	}
	st.markExamples = true
	st.Form = formTheme(st, plain, true)
	return st
}

// formTheme is huh's theme for phr's forms: huh's own colours normally;
// without colour or in high contrast, the ANSI base theme with every grey
// dropped, the focused title in the selection's style and the
// placeholders in Placeholder's, so an example never looks typed.
func formTheme(st Styles, plain, contrast bool) huh.Theme {
	if !plain && !contrast {
		return huh.ThemeFunc(huh.ThemeCharm)
	}
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		t := huh.ThemeBase16(isDark)
		for _, f := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
			f.TextInput.Placeholder = st.Placeholder
			f.Description = lipgloss.NewStyle()
			if plain {
				f.Title = f.Title.UnsetForeground()
				f.Base = f.Base.UnsetBorderForeground()
			}
		}
		t.Focused.Title = t.Focused.Title.Bold(true)
		return t
	})
}
