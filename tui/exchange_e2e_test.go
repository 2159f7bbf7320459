package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/tui/components/confirm"
)

// TestTmuxPatientToCarer drives the whole exchange through the real binary
// in two homes, as two people would. The carer makes a key (phr keygen);
// the patient, in the interface, adds them by pasting the key and typing
// the fingerprint the carer reads out (a misheard one is refused), and shares three categories, one of
// which holds a sensitive entry, which stays back; the carer opens the file
// with their own key in a second tmux session and sees exactly what was
// shared, read-only; they save the attached letter from the viewer to the
// file it offers, and nothing else of the extract is left on their disk.
func TestTmuxPatientToCarer(t *testing.T) {
	needTmux(t)
	bin := buildPHR(t)
	x := newExchange(t, bin)

	p := startTmuxIn(t, x.patient, "", bin)
	p.waitFor("Passphrase", 10*time.Second)
	p.text(testPass)
	p.keys("Enter")
	p.waitFor("Home", 30*time.Second)
	x.addCarer(p)
	file := x.share(p)
	p.keys("C-c")

	c := startTmuxIn(t, x.carer, "", bin, "open", file, "--identity", x.key)
	scr := c.waitFor("Documents (1)", 20*time.Second)
	for _, want := range []string{"read-only", "From Ada Lovelace", x.allergy, "Metformin 500 mg", "Discharge letter"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the carer's viewer does not show %q:\n%s", want, scr)
		}
	}
	for _, gone := range []string{"Sertraline", "Asthma"} {
		if strings.Contains(scr, gone) {
			t.Errorf("the carer's viewer shows %q, which was not shared:\n%s", gone, scr)
		}
	}
	// The carer saves the letter where the viewer offers (their home).
	if !strings.Contains(scr, "file: letter.txt") {
		t.Fatalf("the viewer does not show the attached letter:\n%s", scr)
	}
	c.keys("x")
	c.waitFor("> ~/letter.txt", 5*time.Second)
	c.keys("Enter")
	c.waitFor("Saved a copy", 10*time.Second)
	saved := filepath.Join(x.carer, "letter.txt")
	if b, err := os.ReadFile(saved); err != nil || string(b) != x.letter {
		t.Fatalf("the carer's copy holds %q (%v), not the letter", b, err)
	}
	c.keys("q")
	for end := time.Now().Add(5 * time.Second); strings.Contains(c.screen(), "read-only") && time.Now().Before(end); {
		time.Sleep(100 * time.Millisecond)
	}
	x.nothingReadable(t, x.allergy)
	x.nothingReadable(t, x.letter, saved)
}

// exchange is a patient's home with a vault of a few entries and a carer's
// home with a key.
type exchange struct {
	bin, patient, carer string
	// key is the carer's key file; recipient and fingerprint what keygen
	// printed for them to send and read aloud.
	key, recipient, fingerprint string
	// allergy is a title made at run time, found nowhere else.
	allergy string
	// letter is the attached file's text.
	letter string
}

func newExchange(t *testing.T, bin string) *exchange {
	t.Helper()
	stamp := time.Now().UnixNano() % 1000000
	x := &exchange{bin: bin, patient: t.TempDir(), carer: t.TempDir(),
		allergy: fmt.Sprintf("Penicillin allergy %d", stamp), letter: fmt.Sprintf("Discharge letter, canary %d\n", stamp)}
	passFile := filepath.Join(x.patient, "pass.txt")
	os.WriteFile(passFile, []byte(testPass+"\n"), 0o600)
	env := []string{"HOME=" + x.patient, "XDG_DATA_HOME=" + x.patient + "/data", "PHR_VAULT=" + x.patient + "/vault", "PHR_PASSPHRASE_FILE=" + passFile}
	runPHR(t, bin, env, "", "init")
	runPHR(t, bin, env, "", "profile", "set", "--name", "Ada Lovelace")
	letter := filepath.Join(t.TempDir(), "letter.txt")
	os.WriteFile(letter, []byte(x.letter), 0o600)
	runPHR(t, bin, env, `[
 {"category": "allergy", "title": "`+x.allergy+`", "date": "2001-05-01"},
 {"category": "medication", "title": "Metformin 500 mg", "date": "2024-03-01", "status": "active"},
 {"category": "medication", "title": "Sertraline 50 mg", "date": "2024-01-10", "status": "active", "sensitive": ["mental-health"]},
 {"category": "condition", "title": "Asthma", "date": "2010-06-01"}
]`, "add", "--json")
	runPHR(t, bin, env, "", "add", "document", "--title", "Discharge letter", "--date", "2025-02-01", "--attach", letter)
	os.Remove(letter)

	x.key = filepath.Join(x.carer, "carer-key.txt")
	cmd := exec.Command(bin, "keygen", "--out", x.key)
	cmd.Env = append(os.Environ(), "HOME="+x.carer, "XDG_DATA_HOME="+x.carer+"/data")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("phr keygen: %v\n%s", err, stderr.String())
	}
	x.recipient = strings.TrimSpace(string(out))
	_, after, ok := strings.Cut(stderr.String(), "fingerprint is ")
	if !ok || len(after) < 14 {
		t.Fatalf("phr keygen did not show the fingerprint:\n%s", stderr.String())
	}
	x.fingerprint = after[:14]
	if want := app.RecipientFingerprint(x.recipient); x.fingerprint != want {
		t.Fatalf("keygen showed %s for a key whose fingerprint is %s", x.fingerprint, want)
	}
	return x
}

