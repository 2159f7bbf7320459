package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

// TestUnitsFromSettings: weight chosen in pounds on the settings screen's
// Units page is kept with the record, and the search list, the details
// (with what was recorded) and the weight chart show pounds at once,
// while the record keeps kilograms.
func TestUnitsFromSettings(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('o'))
	u.waitFor("› Settings", "Lock after")
	u.press(enter)
	u.press(enter)
	u.waitFor("Units", "Weight in")
	// as recorded → kg → lb
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.press(tea.KeyPressMsg{Code: tea.KeyRight})
	u.waitFor("← lb →")
	for range record.UnitKinds {
		u.press(enter)
	}
	u.waitFor("Settings saved", "› Home")

	u.press(char('s'))
	u.waitFor("Search:")
	u.typeText("weight")
	list := u.waitFor("Search: weight", " lb")
	if strings.Contains(list, " kg") {
		t.Errorf("the list still shows kilograms:\n%s", list)
	}
	u.press(enter) // to the results
	u.press(enter)
	detail := u.waitFor("Recorded as", " kg")
	if !strings.Contains(detail, " lb") {
		t.Errorf("the details show no pounds:\n%s", detail)
	}
	u.press(esc)
	u.press(esc)
	u.waitFor("› Home")
	u.press(char('c'))
	u.waitFor("chart 1 of")
	var chart string
	for range 20 {
		if chart = u.screen(); strings.Contains(chart, "Weight, lb") {
			break
		}
		u.press(down)
		u.waitFor("chart ")
	}
	if !strings.Contains(chart, "Weight, lb") || !strings.Contains(chart, " lb") {
		t.Fatalf("the weight chart is not in pounds:\n%s", chart)
	}
	u.press(ctrlL)
	u.waitFor("Locked")

	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass), NoKeyring: true}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	units, err := s.Units(context.Background())
	if err != nil || units.Weight != "lb" {
		t.Errorf("units kept %+v, %v", units, err)
	}
	es, err := s.List(context.Background(), store.Filter{Categories: []record.Category{record.Measurement}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Title == "Weight" && e.Unit != "kg" {
			t.Errorf("a weight is stored in %q", e.Unit)
		}
	}
}
