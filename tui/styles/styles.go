// Package styles holds every lipgloss style of the interface in one Styles
// value, built once from a palette. Colour is never the only carrier of
// meaning: warnings also carry words or symbols (✗, ✓, !, ⚑), so the
// interface reads the same with NO_COLOR.
package styles

import (
	"image/color"

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
}

// New builds the styles; plain drops every colour (NO_COLOR).
func New(plain bool) Styles {
	c := func(hex string) color.Color {
		if plain {
			return lipgloss.NoColor{}
		}
		return lipgloss.Color(hex)
	}
	accent, muted, red, amber, green := c("#7D9CF0"), c("#8A8F98"), c("#E5534B"), c("#D29922"), c("#57AB5A")
	return Styles{
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
		Plain: plain,
	}
}
