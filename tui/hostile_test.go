package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/screen"
)

// hostileEntries carry one family each of escape sequence and invisible or
// reordering character, as a hostile import file could.
var hostileEntries = []record.Entry{
	{Category: record.Medication, Title: "Metformin\x1b]52;c;ZXZpbA==\x07 500 mg", Date: "2024-03-01",
		Notes: "line one\n\x1b[31mline two\x1b[0m\rover \x1b[1A\x1b[2K", Value: "1\x1b[8m", Unit: "tab\u202e"},
	{Category: record.Medication, Title: "\x1b[2K\x1b[1A\x1b[2KFrom Mallory, real\rfake", Date: "2024-03-02"},
	{Category: record.Medication, Title: "Take 2\nTake 20 now", Date: "2024-03-03"},
	{Category: record.Medication, Title: "Link \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", Date: "2024-03-04"},
	{Category: record.Medication, Title: "DCS \x1bP1$qm\x1b\\ APC \x1b_Gf=1\x1b\\ PM \x1b^x\x1b\\ SOS \x1bXy\x1b\\ end", Date: "2024-03-05"},
	{Category: record.Medication, Title: "C1 \u009b2J \u009d52;c;eA==\u009c \u0090q\u009c \u009fa\u009c \u0085 end", Date: "2024-03-06"},
	{Category: record.Medication, Title: "Bidi \u202egnp.exe\u202c \u2066x\u2069\u200e\u200f\u061c\u200b\ufeff end", Date: "2024-03-07",
		Status: "active\x1b]0;title\x07"},
}

// rawFrame is the current frame as the terminal receives it, escapes and all.
func (u *ui) rawFrame() string {
	ch := make(chan string, 1)
	u.tm.Send(snapshotMsg{ch: ch})
	select {
	case s := <-ch:
		return s
	case <-time.After(5 * time.Second):
		u.t.Fatal("the interface did not answer")
	}
	return ""
}

// inert fails the test when a raw frame holds anything but phr's own
// styling: an ESC that does not begin an SGR (colour) sequence, another C0
// control but a newline, a C1 control or a bidi control; or any payload of
// the hostile sequences.
func inert(t *testing.T, where, frame string) {
	t.Helper()
	for i, r := range frame {
		switch {
		case r == 0x1b:
			j := i + 1
			if j < len(frame) && frame[j] == '[' {
				j++
				for j < len(frame) && (frame[j] >= '0' && frame[j] <= '9' || frame[j] == ';' || frame[j] == ':') {
					j++
				}
				if j < len(frame) && frame[j] == 'm' {
					continue
				}
			}
			t.Fatalf("%s: the frame holds the escape %q:\n%q", where, frame[i:min(len(frame), i+12)], frame)
		case r < 0x20 && r != '\n', r >= 0x7f && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			t.Fatalf("%s: the frame holds %U:\n%q", where, r, frame)
		}
	}
	for _, leak := range []string{"ZXZpbA", "evil.example", "$qm", "Gf=1", "eA=="} {
		if strings.Contains(frame, leak) {
			t.Fatalf("%s: the frame shows %q:\n%s", where, leak, frame)
		}
	}
}

// TestHostileTitlesRenderInert: imported titles, values, units, statuses
// and notes carrying every escape family reach the list, the detail screen
// and search as plain text: nothing in the frames could move the cursor,
// write the clipboard, link, or reorder text, and a newline shows as ⏎.
func TestHostileTitlesRenderInert(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := testConfig(t)
	s, err := app.Init(context.Background(), cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(context.Background(), hostileEntries, nil); err != nil {
		t.Fatal(err)
	}
	// A name typed so is refused; one that comes with an import is kept.
	patient := filepath.Join(t.TempDir(), "patient.json")
	os.WriteFile(patient, []byte(`{"resourceType": "Patient", "name": [{"text": "Ada\u001b[2K\rMallory\u202e"}], "birthDate": "1815-12-10"}`), 0o600)
	if _, err := s.Import(context.Background(), []string{patient}, false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, noColor := range []bool{true, false} {
		t.Run(fmt.Sprintf("noColor=%v", noColor), func(t *testing.T) {
			u := startWith(t, cfg, 100, 30, noColor)
			u.unlock()
			u.waitFor("Ada Mallory, 210") // the imported name, inert
			inert(t, "home", u.rawFrame())
			u.press(down)
			u.press(enter)
			list := u.waitFor("Medications ·")
			inert(t, "list", u.rawFrame())
			if !strings.Contains(list, "Take 2⏎Take 20 now") || !strings.Contains(list, "From Mallory, realfake") {
				t.Fatalf("the list does not show the titles inert:\n%s", list)
			}
			if noColor {
				t.Run("list", func(t *testing.T) { golden.RequireEqual(t, list) })
			}
			u.press(enter) // the newest: Bidi
			u.waitFor("Category")
			inert(t, "detail", u.rawFrame())
			u.press(esc)
			u.waitFor("Medications ·")
			for range 6 {
				u.press(down)
			}
			u.press(enter) // the oldest: Metformin, with notes
			detail := u.waitFor("Category", "line one")
			// Ids are random: the golden frame holds a placeholder.
			detail = regexp.MustCompile(`Id( +)[0-9a-z]{10}`).ReplaceAllString(detail, "Id${1}IDIDIDIDID")
			inert(t, "detail", u.rawFrame())
			if noColor {
				t.Run("detail", func(t *testing.T) { golden.RequireEqual(t, detail) })
			}
			u.press(esc)
			u.waitFor("Medications ·")
			u.press(esc)
			u.waitFor("Home")
			u.press(char('s'))
			u.waitFor("Search:")
			u.typeText("metformin")
			u.waitFor("for “metformin”")
			inert(t, "search", u.rawFrame())
		})
	}
}

// TestBusyLineInert: the spinner's line quotes what is being worked on,
// such as an attached file's name from an import ("Decrypting NAME…"), so
// the root cleans it like the status line.
func TestBusyLineInert(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	u := start(t, filledVault(t), 100, 30)
	u.unlock()
	u.tm.Send(screen.BusyMsg{Text: "Decrypting scan\x1b]52;c;ZXZpbA==\x07\u202e.pdf…"})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(u.screen(), "Decrypting scan") {
		if time.Now().After(deadline) {
			t.Fatalf("the busy line never showed:\n%s", u.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	inert(t, "busy", u.rawFrame())
}