// addCarer adds the carer from the carers screen, pasting the key in one
// piece as a terminal does (bracketed paste), and checks the fingerprint.
func (x *exchange) addCarer(p *tmuxSession) {
	t := p.t
	t.Helper()
	p.keys("h")
	p.waitFor("What you shared", 10*time.Second)
	p.keys("a")
	p.waitFor("┃ Their name", 10*time.Second)
	p.text("Sam Carer")
	p.waitFor("Sam Carer", 5*time.Second)
	p.keys("Enter")
	p.waitFor("┃ Who they are to you", 5*time.Second)
	p.text("partner")
	p.waitFor("partner", 5*time.Second)
	p.keys("Enter")
	p.waitFor("┃ Their key", 5*time.Second)
	p.keys("Enter")
	p.waitFor("┃ Paste their key", 5*time.Second)
	if out, err := p.tmux("set-buffer", "-b", "key", x.recipient); err != nil {
		t.Fatalf("tmux set-buffer: %v\n%s", err, out)
	}
	if out, err := p.tmux("paste-buffer", "-p", "-d", "-b", "key", "-t", p.name); err != nil {
		t.Fatalf("tmux paste-buffer: %v\n%s", err, out)
	}
	// The field shows the key's last characters once the paste is in.
	p.waitFor(x.recipient[len(x.recipient)-40:len(x.recipient)-20], 10*time.Second)
	p.keys("Enter")
	// The carer reads out what keygen showed them; the patient types it.
	// Misheard, it is refused and nothing is added.
	scr := p.waitFor("Check that this key is Sam Carer's", 10*time.Second)
	if strings.Contains(scr, x.fingerprint) {
		t.Fatalf("the fingerprint is shown while it is asked for:\n%s", scr)
	}
	p.text(wrongGroup(x.fingerprint, 2))
	p.keys("Enter")
	p.waitFor("third group differs", 5*time.Second)
	p.keys("C-u")
	p.text(strings.ToLower(x.fingerprint))
	p.keys("Enter")
	p.waitFor("the fingerprint they read matches", 10*time.Second)
	p.waitFor("Sam Carer (partner)", 10*time.Second)
}

// share runs the share wizard from the carers screen: Sam, three of the
// four categories, the attached file too, the sensitive entry left out at
// the warning. It returns the file written.
func (x *exchange) share(p *tmuxSession) string {
	t := p.t
	t.Helper()
	p.keys("n")
	p.waitFor("┃ Who is it for?", 10*time.Second)
	p.keys("Enter") // Sam, the first choice
	p.waitFor("┃ What to share", 5*time.Second)
	// Conditions stay; Medications, Allergies and Documents are ticked.
	for _, cat := range []string{"Medications", "Allergies", "Documents"} {
		p.keys("Down")
		p.waitFor("> [ ] "+cat, 5*time.Second)
		p.keys("Space")
		p.waitFor("> [•] "+cat, 5*time.Second)
	}
	p.keys("Enter")
	p.waitFor("┃ Only some of them?", 5*time.Second)
	p.keys("Enter") // none ticked: the whole categories
	p.waitFor("┃ Send the attached files too?", 5*time.Second)
	p.keys("y")
	p.waitFor("┃ From", 5*time.Second)
	for _, field := range []string{"Until", "Readable for", "Save the file as"} {
		p.keys("Enter")
		p.waitFor("┃ "+field, 5*time.Second)
	}
	p.keys("Enter")
	warn := p.waitFor("Leave them out", 20*time.Second)
	if !strings.Contains(warn, "Sertraline") {
		t.Fatalf("the warning does not name the sensitive entry:\n%s", warn)
	}
	time.Sleep(confirm.Grace + 100*time.Millisecond)
	p.keys("Enter") // the focused choice: leave it out
	review := p.waitFor("will be able to read", 20*time.Second)
	for _, want := range []string{"Sam Carer (partner)", "3 entries", "No sensitive entries are included", "1 attached file", x.fingerprint} {
		if !strings.Contains(review, want) {
			t.Fatalf("the review does not say %q:\n%s", want, review)
		}
	}
	time.Sleep(confirm.Grace + 100*time.Millisecond)
	p.keys("Right")
	p.keys("Enter")
	p.waitFor("Shared.", 20*time.Second)
	files, _ := filepath.Glob(filepath.Join(x.patient, "phr-share-*.age"))
	if len(files) != 1 {
		t.Fatalf("the share wrote %v in the patient's home", files)
	}
	return files[0]
}

// nothingReadable fails when a file in the carer's home holds text, which
// would be a readable copy of what was shared.
func (x *exchange) nothingReadable(t *testing.T, text string, except ...string) {
	t.Helper()
	filepath.WalkDir(x.carer, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		for _, e := range except {
			if p == e {
				return nil
			}
		}
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), text) {
			t.Errorf("%s holds %q in clear", p, text)
		}
		return nil
	})
}
