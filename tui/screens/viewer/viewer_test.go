package viewer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

var testNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func TestViewer(t *testing.T) {
	time.Local = time.UTC
	x := &share.Opened{
		Manifest: share.Manifest{From: share.Party{Name: "Ada Lovelace"}, Created: testNow, Expires: testNow.Add(7 * 24 * time.Hour),
			SensitiveIncluded: []record.Kind{record.MentalHealth}},
		Entries: []record.Entry{
			{Category: record.Allergy, Title: "Penicillin allergy", Date: "2001-05-01", Notes: "hives"},
			{Category: record.Medication, Title: "Sertraline 50 mg", Date: "2024-01-10", Status: "active", Sensitive: []record.Kind{record.MentalHealth}},
		},
	}
	v := New(x, app.Config{Clock: clock.Fixed(testNow)}, true)
	v.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	golden.RequireEqual(t, ansi.Strip(v.View().Content))
	_, cmd := v.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if cmd == nil || len(v.lines) != 0 {
		t.Fatal("q does not quit and drop the extract")
	}
}

// hostile holds one entry per family of escape sequence and invisible or
// reordering character a sender could put in an extract.
var hostile = []record.Entry{
	{Category: record.Medication, Title: "Metformin\x1b]52;c;ZXZpbA==\x07 500 mg", Date: "2024-03-01",
		Notes: "line one\n\x1b[31mline two\x1b[0m\rover \x1b[1A\x1b[2K"},
	{Category: record.Note, Title: "\x1b[2K\x1b[1A\x1b[2KFrom Mallory, real\rfake", Date: "2024-03-02"},
	{Category: record.Note, Title: "Take 2\nTake 20 now", Date: "2024-03-03"},
	{Category: record.Note, Title: "Link \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", Date: "2024-03-04"},
	{Category: record.Note, Title: "DCS \x1bP1$qm\x1b\\ APC \x1b_Gf=1\x1b\\ PM \x1b^x\x1b\\ SOS \x1bXy\x1b\\ end", Date: "2024-03-05"},
	{Category: record.Note, Title: "C1 \u009b2J \u009d52;c;eA==\u009c \u0090q\u009c \u009fa\u009c \u0085 end", Date: "2024-03-06",
		Value: "7\x1b[8m", Unit: "mg\u202e", Status: "active\x1b]0;t\x07"},
	{Category: record.Note, Title: "Bidi \u202egnp.exe\u202c \u2066x\u2069\u200e\u200f\u061c\u200b\ufeff end", Date: "2024-03-07"},
}

// rawUnsafe reports the first character of a rendered frame that is not
// phr's own styling: any ESC that does not begin an SGR (colour) sequence,
// another C0 control but a newline, a C1 control, a bidi control.
func rawUnsafe(frame string) (string, bool) {
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
			return fmt.Sprintf("%q", frame[i:min(len(frame), i+12)]), true
		case r < 0x20 && r != '\n', r >= 0x7f && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return fmt.Sprintf("%U", r), true
		}
	}
	return "", false
}

// TestViewerHostileTextInert: an extract whose sender name and entries
// carry every family renders with none of them, and the fake rows stay
// on the line they came from.
func TestViewerHostileTextInert(t *testing.T) {
	time.Local = time.UTC
	for _, noColor := range []bool{true, false} {
		x := &share.Opened{
			Manifest: share.Manifest{From: share.Party{Name: "Ada\x1b[2K\rMallory\u202e"}, Created: testNow, Expires: testNow.Add(7 * 24 * time.Hour)},
			Entries:  hostile,
		}
		v := New(x, app.Config{Clock: clock.Fixed(testNow)}, noColor)
		v.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		frame := v.View().Content
		if what, bad := rawUnsafe(frame); bad {
			t.Fatalf("noColor=%v: the frame holds %s:\n%q", noColor, what, frame)
		}
		for _, leak := range []string{"ZXZpbA", "evil.example", "$qm", "Gf=1"} {
			if strings.Contains(frame, leak) {
				t.Fatalf("noColor=%v: the frame shows %q", noColor, leak)
			}
		}
		if noColor {
			golden.RequireEqual(t, frame)
		}
	}
}

