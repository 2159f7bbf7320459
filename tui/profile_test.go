package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
)

// TestEditProfile fills in the profile from the interface alone: the home
// card's i, a wrong date of birth refused on the form, the emergency details
// saved and shown on the home card.
func TestEditProfile(t *testing.T) {
	cfg := filledVault(t)
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, cfg, w, h)
			u.unlock()
			u.press(char('i'))
			form := u.waitFor("Your profile and emergency details", "┃ Your name")
			t.Run(fmt.Sprintf("profile_%dx%d", w, h), func(t *testing.T) { golden.RequireEqual(t, form) })
			if w != 80 {
				u.press(esc) // nothing changed: closes at once
				u.waitFor("Home")
				return
			}
			u.press(enter) // keep the name
			u.waitFor("┃ Date of birth")
			for range 10 {
				u.press(backspace)
			}
			u.typeText("1971-13-40")
			u.press(enter)
			u.waitFor("is not a date: write the year, month and")
			for range 10 {
				u.press(backspace)
			}
			u.typeText("1971-03-14")
			u.waitFor("1971-03-14")
			u.press(enter)
			u.waitFor("┃ Blood type")
			u.press(tea.KeyPressMsg{Code: tea.KeyRight})
			time.Sleep(formStep)
			u.press(enter)
			u.waitFor("┃ Emergency contact")
			u.press(enter)
			u.waitFor("┃ Languages you speak")
			u.typeText("English, Welsh")
			u.waitFor("English, Welsh")
			u.press(enter)
			u.waitFor("┃ What a carer or paramedic")
			u.typeText("Type 1 diabetes, insulin pump")
			u.waitFor("insulin pump")
			u.press(enter)
			home := u.waitFor("Profile saved.", "Home", "Speaks")
			// A change then esc asks first; discarding keeps what was saved.
			u.press(char('i'))
			u.waitFor("┃ Your name")
			u.typeText("x")
			u.press(esc)
			u.waitFor("Discard your changes to the profile?")
			u.press(tea.KeyPressMsg{Code: tea.KeyRight})
			u.press(enter)
			u.waitFor("Home")
			for _, want := range []string{"Important  Type 1 diabetes, insulin pump", "Speaks     English, Welsh"} {
				if !strings.Contains(home, want) {
					t.Fatalf("the home card lacks %q:\n%s", want, home)
				}
			}
		})
	}
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, _ := s.Profile(context.Background())
	if p.Name != "Alex Whitfield" || p.Born != "1971-03-14" || p.Languages != "English, Welsh" || p.EmergencyNotes != "Type 1 diabetes, insulin pump" || p.BloodType == "" {
		t.Fatalf("profile = %+v", p)
	}
}
