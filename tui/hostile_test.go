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
	inertBytes(t, where, frame)
	for _, leak := range []string{"ZXZpbA", "evil.example", "$qm", "Gf=1", "eA=="} {
		if strings.Contains(frame, leak) {
			t.Fatalf("%s: the frame shows %q:\n%s", where, leak, frame)
		}
	}
}

// inertBytes is [inert] for a frame that may quote the payloads as inert
// text (an audit row's stored JSON, \u-escaped): only the bytes count.
func inertBytes(t *testing.T, where, frame string) {
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

// hostileBundle is a FHIR bundle whose every text carries escape
// sequences, C1 controls and bidi controls: a name, titles, a value's
// unit, a range, a performer (kept in the notes), an organization (the
// import's producer, shown as provenance) and an attachment's name.
const hostileBundle = `{"resourceType": "Bundle", "type": "collection", "entry": [
 {"resource": {"resourceType": "Organization", "id": "org1", "name": "Clinic\u001b]52;c;ZXZpbA==\u0007\u202e"}},
 {"resource": {"resourceType": "Observation", "id": "o1", "status": "final\u001b[2J", "effectiveDateTime": "2021-01-01",
  "code": {"text": "Obs\u001b]8;;https://evil.example\u001b\\lnk\u001b]8;;\u001b\\ \u009b2J"}, "valueQuantity": {"value": 5, "unit": "u\u001bP1$qm\u001b\\nit\u2066"},
  "performer": [{"display": "Perf\u001b_Gf=1\u001b\\ \u009d52;c;eA==\u009c\r\nfake"}], "referenceRange": [{"text": "range\u001b[1A\u001b[2K\u200f"}]}},
 {"resource": {"resourceType": "Observation", "id": "o2", "status": "final", "effectiveDateTime": "2021-01-02",
  "code": {"text": "Obs flagged"}, "valueQuantity": {"value": 1, "unit": "g"},
  "interpretation": [{"text": "Below \u001b]52;c;ZXZpbA==\u0007low\u202e \u009b2J normal"}]}},
 {"resource": {"resourceType": "AllergyIntolerance", "id": "a1", "recordedDate": "2019-01-01",
  "code": {"text": "Allergy\u001b]0;title\u0007\u202e"}, "reaction": [{"manifestation": [{"text": "rash\u001b^x\u001b\\\u2069"}]}]}},
 {"resource": {"resourceType": "DocumentReference", "id": "d1", "status": "current", "date": "2023-01-01T00:00:00Z",
  "description": "Doc\u001bXy\u001b\\\u200b", "content": [{"attachment": {"contentType": "text/plain", "title": "scan\u001b]52;c;ZXZpbA==\u0007\u202e.txt", "data": "aGVsbG8="}}]}},
 {"resource": {"resourceType": "Weird\u001b[31m\u202e", "id": "w1"}}
]}`

// TestHostileImportAndScreensInert imports a hostile bundle from the
// interface, and a file whose very name is hostile beforehand, then walks
// the screens that show what an import brought: the import's report, home,
// the detail with its provenance and performer, the audit log and a row of
// it (which quotes the file's name), charts, the profile, carers and the
// print screen. No frame holds anything but phr's own styling.
func TestHostileImportAndScreensInert(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := filledVault(t)
	dir := t.TempDir()
	bundle := filepath.Join(dir, "bundle.json")
	named := filepath.Join(dir, "w\x1b]52;c;ZXZpbA==\x07\x1b[2K\u009b2J\u202e\r\nname.csv")
	if err := os.WriteFile(bundle, []byte(hostileBundle), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(named, []byte("date,type,value,unit\n2025-02-02,weight,81,kg\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(context.Background(), []string{named}, false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	u := start(t, cfg, 100, 30)
	u.unlock()
	inert(t, "home", u.rawFrame())
	u.press(char('f'))
	u.waitFor("File or folder:")
	u.typeText(bundle)
	u.press(enter)
	u.waitFor("bundle.json (fhir)", "enter or esc: back")
	inert(t, "import report", u.rawFrame())
	u.press(enter)
	u.waitFor("Home")
	inert(t, "home after the import", u.rawFrame())
	u.press(char('s'))
	u.waitFor("Search:")
	u.typeText("obs")
	u.waitFor("Obs")
	u.waitFor("Obs flagged", "▼ below low")
	inert(t, "search", u.rawFrame())
	u.press(enter) // to the results
	u.press(enter)
	u.waitFor("Category")
	inert(t, "detail with provenance", u.rawFrame())
	for range 12 {
		u.press(down)
	}
	inert(t, "detail scrolled", u.rawFrame())
	u.press(esc)
	u.press(esc)
	u.waitFor("Home")
	u.press(char('l'))
	u.waitFor("The log holds")
	inert(t, "audit log", u.rawFrame())
	for i := range 3 {
		u.press(enter)
		u.waitFor("of the audit log")
		inertBytes(t, fmt.Sprintf("audit row %d", i+1), u.rawFrame())
		u.press(esc)
		u.waitFor("The log holds")
		u.press(down)
	}
	u.press(esc)
	u.waitFor("Home")
	for _, k := range []struct {
		key  rune
		want string
	}{{'c', "chart 1 of"}, {'i', "Profile"}, {'h', "What you shared"}, {'w', "What to write"}} {
		u.press(char(k.key))
		u.waitFor(k.want)
		inert(t, string(k.key), u.rawFrame())
		u.press(esc)
		u.waitFor("Home")
	}
}