// TestViewerTrustNotices: the first-extract notice and the sender's key
// fingerprint, and an accepted new key, are shown inside the viewer (on
// stderr they would hide behind the alternate screen).
func TestViewerTrustNotices(t *testing.T) {
	time.Local = time.UTC
	pub := "MCowBQYDK2VwAyEAq0vZ4f0cM1m7c0u3c0mJZ1mYVnP0mQnQ3t4g2b0kY5w="
	old := "MCowBQYDK2VwAyEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	for _, tc := range []struct {
		name  string
		x     share.Opened
		wants []string
	}{
		{"first", share.Opened{FirstFromSender: true}, []string{"First extract from Ada Lovelace: their signing key " + share.KeyFingerprint(pub) + " is now remembered"}},
		{"known", share.Opened{}, []string{"Signed with their key " + share.KeyFingerprint(pub) + ", the one you know."}},
		{"accepted", share.Opened{ReplacedKey: old}, []string{"You accepted Ada Lovelace's new signing key " + share.KeyFingerprint(pub), "in place of " + share.KeyFingerprint(old)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := tc.x
			x.Manifest = share.Manifest{From: share.Party{Name: "Ada Lovelace", PublicKey: pub}, Created: testNow, Expires: testNow.Add(7 * 24 * time.Hour)}
			x.Entries = []record.Entry{{Category: record.Allergy, Title: "Penicillin allergy", Date: "2001-05-01"}}
			v := New(&x, app.Config{Clock: clock.Fixed(testNow)}, true)
			v.Update(tea.WindowSizeMsg{Width: 120, Height: 24})
			frame := ansi.Strip(v.View().Content)
			for _, w := range tc.wants {
				if !strings.Contains(frame, w) {
					t.Fatalf("the viewer does not say %q:\n%s", w, frame)
				}
			}
			if !strings.Contains(frame, "Penicillin allergy") {
				t.Fatalf("the entries are not shown:\n%s", frame)
			}
		})
	}
}

// TestViewerSaysWhatWasWithheld: the carer sees which required sections
// the sender left out.
func TestViewerSaysWhatWasWithheld(t *testing.T) {
	x := &share.Opened{
		Manifest: share.Manifest{From: share.Party{Name: "Ada Lovelace"}, Created: testNow, Expires: testNow.Add(24 * time.Hour)},
		Entries:  []record.Entry{{Category: record.Allergy, Title: "Penicillin allergy"}},
		Withheld: []record.Category{record.Medication, record.Condition},
	}
	v := New(x, app.Config{Clock: clock.Fixed(testNow)}, true)
	v.Update(tea.WindowSizeMsg{Width: 200, Height: 24})
	if got := ansi.Strip(v.View().Content); !strings.Contains(got, "Not shared with you: Medications, Conditions") {
		t.Fatalf("view does not name the withheld sections:\n%s", got)
	}
}

// letterExtract is an extract with a letter that travelled and a scan of
// which only the name did.
func letterExtract() *share.Opened {
	return &share.Opened{
		Manifest: share.Manifest{From: share.Party{Name: "Ada Lovelace"}, Created: testNow, Expires: testNow.Add(7 * 24 * time.Hour)},
		Entries: []record.Entry{
			{Category: record.Document, Title: "Discharge letter", Date: "2025-02-01",
				Attachments: []record.Attachment{{ID: "a1", Name: "letter.txt"}, {ID: "a2", Name: "scan.pdf"}}},
			{Category: record.Document, Title: "Clinic letter", Date: "2025-03-01",
				Attachments: []record.Attachment{{ID: "a3", Name: "clinic.txt"}}},
		},
		Files: map[string][]byte{"a1": []byte("Discharged home, well.\n"), "a3": []byte("Seen in clinic.\n")},
	}
}

// result runs a command the viewer returned for a save or a dialog and
// hands its message back, as Bubble Tea would.
func result(t *testing.T, v *Model, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command to run")
	}
	v.Update(cmd())
}

