package tui

import (
	"context"
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/screens/list"
)

// BenchmarkListKeypress measures one key press through the root model
// (Update and View) on a list of n measurements: moving down, paging, and
// typing or erasing a filter character. The target is well under 16 ms, one
// frame at 60 Hz.
func BenchmarkListKeypress(b *testing.B) {
	for _, n := range []int{50_000, 100_000} {
		p := demo.Generate(1, demo.Size{Measurements: n, Years: 40}, testNow)
		entries := make([]record.Entry, 0, n)
		for _, it := range p.Items {
			if it.Entry.Category == record.Measurement && len(entries) < n {
				entries = append(entries, it.Entry)
			}
		}
		if len(entries) < n {
			b.Fatalf("the demo made %d measurements, want %d", len(entries), n)
		}
		m := New(context.Background(), Options{NoColor: true})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		l := list.New(record.Measurement)
		l.SetEntries(entries)
		m.gate = screen.NewGate(nil)
		m.stack = []screen.Model{l}
		press := func(k tea.KeyPressMsg) {
			m.Update(k)
			_ = m.View()
		}
		b.Run(fmt.Sprintf("down/%d", n), func(b *testing.B) {
			for b.Loop() {
				press(tea.KeyPressMsg{Code: tea.KeyDown})
			}
		})
		b.Run(fmt.Sprintf("pagedown/%d", n), func(b *testing.B) {
			for b.Loop() {
				press(tea.KeyPressMsg{Code: tea.KeyPgDown})
			}
		})
		b.Run(fmt.Sprintf("filter/%d", n), func(b *testing.B) {
			press(tea.KeyPressMsg{Code: '/', Text: "/"})
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					press(tea.KeyPressMsg{Code: 'w', Text: "w"})
				} else {
					press(tea.KeyPressMsg{Code: tea.KeyBackspace})
				}
			}
			press(tea.KeyPressMsg{Code: tea.KeyEscape})
		})
	}
}
