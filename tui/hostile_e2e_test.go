package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileImport is a file a person might be sent: its titles carry every
// family of escape sequence and invisible character.
const hostileImport = `[
 {"category": "medication", "title": "Metformin\u001b]52;c;ZXZpbA==\u0007 500 mg", "date": "2024-03-01"},
 {"category": "medication", "title": "\u001b[2K\u001b[1A\u001b[2KFrom Mallory, real\rfake", "date": "2024-03-02"},
 {"category": "medication", "title": "Take 2\nTake 20 now", "date": "2024-03-03"},
 {"category": "medication", "title": "Link \u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\", "date": "2024-03-04"},
 {"category": "medication", "title": "DCS \u001bP1$qm\u001b\\ APC \u001b_Gf=1\u001b\\ PM \u001b^x\u001b\\ SOS \u001bXy\u001b\\ end", "date": "2024-03-05"},
 {"category": "medication", "title": "C1 \u009b2J \u009d52;c;eA==\u009c \u0090q\u009c \u009fa\u009c end", "date": "2024-03-06"},
 {"category": "medication", "title": "Bidi \u202egnp.exe\u202c \u2066x\u2069\u200e\u200f\u061c end", "date": "2024-03-07"}
]`

// hostileBytes are the bytes that must never reach the pane: the payloads
// and introducers of the sequences above, C1 controls (as UTF-8) and bidi
// controls. phr's own output (the alternate screen, cursor moves, colour)
// uses none of them.
var hostileBytes = []string{"ZXZpbA", "evil.example", "$qm", "Gf=1", "eA==", "\x1b]52", "\x1b]8;", "\x1bP", "\x1b_", "\x1b^", "\x1bX",
	"\u009b", "\u009d", "\u0090", "\u009f", "\u009c", "\u202e", "\u202c", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"}

func runPHR(t *testing.T, bin string, env []string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("phr %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

func checkRaw(t *testing.T, rawLog string) {
	t.Helper()
	raw, err := os.ReadFile(rawLog)
	if err != nil || len(raw) == 0 {
		t.Fatalf("no bytes were recorded from the pane (%v)", err)
	}
	for _, b := range hostileBytes {
		if strings.Contains(string(raw), b) {
			t.Fatalf("phr wrote %q to the terminal", b)
		}
	}
}

// TestTmuxHostileTextInert drives the real binary: a hostile file is
// imported and listed in the interface, then sent to a carer, who opens it
// in the viewer. Every byte phr writes to the pane is recorded and holds
// none of the hostile sequences; the screen shows the sender, the
// first-extract notice and the titles as plain text on their own rows.
func TestTmuxHostileTextInert(t *testing.T) {
	needTmux(t)
	bin := buildPHR(t)
	home := t.TempDir()
	passFile := filepath.Join(home, "pass.txt")
	os.WriteFile(passFile, []byte(testPass+"\n"), 0o600)
	env := []string{"HOME=" + home, "XDG_DATA_HOME=" + home + "/data", "PHR_VAULT=" + home + "/vault", "PHR_PASSPHRASE_FILE=" + passFile}
	runPHR(t, bin, env, "", "init")
	runPHR(t, bin, env, hostileImport, "add", "--json")
	runPHR(t, bin, env, "", "profile", "set", "--name", "Ada Lovelace")

	// The person's own interface.
	rawLog := filepath.Join(t.TempDir(), "raw")
	s := startTmuxIn(t, home, rawLog, bin)
	s.waitFor("Passphrase", 10*time.Second)
	s.text(testPass)
	s.keys("Enter")
	s.waitFor("Home", 20*time.Second)
	s.keys("Down") // Medications
	s.keys("Enter")
	scr := s.waitFor("Medications · 7", 5*time.Second)
	for _, want := range []string{"Take 2⏎Take 20 now", "From Mallory, realfake", "Link click", "DCS  APC  PM  SOS  end", "Bidi gnp.exe x end"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the list does not show %q:\n%s", want, scr)
		}
	}
	s.keys("C-c")
	time.Sleep(300 * time.Millisecond)
	checkRaw(t, rawLog)

	// The carer's viewer.
	carer := t.TempDir()
	key := filepath.Join(carer, "key.txt")
	recipient := strings.TrimSpace(runPHR(t, bin, []string{"HOME=" + carer}, "", "keygen", "--out", key))
	runPHR(t, bin, env, "", "carer", "add", "Sam", "--recipient", recipient)
	extract := filepath.Join(t.TempDir(), "x.age")
	runPHR(t, bin, env, "", "export", "--to", "Sam", "--category", "medication", "--out", extract)
	rawLog2 := filepath.Join(t.TempDir(), "raw2")
	v := startTmuxIn(t, carer, rawLog2, bin, "open", extract, "--identity", key)
	scr = v.waitFor("Medications (7)", 10*time.Second)
	for _, want := range []string{"From Ada Lovelace", "Take 2⏎Take 20 now", "From Mallory, realfake", "Bidi gnp.exe x end"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the viewer does not show %q:\n%s", want, scr)
		}
	}
	// Item 6: the first-extract notice and the key's fingerprint are
	// inside the viewer, not on stderr behind the alternate screen.
	if flat := strings.Join(strings.Fields(scr), " "); !strings.Contains(flat, "First extract from Ada Lovelace: their signing key") {
		t.Fatalf("the viewer does not show the first-extract notice:\n%s", scr)
	}
	v.keys("q")
	time.Sleep(300 * time.Millisecond)
	checkRaw(t, rawLog2)
}