func typePath(v *Model, p string) {
	v.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	for _, r := range p {
		v.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

var enterKey = tea.KeyPressMsg{Code: tea.KeyEnter}

// flat is the frame's words on one line, with the box's borders gone: a
// path of a length that varies with the temporary folder may wrap anywhere.
func flat(v *Model) string {
	var words []string
	for _, w := range strings.Fields(ansi.Strip(v.View().Content)) {
		if !strings.ContainsAny(w, "║╔╗╚╝═") {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// TestViewerSavesAFile: the carer saves a file that travelled to a file of
// their choosing, with the CLI's rules: a name nothing has yet is offered,
// an existing file is replaced only after "Replace it" (Keep it focused),
// never inside the vault folder nor into a missing folder (one line
// saying why, the question stays open), written readable by the owner only.
func TestViewerSavesAFile(t *testing.T) {
	time.Local = time.UTC
	home := t.TempDir()
	t.Setenv("HOME", home)
	vault := filepath.Join(home, "vault")
	os.Mkdir(vault, 0o700)
	v := New(letterExtract(), app.Config{VaultDir: vault, Clock: clock.Fixed(testNow)}, true)
	v.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	frame := ansi.Strip(v.View().Content)
	t.Run("list", func(t *testing.T) { golden.RequireEqual(t, frame) })
	for _, want := range []string{"› file: letter.txt (23 bytes)", "file: scan.pdf (only its name was shared)", "file: clinic.txt (16 bytes)", "x save letter.txt • tab next file"} {
		if !strings.Contains(frame, want) {
			t.Fatalf("the viewer does not show %q:\n%s", want, frame)
		}
	}
	// tab skips the scan, which did not travel, and comes back round.
	v.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if f := ansi.Strip(v.View().Content); !strings.Contains(f, "› file: clinic.txt") || !strings.Contains(f, "x save clinic.txt") {
		t.Fatalf("tab does not pick the next file that travelled:\n%s", f)
	}
	v.Update(tea.KeyPressMsg{Code: tea.KeyTab})

	v.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	ask := ansi.Strip(v.View().Content)
	t.Run("ask", func(t *testing.T) { golden.RequireEqual(t, ask) })
	if !strings.Contains(ask, "> ~/letter.txt") || !strings.Contains(ask, "not encrypted") {
		t.Fatalf("the question does not offer a file in the home folder, or say it is not encrypted:\n%s", ask)
	}
	_, cmd := v.Update(enterKey)
	result(t, v, cmd)
	want := filepath.Join(home, "letter.txt")
	if b, err := os.ReadFile(want); err != nil || string(b) != "Discharged home, well.\n" {
		t.Fatalf("the copy holds %q (%v)", b, err)
	}
	if fi, _ := os.Stat(want); fi.Mode().Perm() != 0o600 {
		t.Fatalf("the copy is %v, not readable by the owner only", fi.Mode().Perm())
	}
	if f := flat(v); !strings.Contains(f, "Saved a copy: "+want) {
		t.Fatalf("the viewer does not say where the copy is:\n%s", f)
	}

	// Again: a name nothing has yet is offered; the one taken is asked about.
	v.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if f := ansi.Strip(v.View().Content); !strings.Contains(f, "~/letter-2.txt") {
		t.Fatalf("the second save does not offer a new name:\n%s", f)
	}
	os.WriteFile(want, []byte("the carer's own notes"), 0o600)
	typePath(v, want)
	_, cmd = v.Update(enterKey)
	if f := flat(v); !strings.Contains(f, want+" exists already. Replace it?") || !strings.Contains(f, "› [ Keep it ]") {
		t.Fatalf("saving over a file does not ask, with Keep it focused:\n%s", f)
	}
	result(t, v, cmd) // the dialog takes keys after its grace
	v.Update(enterKey)
	if b, _ := os.ReadFile(want); string(b) != "the carer's own notes" {
		t.Fatalf("Keep it replaced the file: %q", b)
	}
	_, cmd = v.Update(enterKey)
	result(t, v, cmd)
	v.Update(tea.KeyPressMsg{Code: tea.KeyRight})
	_, cmd = v.Update(enterKey)
	result(t, v, cmd)
	if b, _ := os.ReadFile(want); string(b) != "Discharged home, well.\n" {
		t.Fatalf("Replace it did not replace the file: %q", b)
	}

	// Refused: one line each, nothing written, the question stays open.
	for _, tc := range []struct{ out, says string }{
		{filepath.Join(vault, "letter.txt"), "is inside the vault folder"},
		{filepath.Join(home, "no-such-folder", "letter.txt"), "does not exist: create it first"},
		{home, "is a folder: name a file"},
		{"  ", "say where to save the copy"},
	} {
		v.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
		typePath(v, tc.out)
		_, cmd = v.Update(enterKey)
		if cmd != nil && tc.out != home {
			result(t, v, cmd)
		}
		if tc.out == home {
			// A folder exists: the dialog asks first; replacing still fails.
			result(t, v, cmd)
			v.Update(tea.KeyPressMsg{Code: tea.KeyRight})
			_, cmd = v.Update(enterKey)
			result(t, v, cmd)
		}
		f := ansi.Strip(v.View().Content)
		if !strings.Contains(f, "✗") || !strings.Contains(v.problem, tc.says) || !v.saving || strings.Contains(v.problem, "\n") {
			t.Fatalf("%q: the viewer does not say %q in one line with the question open:\n%s", tc.out, tc.says, f)
		}
		v.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
		if v.saving {
			t.Fatal("esc does not close the question")
		}
	}
	if _, err := os.Stat(filepath.Join(vault, "letter.txt")); err == nil {
		t.Fatal("a copy was written inside the vault folder")
	}
	// q types into the question rather than quitting; esc then q quits.
	v.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if _, cmd := v.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); cmd != nil && v.lines == nil {
		t.Fatal("q quit while the carer typed a file name")
	}
}

// longExtract is an extract whose sender, titles and notes are longer than
// a small terminal is wide.
func longExtract(expires time.Time) *share.Opened {
	return &share.Opened{
		Manifest: share.Manifest{From: share.Party{Name: "Alexandra Montgomery-Fitzwilliam of Little Snoring"}, Created: testNow,
			Expires: expires, SensitiveIncluded: []record.Kind{record.MentalHealth}},
		Entries: []record.Entry{
			{Category: record.Allergy, Title: "Penicillin and every other antibiotic of the beta-lactam family", Date: "2001-05-01",
				Notes: "Hives over the arms and chest within an hour of the first dose, and swollen lips the next morning; seen in the emergency department."},
			{Category: record.Medication, Title: "Sertraline 50 mg", Date: "2024-01-10", Status: "active", Sensitive: []record.Kind{record.MentalHealth}},
			{Category: record.Measurement, Title: "Blood pressure", Date: "2026-11-01", Value: "142/91", Unit: "mm[Hg]"},
			{Category: record.Condition, Title: "Type 2 diabetes", Date: "2019-06-14", Status: "active"},
			{Category: record.Note, Title: "Asked the practice nurse about the new inhaler technique and the spacer", Date: "2026-11-20"},
		},
	}
}

// TestViewerSaysDaysLeft: the head says how long the extract stays
// readable, in words, by the viewer's clock.
func TestViewerSaysDaysLeft(t *testing.T) {
	time.Local = time.UTC
	for _, tc := range []struct {
		left time.Duration
		want string
	}{
		{7 * 24 * time.Hour, "(7 days left)"},
		{24 * time.Hour, "(1 day left)"},
		{3 * time.Hour, "(3 hours left)"},
		{-time.Hour, "(none left)"},
	} {
		v := New(longExtract(testNow.Add(tc.left)), app.Config{Clock: clock.Fixed(testNow)}, true)
		v.Update(tea.WindowSizeMsg{Width: 200, Height: 30})
		if got := ansi.Strip(v.View().Content); !strings.Contains(got, tc.want) {
			t.Errorf("%v before it expires, the viewer does not say %q:\n%s", tc.left, tc.want, got)
		}
	}
}

// TestViewerSizes: at 60x20, 80x24 and 120x40 a long extract wraps its
// head and its entries (no line wider than the screen, nothing cut), the
// days left included; scrolling reaches the last entry.
func TestViewerSizes(t *testing.T) {
	time.Local = time.UTC
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			v := New(longExtract(testNow.Add(7*24*time.Hour)), app.Config{Clock: clock.Fixed(testNow)}, true)
			v.Update(tea.WindowSizeMsg{Width: w, Height: h})
			frame := ansi.Strip(v.View().Content)
			golden.RequireEqual(t, frame)
			lines := strings.Split(frame, "\n")
			if len(lines) > h {
				t.Errorf("%d lines on a screen of %d", len(lines), h)
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Errorf("a line wider than %d: %q", w, l)
				}
			}
			if !strings.Contains(strings.Join(strings.Fields(frame), " "), "(7 days left)") {
				t.Errorf("the days left are not shown:\n%s", frame)
			}
			for range 40 {
				v.Update(tea.KeyPressMsg{Code: tea.KeyDown})
			}
			if f := strings.Join(strings.Fields(ansi.Strip(v.View().Content)), " "); !strings.Contains(f, "inhaler technique and the spacer") {
				t.Errorf("scrolling does not reach the last entry:\n%s", ansi.Strip(v.View().Content))
			}
		})
	}
}
