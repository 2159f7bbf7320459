package tui

import (
	"context"
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/record"
)

// BenchmarkListKeypress measures one key press (Update and View) on a list
// of n measurements: moving down, and typing a filter character. The target
// is well under 16 ms, one frame at 60 Hz.
func BenchmarkListKeypress(b *testing.B) {
	for _, n := range []int{50_000, 100_000} {
		p := demo.Generate(1, demo.Size{Measurements: n, Years: 40}, testNow)
		var entries []record.Entry
		for _, it := range p.Items {
			if it.Entry.Category == record.Measurement {
				entries = append(entries, it.Entry)
			}
		}
		m := New(context.Background(), Options{NoColor: true})
		m.state = stateMain
		m.w, m.h = 120, 40
		l := newListScreen(record.Measurement)
		l.Update(m, listLoadedMsg{cat: record.Measurement, entries: entries})
		m.stack = []screen{l}
		b.Run(fmt.Sprintf("down/%d", len(entries)), func(b *testing.B) {
			for b.Loop() {
				m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
				_ = m.View()
			}
		})
		b.Run(fmt.Sprintf("filter/%d", len(entries)), func(b *testing.B) {
			l.filtering = true
			l.filter.Focus()
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					m.Update(tea.KeyPressMsg{Code: 'w', Text: "w"})
				} else {
					m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
				}
				_ = m.View()
			}
		})
	}
}
